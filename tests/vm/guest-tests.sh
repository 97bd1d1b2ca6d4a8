# The guest half of the VM suite (busybox sh, sourced by /init).
# shellcheck shell=sh
. /guest-lib.sh

tap_note "nproc $(nproc)"
tap_note "kernel $(uname -r)"

tap_check insmod insmod /sockopt_events.ko
# The load message says when the kernel is PREEMPT_RT (CONFIG_PREEMPT_RT, or
# CONFIG_PREEMPT_RT_FULL before 5.4): netlink local addresses are not read.
tap_check load-message-names-rt sh -c 'msg=$(dmesg | grep "sockopt_events: probing ") && echo "$msg" &&
	if uname -v | grep -q PREEMPT_RT; then echo "$msg" | grep -q "; PREEMPT_RT: "
	else ! echo "$msg" | grep -q PREEMPT_RT; fi'
tap_check device-node-0600 sh -c '[ "$(stat -c %a /dev/sockopt_events)" = 600 ]'

# Capture with cat while the workload runs, as a user would.
cat /dev/sockopt_events >/tmp/cap.bin &
catpid=$!
tap_check workload-soe-basic sh -c 'soe_basic >/tmp/expect.jsonl'
tap_check workload-soe-record sh -c 'soe_record >>/tmp/expect.jsonl'
tap_check workload-soe-compat-32 sh -c 'soe_compat_32 >>/tmp/expect.jsonl'
# x32 needs CONFIG_X86_X32_ABI, and on Debian's kernels syscall.x32=y (the
# host passes it): without them the kernel runs no x32 program.
if soe_x32 probe 2>/dev/null; then
	tap_check workload-soe-x32 sh -c 'soe_x32 >>/tmp/expect.jsonl'
else
	tap_skip workload-soe-x32 "this kernel runs no x32 program (no CONFIG_X86_X32_ABI, or x32 disabled: syscall.x32=n)"
fi
tap_check workload-soe-uring sh -c 'soe_uring >/tmp/uring.out'
grep '^{' /tmp/uring.out >>/tmp/expect.jsonl
# Its skips (io_uring reaches the hook from 6.7), as it printed them.
grep '^ok - .* # SKIP ' /tmp/uring.out >&3
wait_quiet /tmp/cap.bin
kill "$catpid"
tap_check reader-json sh -c 'sockopt-reader --format json /tmp/cap.bin >/tmp/events.jsonl'
tap_check reader-text sh -c 'sockopt-reader /tmp/cap.bin >/tmp/events.txt'
# The mapped ring still holds every record of the capture, from the first.
tap_check reader-mmap-same-as-read sh -c 'n=$(grep -c "\"processId\"" /tmp/events.jsonl) &&
	sockopt-reader --mmap --format json --count "$n" >/tmp/events-mmap.jsonl &&
	cmp /tmp/events.jsonl /tmp/events-mmap.jsonl'
emit expect /tmp/expect.jsonl
emit events /tmp/events.jsonl
emit events-text /tmp/events.txt

# The device: read, seek, poll, ioctl, access; several readers.
tap_run device- soe_devtest
tap_run readers- soe_readers same 200
tap_run mmap- soe_mmap device
tap_run mmap-32- soe_mmap_32 device
# Key material and pointers stay out of the records and the reader's output.
tap_run secrets- soe_secrets
# Unix names and task names that look alike print differently, in text and
# JSON, and the JSON gives back their exact bytes (issue #15).
tap_run exact- soe_exact
# The caller's capabilities: root, root without the network ones, and root
# of a user namespace on sockets of its own and of the initial network
# namespace; each against what SO_MARK's own check decided.
tap_run caps- soe_caps
# An LSM's refusal in the call's result record (issue #16): a BPF LSM
# program refuses one option to the test; skipped without BTF or BPF LSM.
tap_run lsm- soe_lsm
# Each call's result record: the verdict and the return value, paired with
# its event, also for a call that sleeps (on a modprobe the kernel waits
# for), moves to another CPU or is killed, and for a 32-bit task's
# setsockopt and socketcall.
tap_run result- soe_result
# soe_result_32 unloads the module and loads it again during a call: the
# tests below want it as it was, loaded with its defaults, whatever happened.
loaded=$([ -d /sys/module/sockopt_events ] && echo yes)
tap_run result-32- soe_result_32 /sockopt_events.ko
[ -z "$loaded" ] || tap_check result-32-module-loaded-after sh -c '[ -d /sys/module/sockopt_events ] ||
	{ insmod /sockopt_events.ko; echo "soe_result_32 left the module unloaded"; false; }'
