#!/bin/bash
# make run: load sockopt_events on this kernel and stream decoded events, or,
# where this kernel cannot load it (no headers, a container, no module
# support), boot Debian's cloud kernel in QEMU with the module and a small
# demo workload and stream the events from there.
#
#   SOE_FORMAT=json   JSON lines instead of text
#   SOE_ROUNDS=N      rounds of the VM's demo workload (default 10)
#   SOE_VM=1          use the VM even where this kernel could load the module
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
build=$top/build
mkdir -p "$build"
format=${SOE_FORMAT:-text}

run_here() {
	local kdir=/lib/modules/$(uname -r)/build
	[ -d "$kdir" ] && [ "$(id -u)" = 0 ] || return 1
	make -s module reader >"$build/run-build.log" 2>&1 || return 1
	if ! insmod sockopt_events.ko 2>"$build/insmod.err"; then
		echo "insmod failed here: $(cat "$build/insmod.err")" >&2
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
	echo "This kernel cannot load the module here: booting $v in QEMU" >&2
	soe_build_module "$v" "/lib/modules/$v/build" "$out/src" >"$out.run-build.log" 2>&1 &&
		soe_build_static_reader "$build/sockopt-reader-static" >>"$out.run-build.log" 2>&1 &&
		soe_build_progs "$build/progs" >>"$out.run-build.log" 2>&1 || {
		echo "make run: build failed; see $out.run-build.log" >&2
		exit 1
	}
	tests/vm/mkinitramfs.sh "$out/demo-initrd.gz" "$out/src/sockopt_events.ko" \
		"$build/sockopt-reader-static" "$build/progs" tests/vm/guest-demo.sh
	exec tests/vm/boot.sh "/boot/vmlinuz-$v" "$out/demo-initrd.gz" - 2 \
		"soe_rounds=${SOE_ROUNDS:-10} soe_format=$format"
}

if [ "${SOE_VM:-0}" != 1 ] && run_here; then
	exit 0
fi
run_vm
