# The guest half of the VM suite on a kernel built without
# CONFIG_SECURITY_NETWORK (busybox sh, sourced by /init): there the LSM hook
# is a static inline, the symbol does not exist, and insmod must fail with a
# message that names the missing option.
# shellcheck shell=sh
. /guest-lib.sh

tap_note "nproc $(nproc)"
tap_note "kernel $(uname -r)"

tap_check nosecnet-insmod-fails sh -c '! insmod /sockopt_events.ko'
tap_check nosecnet-dmesg-names-option sh -c 'dmesg | grep -F "cannot probe security_socket_setsockopt: no such symbol (does this kernel have CONFIG_SECURITY_NETWORK=y?)"'
tap_check nosecnet-module-not-loaded sh -c '! grep "^sockopt_events " /proc/modules'
tap_check nosecnet-no-device sh -c '[ ! -e /dev/sockopt_events ]'

# The load fails at the probe: a process opening the device all along never
# gets a file, which would outlive the freed module.
tap_run open-during-failing-load- soe_loadrace open-during-failing-load \
	/sockopt_events.ko 50

dmesg >/tmp/dmesg.txt
emit dmesg /tmp/dmesg.txt