# Socket filters' programs in the record and the reader (issue #16), from a
# 64-bit task and a 32-bit one (the compat struct sock_fprog).
tap_run bpf- soe_bpf
tap_run bpf-32- soe_bpf_32
# IPv6 addresses changed by connect() and bind() during the calls are
# recorded whole.
tap_run v6race- soe_v6race

# The packaged service keeps only the capabilities of its unit's
# CapabilityBoundingSet= (soe_service_caps, from tests/vm/run.sh): with them
# the reader opens the device on every kernel (CAP_PERFMON is 5.8's), and
# once it has, it holds no capability at all.
service_reader() {
	soe_capexec "$soe_service_caps" /bin/sockopt-reader --format json \
		>/tmp/svc.out 2>/tmp/svc.err &
	pid=$! i=0 eff= prm=
	while [ $i -lt 100 ]; do
		eff=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/$pid/status 2>/dev/null)
		prm=$(sed -n 's/^CapPrm:[[:space:]]*//p' /proc/$pid/status 2>/dev/null)
		[ -z "$eff" ] || [ "$eff$prm" = 00000000000000000000000000000000 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	soe_basic >/dev/null
	sleep 1
	kill "$pid" 2>/dev/null
	wait "$pid"
	n=$(grep -c '"processName":"soe_basic"' /tmp/svc.out)
	echo "caps $soe_service_caps: CapEff ${eff:-gone} CapPrm ${prm:-gone}; $n soe_basic lines; $(head -c 300 /tmp/svc.err)"
	[ "$eff$prm" = 00000000000000000000000000000000 ] && [ "$n" -ge 12 ]
}
tap_check service-caps-read-and-are-dropped service_reader

# Counters and parameters.  The reader knows the counters from the uapi
# header's list: sysfs has a file for each of them and no other.
tap_check counters-in-sysfs sh -c 'cd /sys/class/misc/sockopt_events/counters &&
	sockopt-reader --stats >/tmp/stats && cat /tmp/stats &&
	[ "$(cut -d" " -f1 /tmp/stats | sort)" = "$(ls | sort)" ] &&
	for c in *; do v=$(cat "$c") && [ "$v" -ge 0 ] || exit 1; done'
tap_check modinfo-describes-parameters sh -c 'modinfo /sockopt_events.ko >/tmp/modinfo &&
	for p in buffer_records filter_level filter_optname filter_uid; do
		grep -q "parm:.*$p:" /tmp/modinfo || exit 1; done'

