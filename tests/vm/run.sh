#!/bin/bash
# The VM suite: for every kernel in the matrix, build the module against that
# kernel's build tree, pack an initramfs, boot it under QEMU and check what
# the guest did.
#
# The matrix is a list of kernels, one a line:
#
#   LABEL IMAGE BUILD_DIR [MODE]
#
#   - every Debian kernel /boot/vmlinuz-VERSION with headers in
#     /lib/modules/VERSION/build (tests/kernels/deps.sh installs Debian 12's
#     6.1 cloud, generic and rt kernels and a 6.12 one);
#   - the suite's own kernels, tests/kernels/NAME.config, built (or found in
#     the cache) by tests/kernels/build.sh;
#   - the prepared older kernels, every folder of ../shared/kernels/ (4.19 to
#     5.15), unpacked by tests/kernels/prepared.sh: debug kernels, labelled
#     by their release (4.19.79-soe-old).
#
# MODE picks the guest script and the VM's size:
#   normal    tests/vm/guest-tests.sh
#   debug     the same, with more memory and time (KASAN, lockdep, kmemleak)
#   nosecnet  tests/vm/guest-nosecnet.sh: a kernel without
#             CONFIG_SECURITY_NETWORK, where insmod must fail and say why
#   fallbacks normal, with the module built with compat.h's fallbacks in
#             place of the interfaces this kernel has (SOE_FEATURE_FORCE_ABSENT,
#             see tests/compat/run.sh): the newest 6.1 cloud kernel again,
#             labelled VERSION-fallbacks
#
# SOE_KERNELS="LABEL ..." runs only those (Debian versions, NAMEs, prepared
# releases, or make-run for the test of "make run").
# SOE_GUEST_CMDLINE adds to the guest kernel's command line: the guest
# scripts read soe_stress_ms and soe_rounds from it (make soak).
# SOE_VM_TIMEOUT overrides how long one VM may run, in seconds.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
build=$top/build
mkdir -p "$build"

# Is $1 wanted?  Everything when SOE_KERNELS is empty.
wanted() {
	[ -z "${SOE_KERNELS:-}" ] && return 0
	case " $SOE_KERNELS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# What a kernel of ours is for, from its name.
mode_of() {
	case "$1" in
	nosecnet-*) echo nosecnet ;;
	*debug*) echo debug ;;
	*) echo normal ;;
	esac
}

