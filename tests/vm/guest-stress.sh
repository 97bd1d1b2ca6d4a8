# Stress, races and bad input (busybox sh, sourced by the guest script with
# the module unloaded).  Cases are spaced by a second: DEBUG_ATOMIC_SLEEP
# reports at most once a second, and a report must not hide another.
# shellcheck shell=sh
ms=${soe_stress_ms:-2000}
rounds=${soe_rounds:-100}
P=/sys/module/sockopt_events/parameters

tap_check stress-insmod insmod /sockopt_events.ko
tap_run storm-0-readers- soe_storm storm "$ms" 2 0
sleep 1
tap_run storm-1-reader- soe_storm storm "$ms" 2 1
sleep 1
tap_run storm-4-readers-filter-flips- soe_storm storm "$ms" 2 4 flip
sleep 1
tap_run storm-4-readers-2-mapped- soe_storm storm "$ms" 2 4 mmap
sleep 1
tap_run teardown- soe_storm teardown "$ms"
sleep 1
tap_run bad-input- soe_storm badinput
tap_run bad-input-32- soe_storm_32 badinput
sleep 1

# Garbage into every writable parameter: refused, and the filters stay off.
# The random bytes follow an "x", so that they are never a valid list (a
# digit and a NUL would be one: the parameter ends at the first NUL).
for f in "$P"/*; do
	[ -w "$f" ] || continue
	{ printf x; head -c 200 /dev/urandom; } >"$f" 2>/dev/null
	printf '1,2,3,4,5,6,7,8,9,10' >"$f" 2>/dev/null
	printf '99999999999999999999' >"$f" 2>/dev/null
done
tap_check sysfs-garbage-refused sh -c "for f in $P/filter_*; do [ -z \"\$(cat \$f)\" ] || exit 1; done"

# A CPU taken offline and back during a storm loses no reader and no count.
if [ -w /sys/devices/system/cpu/cpu1/online ]; then
	(sleep 0.5 && echo 0 >/sys/devices/system/cpu/cpu1/online &&
		sleep 0.5 && echo 1 >/sys/devices/system/cpu/cpu1/online) &
	plug=$!
	tap_run hotplug- soe_storm storm "$ms" 1 2
	wait "$plug"
	tap_check hotplug-cpu1-back-online sh -c '[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ]'
else
	tap_skip hotplug "no CPU hotplug in this kernel (CONFIG_HOTPLUG_CPU)"
fi
tap_check stress-rmmod rmmod sockopt_events
sleep 1

# A CPU taken offline while it writes, and left offline: the readers still
# get every record, and the module unloads without waiting for the CPU.  A
# hang fails the case instead of the VM: rmmod runs in the background, and
# the CPU comes back after the timeout whatever happened.  On PREEMPT_RT a
# wake-up queued by an irq_work could stay on the dead CPU (ring.c); since
# 5.11 the scheduler moves the writer off the CPU before its threads park,
# so the RT kernels here rarely reach that window and pass either way: the
# case guards the timer that replaced those irq_works there.
rmmod_within() {
	rmmod sockopt_events &
	rm=$!
	i=0
	while kill -0 "$rm" 2>/dev/null && [ "$i" -lt "$1" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$rm" 2>/dev/null; then
		tap_fail offline-rmmod "rmmod still running after $(($1 / 10)) s with cpu1 offline"
		return
	fi
	wait "$rm" && tap_ok offline-rmmod || tap_fail offline-rmmod "rmmod failed"
}
if [ -w /sys/devices/system/cpu/cpu1/online ]; then
	tap_check offline-insmod insmod /sockopt_events.ko
	tap_run offline- soe_offline 1
	rmmod_within 300
	echo 1 >/sys/devices/system/cpu/cpu1/online
	wait "$rm" 2>/dev/null
	tap_check offline-cpu1-back-online sh -c '[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ]'
	tap_check offline-module-gone sh -c '! grep -q "^sockopt_events " /proc/modules'
else
	tap_skip offline "no CPU hotplug in this kernel (CONFIG_HOTPLUG_CPU)"
fi
sleep 1

# The ring overflowing all the time: a tiny ring, two readers, one slow.
tap_check overflow-insmod insmod /sockopt_events.ko buffer_records=64
tap_run overflow- soe_storm storm "$ms" 2 2
tap_check overflow-rmmod rmmod sockopt_events
sleep 1

# One read() of a whole ring of 65536 records (16 MiB) returns it all, and
# lets other tasks on its CPU run between its batches.
tap_check bigread-insmod insmod /sockopt_events.ko buffer_records=65536
tap_run bigread- soe_bigread
tap_check bigread-rmmod rmmod sockopt_events
sleep 1

# The device appears only once the probe is in, and never during a load
# that fails: an opener racing the loads sees its own call recorded, and one
# racing failing loads never gets a file (it would outlive the module).
tap_run open-during-load- soe_loadrace open-during-load /sockopt_events.ko 30
sleep 1
# Here only the parameter check can be made to fail, before anything is set
# up; guest-nosecnet.sh has the probe fail, the step before the device.
tap_run open-during-failing-load- soe_loadrace open-during-failing-load \
	/sockopt_events.ko 30 buffer_records=1000
sleep 1

# Filters written all along while the module comes and goes: a write
# during unload must neither free the filter twice (KASAN) nor leave one
# behind (the kmemleak scan at the end).
tap_run params-during-unload- soe_loadrace params-during-unload /sockopt_events.ko 20
sleep 1

# Load and unload: each round loads, storms briefly with a reader, kills a
# second reader in the middle of a read, and unloads once it is closed.
load_unload() {
	i=0
	while [ "$i" -lt "$rounds" ]; do
		insmod /sockopt_events.ko buffer_records=256 || return 1
		cat /dev/sockopt_events >/dev/null &
		victim=$!
		soe_storm storm 30 1 1 >/tmp/round.out 2>&1 || {
			echo "round $i:"
			grep -v '^ok' /tmp/round.out
			return 1
		}
		kill -9 "$victim"
		wait "$victim" 2>/dev/null
		rmmod sockopt_events || return 1
		i=$((i + 1))
	done
	echo "$rounds rounds"
}
tap_check "load-unload-$rounds-rounds" load_unload
