# The guest half of "make run" (busybox sh, sourced by /init): load the
# module, stream decoded events to the console while a small workload makes
# setsockopt calls, then unload.  tools/run.sh reads the lines that start
# with "sockopt_events" to tell how the demo ended.
# shellcheck shell=sh
rounds=${soe_rounds:-10}
if ! insmod /sockopt_events.ko; then
	echo "sockopt_events: insmod failed:"
	dmesg | tail -n 5
	return 0
fi
echo "sockopt_events loaded in a VM running $(uname -r); decoded events follow"
sockopt-reader ${soe_format:+--format $soe_format} &
reader=$!
i=0
while [ "$i" -lt "$rounds" ]; do
	soe_basic >/dev/null
	sleep 1
	i=$((i + 1))
done
sleep 1
kill "$reader"
wait "$reader" 2>/dev/null
rmmod sockopt_events
echo "sockopt_events unloaded; VM stopping"
