#!/bin/bash
# make run: load sockopt_events on this kernel and stream decoded events, or,
# where this kernel cannot load it (no headers, a container, no module
# support), boot Debian's cloud kernel in QEMU with the module and a small
# demo workload and stream the events from there.
#
#   SOE_FORMAT=json   JSON lines instead of text
#   SOE_ROUNDS=N      rounds of the VM's demo workload (default 10)
#   SOE_VM=1          use the VM even where this kernel could load the module
# Exits 0 once the module ran and was unloaded; non-zero, with the reason,
# when the module could not be built or loaded or the demo did not finish.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
build=$top/build
mkdir -p "$build"
format=${SOE_FORMAT:-text}
case "$format" in
text | json) ;;
*)
	echo "make run: SOE_FORMAT must be text or json, not '$format'" >&2
	exit 2
	;;
esac

# Why the VM is used: set by run_here when it gives up.
why="SOE_VM=1"

run_here() {
	local kdir=/lib/modules/$(uname -r)/build
	if [ ! -d "$kdir" ]; then
		why="no headers for $(uname -r) in $kdir"
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		why="loading a module needs root"
		return 1
	fi
	if ! make -s module reader >"$build/run-build.log" 2>&1; then
		echo "make run: the module does not build for $(uname -r); see $build/run-build.log" >&2
		exit 1
	fi
	if ! insmod sockopt_events.ko 2>"$build/insmod.err"; then
		why="insmod failed here: $(cat "$build/insmod.err")"
		return 1
	fi
	trap 'rmmod sockopt_events' EXIT
	echo "sockopt_events loaded on $(uname -r); Ctrl-C stops" >&2
	tools/reader/sockopt-reader --format "$format"
	return 0
}

run_vm() {
	local v out
	tests/deps.sh || exit 1
	. tests/vm/lib.sh
	v=$(soe_cloud_kernel)
	if [ -z "$v" ]; then
		echo "make run: no Debian cloud kernel with headers (apt-get install linux-image-cloud-amd64 linux-headers-cloud-amd64)" >&2
		exit 1
	fi
	out=$build/$v
	echo "make run: $why; booting $v in QEMU instead" >&2
	soe_build_module "$v" "/lib/modules/$v/build" "$out/src" >"$out.run-build.log" 2>&1 &&
		soe_build_static_reader "$build/sockopt-reader-static" >>"$out.run-build.log" 2>&1 &&
		soe_build_progs "$build/progs" >>"$out.run-build.log" 2>&1 || {
		echo "make run: build failed; see $out.run-build.log" >&2
		exit 1
	}
	tests/vm/mkinitramfs.sh "$out/demo-initrd.gz" "$out/src/sockopt_events.ko" \
		"$build/sockopt-reader-static" "$build/progs" tests/vm/guest-demo.sh
	# The guest's console is shown as it comes, and kept to tell how the
	# demo ended: the VM's own exit status says nothing about the guest.
	tests/vm/boot.sh "/boot/vmlinuz-$v" "$out/demo-initrd.gz" - 2 \
		"soe_rounds=${SOE_ROUNDS:-10} soe_format=$format" | tee "$out/run.log"
	if grep -q '^sockopt_events: insmod failed' "$out/run.log"; then
		echo "make run: the module did not load in the VM; see $out/run.log" >&2
		exit 1
	fi
	if ! grep -q '^sockopt_events unloaded' "$out/run.log"; then
		echo "make run: the VM stopped before the demo ended; see $out/run.log" >&2
		exit 1
	fi
}

if [ "${SOE_VM:-0}" != 1 ] && run_here; then
	exit 0
fi
run_vm
