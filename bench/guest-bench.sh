# The guest half of `make bench` (busybox sh, sourced by tests/vm/init as
# /guest.sh).  Measures one setsockopt() call under each case, round after
# round, each round in a rotated order so that a slow spell of the (shared)
# host is spread over the cases instead of landing on one; then, with two
# CPUs, the highest rate one reader keeps up with.
#
# From the kernel command line (the host's bench/run.sh sets them):
#   soe_bench_calls     timed calls per worker per measurement; the cases
#                       with readers, which cost ten to a hundred times more
#                       per call, make a quarter of them
#   soe_bench_rounds    rounds
#   soe_bench_rate_ms   length of one rate step, in ms (0: no rate test)
#   soe_bench_cases     the cases to measure, comma-separated (default: all)
#   soe_bench_steps     the steps of the handler's record_call(): cases s0 to
#                       sN load /progs/steps/sN/sockopt_events.ko, the module
#                       built to stop after step N (s0: only the copy into
#                       the ring)
#   (cases cB, d1B, d1mB: (c), (d1), (d1m) with /progs/base/sockopt_events.ko,
#   the module of SOE_BENCH_BASE, when bench/run.sh built one)
#   soe_off_sk, soe_off_family
#                       offsetof(struct socket, sk), offsetof(struct sock,
#                       sk_family) for the ftrace cases
#
# Lines on the results port (fd 3), for bench/report.py:
#   @@bench KEY VALUE...
#   @@m CASE ROUND ns=MEAN w=NS0,NS1     one measurement
#   @@info CASE ROUND TEXT               what the case recorded meanwhile
#   @@sample CASE TEXT                   one record of that case, as text
#   @@rate TRY rate=R mapped=0/1 achieved=A written=W delivered=D lost=L gaps=G
# shellcheck shell=sh
calls=${soe_bench_calls:-200000}
rounds=${soe_bench_rounds:-5}
rate_ms=${soe_bench_rate_ms:-2000}
steps=${soe_bench_steps:-0}
ncpu=$(nproc)
KO=/sockopt_events.ko
EMPTY=/progs/soe_empty_kprobe.ko
DEV=/dev/sockopt_events
C=/sys/class/misc/sockopt_events/counters
T=/sys/kernel/tracing
EVENT=soe_bench/setsockopt
# The same fields sockopt_events has, as far as kprobe_events can fetch
# them: the task's comm, level, optname, and the socket's family through
# sock->sk->sk_family.
FETCH="comm=\$comm level=\$arg2:s32 optname=\$arg3:s32 family=+${soe_off_family:?}(+${soe_off_sk:?}(\$arg1)):u16"
# a b c d e f as in bench/README.md; f0: f without a reader.
# g0, g: the eBPF anchor (bench/ebpf) with its BPF ring buffer, without and
# with a reader; gb: g with the reader woken in batches; g0p, gp: g0 and g
# with a perf buffer.  s0 ... sN: (c) with the handler cut short after each
# step.  aF, cF: (a) and (c) with SO_ATTACH_FILTER calls (soe_bench loop
# ... filter): what the socket filter record costs.
CASES="a b c d1 d4 d1m d4m e f f0 g0 g gb g0p gp aF cF"
i=0
while [ "$i" -le "$steps" ]; do
	CASES="$CASES s$i"
	i=$((i + 1))
done
[ -e /progs/base/sockopt_events.ko ] && CASES="$CASES cB d1B d1mB"
[ -n "${soe_bench_cases:-}" ] && CASES=$(echo "$soe_bench_cases" | tr , ' ')

out() {
	echo "$*" >&3
}

mount -t tracefs nodev "$T" 2>/dev/null