# Filters: checked values, applied before the record is written.
P=/sys/module/sockopt_events/parameters
tap_check filter-level-set sh -c "echo 6 >$P/filter_level && [ \"\$(cat $P/filter_level)\" = 6 ]"
tap_check filter-bad-value-refused sh -c "! echo 1,x >$P/filter_level 2>/dev/null"
tap_check filter-bad-value-keeps-old sh -c "[ \"\$(cat $P/filter_level)\" = 6 ]"
tap_check filter-too-many-values-refused sh -c "! echo 1,2,3,4,5,6,7,8,9 >$P/filter_optname 2>/dev/null"
tap_check filter-negative-uid-refused sh -c "! echo -1 >$P/filter_uid 2>/dev/null"
tap_check filter-garbage-refused sh -c "! printf '\\001\\377zz' >$P/filter_uid 2>/dev/null"
tap_check filter-refusal-says-why-in-dmesg sh -c "dmesg | grep -q 'filter_uid: value refused: want up to 8 comma-separated numbers from 0 to 4294967294'"
# The longest list there is, written with echo's newline, fits.
M=-2147483648
tap_check filter-longest-list-accepted sh -c "echo $M,$M,$M,$M,$M,$M,$M,$M >$P/filter_optname &&
	[ \"\$(cat $P/filter_optname)\" = $M,$M,$M,$M,$M,$M,$M,$M ]"
echo >$P/filter_optname
# soe_basic makes 12 calls: 1 at IPPROTO_TCP, 3 with optname 2, all as uid 0.
filter_run() {
	w0=$(counter events) f0=$(counter filtered)
	soe_basic >/dev/null || return 1
	w=$(($(counter events) - w0)) f=$(($(counter filtered) - f0))
	echo "events $w filtered $f, want $1 and $2"
	[ "$w" = "$1" ] && [ "$f" = "$2" ]
}
tap_check filter-by-level-applies filter_run 1 11
echo >$P/filter_level
echo 2 >$P/filter_optname
tap_check filter-by-optname-applies filter_run 3 9
echo 1 >$P/filter_level
tap_check filter-by-level-and-optname filter_run 1 11
echo >$P/filter_level
echo >$P/filter_optname
echo 1000,1001 >$P/filter_uid
tap_check filter-by-uid-applies filter_run 0 12
echo >$P/filter_uid
tap_check filter-cleared filter_run 12 0

# The module cannot go while a reader has the device open.
tap_check rmmod-refused-while-open sh -c 'exec 4</dev/sockopt_events; ! rmmod sockopt_events 2>/dev/null'
tap_check rmmod rmmod sockopt_events

# --state: a reader stopped and started again (the packaged service's
# restarts) goes on where it stopped: every record from the first one it
# read to the last one written comes out once, none twice, no loss (each
# call's line, with its result: the result record has no line of its own,
# so every line must hold a return value, and there are as many lines as
# the module wrote events); and
# after a reload of the module, whose seqs start again from 0, nothing is
# skipped.  Each test starts with a fresh module, so the seqs start at 0.
# state_reader OUT ARGS...: a reader with --state /tmp/state, in the
# background ($rpid).
state_reader() {
	out=$1
	shift
	sockopt-reader --format json --state /tmp/state "$@" >"$out" 2>>/tmp/state.err &
	rpid=$!
}
# state_stop: SIGTERM, as systemd stops the service; the reader exits 0.
state_stop() {
	kill "$rpid" && wait "$rpid"
}
# state_lines FILE...: the lines that hold a call with its result.
state_lines() {
	cat "$@" | grep -c '"returnValue":-*[0-9]'
}
# state_wait OUT N: the reader printed N calls with their results (within
# 10 s).
state_wait() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(state_lines "$1")" -ge "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "$(state_lines "$1") calls with their results in $1 ($(wc -l <"$1") lines), want $2"
	return 1
}
# state_seqs FILE...: the seqs of the records printed, in order.
state_seqs() {
	cat "$@" | grep -o '"seq":[0-9]*' | cut -d: -f2 | sort -n
}
# state_all FILE...: every line a call with its result, each once, as many
# as the module wrote events.
state_all() {
	n=$(cat "$@" | wc -l)
	[ "$(state_lines "$@")" = "$n" ] && [ "$n" = "$(counter events)" ] &&
		[ -z "$(state_seqs "$@" | uniq -d)" ]
}
state_resume_run() {
	rm -f /tmp/state /tmp/state.err
	insmod /sockopt_events.ko || return 1
	state_reader /tmp/st1 "$@"
	soe_basic >/dev/null || return 1
	state_wait /tmp/st1 "$(counter events)" || return 1
	# saved within a second of the last record, the reader still running
	sleep 2
	w=$(counter written)
	grep -qx "next_seq $w" /tmp/state || { echo "want next_seq $w: $(cat /tmp/state)"; return 1; }
	state_stop || { echo "first reader: exit status $?"; return 1; }
	soe_basic >/dev/null || return 1	# while no reader runs
	state_reader /tmp/st2 "$@"
	soe_basic >/dev/null || return 1
	last=$(($(counter written) - 1))
	state_wait /tmp/st2 $(($(counter events) - $(wc -l </tmp/st1))) || return 1
	sleep 2
	state_stop || { echo "second reader: exit status $?"; return 1; }
	state_seqs /tmp/st1 /tmp/st2 >/tmp/seqs
	echo "records 0-$last, events $(counter events); printed $(wc -l </tmp/seqs), $(wc -l </tmp/st2) by the second reader; twice: $(uniq -d /tmp/seqs | head -n 5 | tr '\n' ' ')"
	echo "state: $(tr '\n' ' ' </tmp/state); stderr: $(head -c 300 /tmp/state.err)"
	! grep -q '"lost"' /tmp/st1 /tmp/st2 && state_all /tmp/st1 /tmp/st2 &&
		grep -qx "next_seq $((last + 1))" /tmp/state && [ ! -s /tmp/state.err ]
}
# state_test FUNCTION ARGS...: the test, then no reader left and the module
# unloaded, whatever the test's result.
state_test() {
	"$@"
	ret=$?
	kill "$rpid" 2>/dev/null
	wait "$rpid" 2>/dev/null
	rmmod sockopt_events || ret=1
	return $ret
}
tap_check state-restart-no-record-twice-none-missing state_test state_resume_run
tap_check state-restart-no-record-twice-none-missing-mmap state_test state_resume_run --mmap
# The second load writes more records than the first had handled, so a
# reader that trusted the old position would skip some of them.
state_reload_run() {
	rm -f /tmp/state /tmp/state.err
	insmod /sockopt_events.ko || return 1
	state_reader /tmp/st1
	soe_basic >/dev/null || return 1
	state_wait /tmp/st1 "$(counter events)" || return 1
	state_stop || { echo "first reader: exit status $?"; return 1; }
	echo "before the reload: $(tr '\n' ' ' </tmp/state)"
	rmmod sockopt_events && insmod /sockopt_events.ko || return 1
	soe_basic >/dev/null && soe_basic >/dev/null || return 1
	last=$(($(counter written) - 1))
	state_reader /tmp/st2
	state_wait /tmp/st2 "$(counter events)" || return 1
	sleep 2
	state_stop || { echo "second reader: exit status $?"; return 1; }
	state_seqs /tmp/st2 >/tmp/seqs
	echo "after: records 0-$last, events $(counter events), printed $(wc -l </tmp/seqs); $(tr '\n' ' ' </tmp/state); stderr: $(head -c 300 /tmp/state.err)"
	! grep -q '"lost"' /tmp/st2 && state_all /tmp/st2 &&
		grep -q "the module was loaded again" /tmp/state.err &&
		grep -qx "next_seq $((last + 1))" /tmp/state
}
tap_check state-module-reloaded-nothing-skipped state_test state_reload_run

