# The guest half of the VM suite (busybox sh, sourced by /init).
# shellcheck shell=sh
. /guest-lib.sh

echo "@@info nproc $(nproc)" >&3
echo "@@info kernel $(uname -r)" >&3

check insmod insmod /sockopt_events.ko
check device-node-0600 sh -c '[ "$(stat -c %a /dev/sockopt_events)" = 600 ]'

# Capture with cat while the workload runs, as a user would.
cat /dev/sockopt_events >/tmp/cap.bin &
catpid=$!
check workload-soe-basic sh -c 'soe_basic >/tmp/expect.jsonl'
wait_quiet /tmp/cap.bin
kill "$catpid"
check reader-json sh -c 'sockopt-reader --format json /tmp/cap.bin >/tmp/events.jsonl'
check reader-text sh -c 'sockopt-reader /tmp/cap.bin >/tmp/events.txt'
emit expect /tmp/expect.jsonl
emit events /tmp/events.jsonl
emit events-text /tmp/events.txt

# The device's read() contract, one result per check.
soe_devtest >/tmp/devtest.out 2>&1
while read -r status rest; do
	case "$status" in
	ok) result ok "device-${rest#- }" ;;
	not) result fail "device-${rest#ok - }" ;;
	esac
done </tmp/devtest.out

check rmmod rmmod sockopt_events

# A symbol that cannot be probed: insmod fails and dmesg says why.
check insmod-bad-symbol-fails sh -c '! insmod /sockopt_events.ko symbol=soe_no_such_function'
check insmod-bad-symbol-dmesg sh -c 'dmesg | grep -q "cannot probe soe_no_such_function: no such symbol"'
check insmod-bad-buffer-records-fails sh -c '! insmod /sockopt_events.ko buffer_records=1000'
check insmod-bad-buffer-records-dmesg sh -c 'dmesg | grep -q "buffer_records=1000: must be a power of two"'

dmesg >/tmp/dmesg.txt
emit dmesg /tmp/dmesg.txt
