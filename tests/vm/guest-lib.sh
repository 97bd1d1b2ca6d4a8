# Helpers for the guest tests (busybox sh).  Every result line goes to fd 3,
# the results serial port:
#   @@result ok|fail|skip NAME [reason]
#   @@begin NAME ... @@end NAME   a file for the host to check
result() {
	echo "@@result $1 $2${3:+ $3}" >&3
}

check() {
	name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		result ok "$name"
	else
		result fail "$name" "$(head -c 300 /tmp/check.out | tr '\n' ' ')"
	fi
}

emit() {
	echo "@@begin $1" >&3
	cat "$2" >&3
	echo "@@end $1" >&3
}

# Wait until a growing file stops growing (a capture has drained).
wait_quiet() {
	last=-1
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		size=$(wc -c <"$1")
		[ "$size" = "$last" ] && return 0
		last=$size
		sleep 0.5
	done
}

# Run a program that prints "ok - NAME" / "not ok - NAME: why" / "# note"
# lines (and "ok - NAME # SKIP why") and turn them into results named
# PREFIX-NAME.  A program that fails
# without saying which check failed is a failure too.
#   prog_results PREFIX COMMAND [ARG...]
prog_results() {
	prefix=$1
	shift
	"$@" >/tmp/prog.out 2>&1
	rc=$?
	failed=
	while IFS= read -r line; do
		case "$line" in
		"ok - "*" # SKIP "*)
			rest=${line#ok - }
			result skip "$prefix-${rest%% # SKIP *}" "${rest#* # SKIP }"
			;;
		"ok - "*) result ok "$prefix-${line#ok - }" ;;
		"not ok - "*)
			rest=${line#not ok - }
			result fail "$prefix-${rest%%:*}" "${rest#*: }"
			failed=1
			;;
		"# "*) echo "@@info $prefix: ${line#\# }" >&3 ;;
		esac
	done </tmp/prog.out
	if [ "$rc" != 0 ] && [ -z "$failed" ]; then
		result fail "$prefix-$1-exit-status" "status $rc: $(tail -c 300 /tmp/prog.out | tr '\n' ' ')"
	fi
}

# A counter of the loaded module.
counter() {
	cat "/sys/class/misc/sockopt_events/counters/$1"
}