out "@@bench kernel $(uname -r)"
out "@@bench cmdline $(cat /proc/cmdline)"
out "@@bench cpu $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
out "@@bench mitigations $(cd /sys/devices/system/cpu/vulnerabilities && grep . ./* | sed 's|^\./||' | tr '\n' ';')"
out "@@bench cpus $ncpu"
out "@@bench calls $calls"
out "@@bench rounds $rounds"
out "@@bench kprobe_event p:$EVENT security_socket_setsockopt $FETCH"
out "@@bench trace_buffer_kb $(cat "$T/buffer_size_kb")"
clocksource() {
	cat /sys/devices/system/clocksource/clocksource0/current_clocksource
}
# The kernel replaces tsc-early with tsc once it has calibrated the TSC,
# seconds after boot: measure after that.
i=0
while [ "$(clocksource)" = tsc-early ] && [ "$i" -lt 30 ]; do
	sleep 0.5
	i=$((i + 1))
done
out "@@bench clocksource_start $(clocksource)"

readers=
start_readers() {
	i=0
	while [ "$i" -lt "$1" ]; do
		soe_bench drain "$2" >"/tmp/drain.$i" 2>&1 &
		readers="$readers $!"
		i=$((i + 1))
	done
	sleep 0.2
}

# The eBPF anchor: load and attach it (bench/ebpf/soe_ebpf.c; the verifier
# takes a few seconds under TCG), reading its buffer or not.  It is stopped,
# and says what it wrote and read, like a reader.
start_ebpf() {
	soe_ebpf "$@" >/tmp/drain.0 2>&1 &
	readers=$!
	i=0
	until grep -q '^attached' /tmp/drain.0; do
		if [ "$i" -ge 600 ] || ! kill -0 "$readers" 2>/dev/null; then
			cat /tmp/drain.0
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.2
}

# Stop the readers and print what each one read, on one line.
stop_readers() {
	[ -n "$readers" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $readers
	# shellcheck disable=SC2086
	wait $readers
	readers=
	for f in /tmp/drain.*; do
		printf '[%s] ' "$(cat "$f")"
		rm -f "$f"
	done
}

kprobe_event_on() {
	echo "p:$EVENT security_socket_setsockopt $FETCH" >>"$T/kprobe_events" &&
		echo 1 >"$T/events/$EVENT/enable"
}

kprobe_event_off() {
	echo 0 >"$T/events/$EVENT/enable"
	echo "-:$EVENT" >>"$T/kprobe_events"
	echo >"$T/trace"
}

soe_counters() {
	for k in written filtered overwritten missed; do
		printf '%s=%s ' "$k" "$(cat "$C/$k")"
	done
}

# Each entries/overrun total over the CPUs' trace buffers.
trace_counters() {
	cat "$T"/per_cpu/cpu*/stats |
		awk '/^entries:/ { e += $2 } /^overrun:/ { o += $2 }
		     END { printf "entries=%d overrun=%d", e, o }'
}

setup() {
	case $1 in
	a | aF) ;;
	b) insmod "$EMPTY" ;;
	c | cF) insmod "$KO" ;;
	d1) insmod "$KO" && start_readers 1 "$DEV" ;;
	d4) insmod "$KO" && start_readers 4 "$DEV" ;;
	d1m) insmod "$KO" && start_readers 1 mmap ;;
	d4m) insmod "$KO" && start_readers 4 mmap ;;
	e) insmod "$KO" filter_uid=4242 ;;
	f) kprobe_event_on && start_readers 1 "$T/trace_pipe" ;;
	f0) kprobe_event_on ;;
	g0) start_ebpf ring ;;
	g) start_ebpf ring read /tmp/ebpf.sample ;;
	gb) start_ebpf batch read ;;
	g0p) start_ebpf perf ;;
	gp) start_ebpf perf read ;;
	s[0-9]*) insmod "/progs/steps/$1/sockopt_events.ko" ;;
	cB) insmod /progs/base/sockopt_events.ko ;;
	d1B) insmod /progs/base/sockopt_events.ko && start_readers 1 "$DEV" ;;
	d1mB) insmod /progs/base/sockopt_events.ko && start_readers 1 mmap ;;
	esac
}

