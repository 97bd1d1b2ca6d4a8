# Shared by the VM suite, "make run", "make bench" and the compat, style and
# DKMS tests (bash).
# shellcheck shell=bash

# The newest Debian 6.1 cloud kernel with its headers (tests/deps.sh installs
# it): the kernel make run, make bench and the single-kernel checks use.
# Prints its version, or nothing.
soe_cloud_kernel() {
	local v
	v=$(ls -d /lib/modules/6.1.*-cloud-amd64/build 2>/dev/null | sort -V | tail -n 1)
	v=${v%/build}
	v=${v#/lib/modules/}
	[ -n "$v" ] && [ -f "/boot/vmlinuz-$v" ] && echo "$v"
}

# Test programs run in the guest: static, built once into $1.  A program
# whose name ends in _32 is a 32-bit (i386) one, in _x32 an x32 one.
soe_build_progs() {
	local src out=$1 arch
	mkdir -p "$out"
	for src in tests/vm/progs/*.c; do
		case $src in
		*_32.c) arch=-m32 ;;
		*_x32.c) arch=-mx32 ;;
		*) arch= ;;
		esac
		gcc $arch -static -O2 -Wall -Wextra -Wno-missing-field-initializers \
			-pthread -Itests -Iuapi -Itools/reader "$src" -o "$out/$(basename "$src" .c)" || return 1
	done
}

# The feature tests (module/features/) whose fallbacks in compat.h are still
# valid C on a modern kernel: SOE_FEATURE_FORCE_ABSENT="$soe_fallback_features"
# builds the module with all of them.  The others need interfaces that are
# gone (access_ok() with a type, the five-argument syscall_get_arguments(),
# kn->id.id, getname() with an int *, setup_timer(), __fcheck_files()), or that 6.1 lacks anyway
# (vm_flags_clear(), whose fallback is gone from 6.3).
soe_fallback_features="copy_from_user_nofault probe_user_read regs_get_kernel_argument
	compat_ptr_ioctl sk_type_protocol_u16 poll_t sysfs_emit timer_shutdown_sync unix_peer"
soe_fallback_features=$(echo $soe_fallback_features)

# Build the module for kernel $1 (headers in $2) in a private copy of the
# sources under $3, so that builds for different kernels never share objects.
# The module is $3/sockopt_events.ko.  Further arguments go to make (make
# bench: KCFLAGS=-DSOE_BENCH_STEPS=N).
soe_build_module() {
	local v=$1 kdir=$2 dir=$3
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r Kbuild module uapi "$dir/"
	make -C "$kdir" M="$dir" "$@" modules
}

# The reader, linked static so that it runs in the initramfs: $1.  It is
# built with the user's own command (make reader LDFLAGS=-static), in a copy
# of the sources, so that the tree's build stays as it was.
soe_build_static_reader() {
	local dir
	dir=$(dirname "$1")/reader-static
	rm -rf "$dir" && mkdir -p "$dir/tools" &&
		cp -r Makefile dkms.conf uapi "$dir/" && cp -r tools/reader "$dir/tools/" &&
		make -s -C "$dir/tools/reader" clean &&
		make -s -C "$dir" reader LDFLAGS=-static &&
		cp "$dir/tools/reader/sockopt-reader" "$1"
}

# The capabilities the packaged service keeps (CapabilityBoundingSet= in its
# unit), as the comma-separated numbers soe_capexec takes: the guest runs
# the reader with them (soe_service_caps= on its command line).
soe_service_caps() {
	local unit=debian/sockopt-events-tools.sockopt-reader.service name nums=
	for name in $(sed -n 's/^CapabilityBoundingSet=//p' "$unit"); do
		nums=$nums${nums:+,}$(sed -n "s/^#define $name[[:space:]]\+\([0-9]\+\)$/\1/p" \
			/usr/include/linux/capability.h)
	done
	echo "$nums"
}