debian_kernels() {
	local img v cloud
	for img in /boot/vmlinuz-*; do
		v=${img#/boot/vmlinuz-}
		[ -d "/lib/modules/$v/build" ] || continue
		wanted "$v" && echo "$v $img /lib/modules/$v/build normal"
	done
	cloud=$(soe_cloud_kernel)
	[ -n "$cloud" ] && wanted "$cloud-fallbacks" &&
		echo "$cloud-fallbacks /boot/vmlinuz-$cloud /lib/modules/$cloud/build fallbacks"
}

# Build (or find) our own kernels: one TAP line each, the build's log in
# build/kernel-NAME.log, the kernel's matrix line appended to $1.
our_kernels() {
	local conf name log dir start list=$1
	for conf in tests/kernels/*.config; do
		name=$(basename "$conf" .config)
		wanted "$name" || continue
		log=$build/kernel-$name.log
		start=$(date +%s)
		if dir=$(tests/kernels/build.sh "$name" 2>"$log" | tail -n 1) && [ -f "$dir/built" ]; then
			if grep -q "cached in" "$log"; then
				tap_ok "kernel $name built (cached)"
			else
				tap_ok "kernel $name built"
				tap_note "kernel $name: built in $(($(date +%s) - start)) s"
			fi
			echo "$name $dir/bzImage $dir/build $(mode_of "$name")" >>"$list"
		else
			tap_fail "kernel $name built" "$(grep -v '^ ' "$log" | tail -n 3)"
		fi
	done
}

# The prepared older kernels, all built with the debug fragment: a TAP line
# for a folder that gave no kernel, the kernels' matrix lines appended to $1.
prepared_kernels() {
	local list=$1 log=$build/prepared.log folders kernels kr image kdir
	folders=$(tests/kernels/prepared.sh --folders | wc -l)
	if [ "$folders" = 0 ]; then
		# Said, not failed: a clone elsewhere has no ../shared/kernels.
		wanted prepared-kernels && tap_skip "prepared kernels" \
			"no kernel folder in ${SOE_PREPARED_KERNELS:-$top/../shared/kernels} (SOE_PREPARED_KERNELS names another)"
		return
	fi
	kernels=$(tests/kernels/prepared.sh 2>"$log")
	if [ "$(echo "$kernels" | grep -c .)" != "$folders" ]; then
		tap_fail "prepared kernels" "$folders folders, not as many kernels: $(cat "$log")"
	fi
	echo "$kernels" | while read -r kr image kdir; do
		[ -n "$kr" ] && wanted "$kr" && echo "$kr $image $kdir debug" >>"$list"
	done
}

. tests/vm/lib.sh
. tests/tap.sh

if ! soe_build_progs "$build/progs" >"$build/progs.log" 2>&1; then
	tap_fail "vm: test programs build" "$(tail -n 3 "$build/progs.log")"
	exit 1
fi
if [ ! -x "$build/sockopt-reader-static" ]; then
	tap_fail "vm: static reader" "none (the host suite builds it)"
	exit 1
fi

matrix=$build/kernels.list
debian_kernels >"$matrix"
our_kernels "$matrix"
prepared_kernels "$matrix"
if [ ! -s "$matrix" ] && [ "${SOE_KERNELS:-}" != make-run ]; then
	tap_fail "vm: kernels" "none found${SOE_KERNELS:+ for SOE_KERNELS=\"$SOE_KERNELS\"} (tests/kernels/deps.sh installs them)"
fi
# A name that matches no kernel would test nothing, silently.
for k in ${SOE_KERNELS:-}; do
	case $k in make-run | prepared-kernels) continue ;; esac
	awk -v k="$k" '$1 == k { found = 1 } END { exit !found }' "$matrix" ||
		tap_fail "vm: SOE_KERNELS names $k" "no such kernel here; there are: $(
			{ (SOE_KERNELS= && debian_kernels)
			  for c in tests/kernels/*.config; do basename "$c" .config; done
			  tests/kernels/prepared.sh 2>/dev/null; } | awk '{ printf "%s ", $1 }')"
done

while read -r label image kdir mode <&4; do
	out=$build/$label
	mkdir -p "$out"
	force=
	[ "$mode" = fallbacks ] && force=$soe_fallback_features
	if SOE_FEATURE_FORCE_ABSENT=$force soe_build_module "$label" "$kdir" "$out/src" \
		>"$out/build.log" 2>&1; then
		tap_ok "$label: module builds"
	else
		tap_fail "$label: module builds" "$(grep -m3 -E 'error|Error' "$out/build.log")"
		continue
	fi
	guest=tests/vm/guest-tests.sh
	mem=1024 timeout=600
	case "$mode" in
	nosecnet) guest=tests/vm/guest-nosecnet.sh ;;
	debug) mem=2048 timeout=1500 ;;
	esac
	timeout=${SOE_VM_TIMEOUT:-$timeout}
	tests/vm/mkinitramfs.sh "$out/initrd.gz" "$out/src/sockopt_events.ko" \
		"$build/sockopt-reader-static" "$build/progs" "$guest"
	start=$(date +%s)
	# syscall.x32=y: Debian's kernels have x32 but leave it off unless
	# asked (CONFIG_X86_X32_DISABLED); other kernels ignore it.
	SOE_VM_MEM=$mem SOE_VM_TIMEOUT=$timeout tests/vm/boot.sh "$image" "$out/initrd.gz" \
		"$out/vm" 2 "syscall.x32=y soe_service_caps=$(soe_service_caps) ${SOE_GUEST_CMDLINE:-}"
	tap_note "$label: VM ran for $(($(date +%s) - start)) s ($mode, qemu exit $(cat "$out/vm/qemu.rc"))"
	tests/vm/check_vm.py "$out/vm" "$label"
done 4<"$matrix"

# The README's first command, in the form it takes where the host cannot load
# the module: make run boots the cloud kernel with a demo workload and
# streams the decoded events (2 rounds of soe_basic's 12 calls).
if wanted make-run; then
	log=$build/make-run.log
	start=$(date +%s)
	SOE_VM=1 SOE_ROUNDS=2 SOE_VM_TIMEOUT=600 timeout 900 make -s run >"$log" 2>&1 </dev/null
	tap_note "make run: $(($(date +%s) - start)) s"
	n=$(grep -c ' soe_basic ' "$log")
	if ! grep -q 'decoded events follow' "$log" || ! grep -q 'VM stopping' "$log"; then
		tap_fail "make run (VM): 24 decoded events from 2 rounds of soe_basic" \
			"the demo did not run to its end: $(tail -n 3 "$log")"
	elif [ "$n" != 24 ]; then
		tap_fail "make run (VM): 24 decoded events from 2 rounds of soe_basic" \
			"$n decoded soe_basic events (see $log)"
	else
		tap_ok "make run (VM): 24 decoded events from 2 rounds of soe_basic"
	fi
	# A wrong format is refused before anything is built or booted.
	SOE_VM=1 SOE_FORMAT=xml timeout 60 make -s run >"$log.bad" 2>&1 </dev/null
	rc=$?
	if [ "$rc" = 2 ] && grep -q "SOE_FORMAT must be text or json" "$log.bad"; then
		tap_ok "make run: SOE_FORMAT=xml is refused (exit 2)"
	else
		tap_fail "make run: SOE_FORMAT=xml is refused (exit 2)" \
			"exit $rc: $(tail -n 2 "$log.bad")"
	fi
fi
