# Helpers for the guest tests (busybox sh).  Results are the lines of
# /tap.sh (tests/tap.sh: tap_ok, tap_fail, tap_skip, tap_check, tap_note,
# and tap_run for a test program's own lines), written to fd 3, the results
# serial port.  Beside them the port carries files for the host to check:
#   @@begin NAME ... @@end NAME
# and /init's "@@done" once the guest script ran to its end.
. /tap.sh
TAP_FD=3

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

# A counter of the loaded module.
counter() {
	cat "/sys/class/misc/sockopt_events/counters/$1"
}
