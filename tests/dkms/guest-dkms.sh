# The guest half of the dkms test (busybox sh, sourced by /init): the module
# is the one DKMS built and signed for this kernel on the host.  Load it,
# record soe_basic's calls, and check that once module signatures are
# enforced (as Secure Boot does) the kernel refuses it: DKMS's key is not
# enrolled in this VM.
# shellcheck shell=sh
. /guest-lib.sh

tap_note "nproc $(nproc)"
tap_note "kernel $(uname -r)"

tap_check insmod insmod /sockopt_events.ko
tap_note "$(dmesg | grep -m 1 'module verification failed')"

cat /dev/sockopt_events >/tmp/cap.bin &
catpid=$!
tap_check workload-soe-basic sh -c 'soe_basic >/tmp/expect.jsonl'
wait_quiet /tmp/cap.bin
kill "$catpid"
tap_check reader-json sh -c 'sockopt-reader --format json /tmp/cap.bin >/tmp/events.jsonl'
emit expect /tmp/expect.jsonl
emit events /tmp/events.jsonl
tap_check rmmod rmmod sockopt_events

# sig_enforce can be turned on at run time, never off.  The host says
# (soe_module_sig=0 on the kernel's command line) when the kernel does not
# check signatures at all (no CONFIG_MODULE_SIG): DKMS signs nothing there.
enforce=/sys/module/module/parameters/sig_enforce
if [ "${soe_module_sig:-1}" = 0 ]; then
	tap_skip refused-when-signatures-enforced "the kernel has no CONFIG_MODULE_SIG"
elif [ -w "$enforce" ] && echo 1 >"$enforce" 2>/dev/null; then
	tap_check refused-when-signatures-enforced sh -c '! insmod /sockopt_events.ko 2>/tmp/insmod.err'
	tap_note "with sig_enforce: $(cat /tmp/insmod.err)"
	tap_note "with sig_enforce: $(dmesg | grep -m 1 'Loading of')"
	tap_check refusal-is-key-rejected grep -q 'Key was rejected by service' /tmp/insmod.err
	tap_check dmesg-says-unavailable-key sh -c \
		'dmesg | grep -q "Loading of module with unavailable key is rejected"'
else
	tap_skip refused-when-signatures-enforced "no writable $enforce"
fi

dmesg >/tmp/dmesg.txt
emit dmesg /tmp/dmesg.txt