# A small ring and a stalled reader: loss records account for every record.
tap_check insmod-small-ring insmod /sockopt_events.ko buffer_records=16
tap_run loss- soe_readers loss 100
tap_run loss-mmap- soe_mmap loss 100
tap_check loss-counted-as-overwritten sh -c 'cd /sys/class/misc/sockopt_events/counters &&
	w=$(cat written) o=$(cat overwritten) && echo "written $w overwritten $o" &&
	[ "$o" -gt 0 ] && [ "$o" -eq $((w - 16)) ]'
tap_check rmmod-small-ring rmmod sockopt_events

# symbol= is gone: the kernel ignores it, and the probe stays on the hook
# (guest-nosecnet.sh checks a load whose hook cannot be probed).
tap_check symbol-param-ignored insmod /sockopt_events.ko symbol=soe_no_such_function
tap_check symbol-param-ignored-dmesg sh -c 'dmesg | grep -q "sockopt_events: unknown parameter .symbol. ignored"'
tap_check symbol-param-probes-hook sh -c 'dmesg | grep "sockopt_events: probing " | tail -n 1 | grep -q "probing security_socket_setsockopt"'
hook_run() {
	w0=$(counter events)
	soe_basic >/dev/null || return 1
	w=$(($(counter events) - w0))
	echo "events $w, want 12"
	[ "$w" = 12 ]
}
tap_check symbol-param-hook-recorded hook_run
tap_check symbol-param-rmmod rmmod sockopt_events
tap_check insmod-bad-buffer-records-fails sh -c '! insmod /sockopt_events.ko buffer_records=1000'
tap_check insmod-bad-buffer-records-dmesg sh -c 'dmesg | grep -q "buffer_records=1000: must be a power of two"'
tap_check insmod-bad-filter-fails sh -c '! insmod /sockopt_events.ko filter_level=abc'

. /guest-stress.sh

dmesg >/tmp/dmesg.txt
emit dmesg /tmp/dmesg.txt

# kmemleak (debug kernels): what the tests leaked, the module unloaded.  An
# object is reported only once it has been unreferenced for 5 s, hence two
# scans.  The host fails the kernel if this section is not empty.
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak >/tmp/kmemleak.txt
	emit kmemleak /tmp/kmemleak.txt
fi
