#!/bin/bash
# The VM suite: for every kernel it can find, build the module against that
# kernel's headers, pack an initramfs, boot it under QEMU and check what the
# guest did.
#
# Kernels: every /boot/vmlinuz-VERSION that has headers in
# /lib/modules/VERSION/build, or those named in SOE_KERNELS.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
build=$top/build
mkdir -p "$build"

kernels() {
	local img v
	if [ -n "${SOE_KERNELS:-}" ]; then
		echo "$SOE_KERNELS"
		return
	fi
	for img in /boot/vmlinuz-*; do
		v=${img#/boot/vmlinuz-}
		[ -d "/lib/modules/$v/build" ] && echo "$v"
	done
}

. tests/vm/lib.sh

if ! soe_build_progs "$build/progs" >"$build/progs.log" 2>&1; then
	echo "not ok - vm: test programs build: $(tail -n 3 "$build/progs.log" | tr '\n' ' ')"
	exit 1
fi
if [ ! -x "$build/sockopt-reader-static" ]; then
	echo "not ok - vm: no static reader (the host suite builds it)"
	exit 1
fi

found=
for v in $(kernels); do
	found=1
	out=$build/$v
	mkdir -p "$out"
	if soe_build_module "$v" "/lib/modules/$v/build" "$out/src" >"$out/build.log" 2>&1; then
		echo "ok - $v: module builds"
	else
		echo "not ok - $v: module builds: $(grep -m3 -E 'error|Error' "$out/build.log" | tr '\n' ' ')"
		continue
	fi
	tests/vm/mkinitramfs.sh "$out/initrd.gz" "$out/src/module/sockopt_events.ko" \
		"$build/sockopt-reader-static" "$build/progs" tests/vm/guest-tests.sh
	start=$(date +%s)
	tests/vm/boot.sh "/boot/vmlinuz-$v" "$out/initrd.gz" "$out/vm" 2
	echo "# $v: VM ran for $(($(date +%s) - start)) s"
	tests/vm/check_vm.py "$out/vm" "$v"
done
[ -n "$found" ] || echo "not ok - vm: no kernel with headers found (install linux-image-cloud-amd64 and linux-headers-cloud-amd64)"