# Undo setup, and print what the case recorded meanwhile.
teardown() {
	case $1 in
	a | aF) echo "nothing loaded" ;;
	b) rmmod soe_empty_kprobe && echo "empty kprobe" ;;
	c | cF | d1 | d4 | d1m | d4m | e | s[0-9]* | cB | d1B | d1mB)
		soe_counters
		stop_readers
		rmmod sockopt_events
		;;
	f | f0)
		stop_readers
		if [ "$2" = 1 ] && [ "$1" = f0 ]; then
			out "@@sample f0 $(grep -v '^#' "$T/trace" | head -n 1)"
			out "@@sample f0_format $(grep 'field:' "$T/events/$EVENT/format" |
				tr -s '\t ' ' ' | tr '\n' ';')"
		fi
		trace_counters
		kprobe_event_off
		;;
	g0 | g | gb | g0p | gp)
		# The calls the loop made: each worker's untimed tenth, then its
		# timed ones.
		echo "calls=$((ncpu * (n + n / 10)))"
		stop_readers
		if [ "$1" = g ] && [ -s /tmp/ebpf.sample ]; then
			out "@@sample g $(cat /tmp/ebpf.sample)"
		fi
		rm -f /tmp/ebpf.sample
		;;
	esac
}

# Print $2 rotated left by $1 places.
rotate() {
	n=$1
	shift
	# shellcheck disable=SC2068
	set -- $@
	while [ "$n" -gt 0 ]; do
		first=$1
		shift
		set -- "$@" "$first"
		n=$((n - 1))
	done
	echo "$@"
}

# The first loop of a boot is slower (page faults, cold caches): not counted.
soe_bench loop "$((calls / 4))" "$ncpu" >/dev/null

ncases=$(echo "$CASES" | wc -w)
round=1
while [ "$round" -le "$rounds" ]; do
	for c in $(rotate "$(((round - 1) % ncases))" "$CASES"); do
		if ! setup "$c" >/tmp/setup.out 2>&1; then
			out "@@info $c $round setup failed: $(cat /tmp/setup.out)"
			teardown "$c" "$round" >/dev/null 2>&1
			continue
		fi
		n=$calls
		case $c in
		d* | f | g | gb | gp) n=$((calls / 4)) ;;
		esac
		kind=
		case $c in
		*F) kind=filter ;;
		esac
		m=$(soe_bench loop "$n" "$ncpu" $kind 2>&1)
		out "@@m $c $round $m"
		# Not in $(...): the readers are children of this shell.
		teardown "$c" "$round" >/tmp/teardown.out 2>&1
		out "@@info $c $round $(tr '\n' ' ' </tmp/teardown.out)"
	done
	round=$((round + 1))
done

# The rate one reader on CPU 1 keeps up with, the generator on CPU 0: first
# flat out, then at rising rates, three tries each, until two rates in a row
# lose records in every try.  $1: "" for a reader of the device, "mmap" for
# one of the mapped ring.
rate_series() {
	flat=0
	for try in 1 2 3; do
		r=$(soe_bench rate 0 "$rate_ms" $1 2>&1)
		out "@@rate $try $r"
		a=$(echo "$r" | sed -n 's/.* achieved=\([0-9]*\) .*/\1/p')
		[ "${a:-0}" -gt "$flat" ] && flat=$a
	done
	bad=0
	for rate in 10000 20000 50000 100000 150000 200000 300000 500000 1000000; do
		# Past what the generator can do flat out, a rate means nothing.
		[ "$rate" -lt "$flat" ] || break
		lossy=0
		for try in 1 2 3; do
			r=$(soe_bench rate "$rate" "$rate_ms" $1 2>&1)
			out "@@rate $try $r"
			case $r in
			*" lost=0 "*) ;;
			*) lossy=$((lossy + 1)) ;;
			esac
		done
		if [ "$lossy" = 3 ]; then
			bad=$((bad + 1))
			[ "$bad" = 2 ] && break
		else
			bad=0
		fi
	done
}

if [ "$ncpu" -ge 2 ] && [ "$rate_ms" -gt 0 ] && insmod "$KO"; then
	rate_series ""
	rate_series mmap
	rmmod sockopt_events
fi
out "@@bench clocksource_end $(clocksource)"
dmesg | grep -iE 'sockopt|soe_|kprobe|clocksource|tsc' | while IFS= read -r line; do
	out "@@dmesg $line"
done
out "@@bench done"
