#!/bin/bash
# The feature tests (module/features/, run by Kbuild through
# module/features.sh into module/soe_features.h), on the kernels installed
# here:
#
#   - for every kernel with headers (/lib/modules/*/build), every kernel of
#     the suite's own already built (SOE_CACHE/kernels/*/build) and every
#     prepared older kernel (tests/kernels/prepared.sh), the module builds
#     with "make module KDIR=..." and the header lists exactly the
#     interfaces that kernel has.
#     The builds share one copy of the tree, one kernel after the other, as
#     a developer's checkout is: each header must name its own kernel;
#   - a test of an interface no kernel has, and one that only warns, come
#     out absent, and their compiler messages stay in the log;
#   - SOE_FEATURE_FORCE_ABSENT builds every fallback that is valid C on a
#     modern kernel, with -Werror, against the newest 6.1 cloud kernel, and
#     the module then imports none of the interfaces it replaced (the VM
#     suite boots that build too: its "fallbacks" entry);
#   - on copies of the oldest prepared kernel's headers with the
#     configuration edited, the module builds without CONFIG_COMPAT and
#     treats CONFIG_PREEMPT_RT_FULL as PREEMPT_RT;
#   - outside compat.h the module uses compat.h's wrappers only.
#
# Prints the lines of tests/tap.sh, each name after "compat: ".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=$top/build/compat
cache=${SOE_CACHE:-/var/cache/sockopt-events}
rm -rf "$out" && mkdir -p "$out" || exit 1

. tests/tap.sh

# What each kernel here has.  The feature tests exist because version numbers lie
# (stable and distribution backports), so these lists name the kernels the
# suite has, each checked against that kernel's own headers: 5.4.286 has
# compat_ptr_ioctl() (5.5) and sysfs_emit() (5.10) from the stable series,
# 4.19.79 predates those backports; Debian's 6.1 has timer_shutdown_sync()
# (6.2) from its stable series, 5.15.135 not yet.  A new feature test, or a new release in
# ../shared/kernels/, updates this one function.
present_modern="access_ok_2arg cgroup_id compat_ptr_ioctl copy_from_user_nofault
	files_lookup_fd_raw getname_returns_len poll_t regs_get_kernel_argument
	sk_type_protocol_u16 syscall_get_arguments_3arg sysfs_emit timer_setup unix_peer"
all_known="$present_modern probe_user_read irq_work_flags_ulong irq_work_flags_atomic
	timer_shutdown_sync vm_flags_clear"
expected() {
	case $1 in
	4.19.*) echo getname_returns_len irq_work_flags_ulong poll_t timer_setup ;;
	5.4.*) echo access_ok_2arg compat_ptr_ioctl getname_returns_len irq_work_flags_ulong \
		poll_t probe_user_read regs_get_kernel_argument syscall_get_arguments_3arg sysfs_emit \
		timer_setup ;;
	5.10.*) echo $present_modern irq_work_flags_atomic | sed 's/ unix_peer//; s/ files_lookup_fd_raw//' ;;
	5.15.*) echo $present_modern | sed 's/ unix_peer//' ;;
	6.[0-2].*) echo $present_modern timer_shutdown_sync ;;
	6.*) echo $present_modern timer_shutdown_sync vm_flags_clear ;;
	*) return 1 ;;
	esac
}
# The fallbacks that still compile on a modern kernel: $soe_fallback_features.
. tests/vm/lib.sh

features=$(for p in module/features/*.c; do basename "$p" .c; done | sort)
[ -n "$features" ] || { tap_fail "compat: features" "no module/features/*.c"; exit 0; }

# present HEADER: the features a generated header says are there, sorted.
present() {
	sed -n 's/^#define SOE_HAVE_\([A-Z0-9_]*\) 1$/\1/p' "$1" | tr '[:upper:]' '[:lower:]' | sort
}
# minus LIST WORDS: LIST (one a line) without WORDS.
minus() {
	local w list=$1
	for w in $2; do list=$(echo "$list" | grep -vx "$w"); done
	echo "$list"
}
# copy DIR: a fresh copy of the module's sources, as the VM suite makes.
copy() {
	rm -rf "$1" && mkdir -p "$1" && cp -r Kbuild Makefile dkms.conf module uapi "$1/" &&
		rm -f "$1"/module/soe_features.* "$1"/module/.soe_features.*
}
# build DIR KDIR LOG [MAKE ARGS...]: as a user builds, "make module KDIR=..."
# (DKMS's way, make -C KDIR M=DIR, is what the VM and DKMS tests use).
build() {
	local dir=$1 kdir=$2 log=$3
	shift 3
	make -C "$dir" module KDIR="$kdir" "$@" >"$log" 2>&1
}
# (a) Every kernel here, one build after the other in the same tree.
kernels=
for b in /lib/modules/*/build; do
	[ -d "$b" ] && kernels="$kernels $(readlink -f "$b")"
done
for d in "$cache"/kernels/*/; do
	[ -f "$d/built" ] && [ -d "$d/build" ] && kernels="$kernels ${d%/}/build"
done
prepared=$(tests/kernels/prepared.sh 2>/dev/null)
kernels="$kernels $(echo "$prepared" | awk '{ print $3 }')"
[ -n "$kernels" ] || tap_fail "compat: a kernel with headers" "none in /lib/modules/*/build (tests/kernels/deps.sh installs them)"
# Every feature must have an expectation: a new one updates this test.
unknown=$(minus "$features" "$all_known")
if [ -n "$unknown" ]; then
	tap_fail "compat: every feature has an expectation" "not in tests/compat/run.sh: $(echo $unknown)"
fi
tree=$out/tree
copy "$tree"
for kdir in $kernels; do
	# Debian's headers have the upstream version in kernel.release.
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null)
	what="features on ${release:-$kdir}"
	if [ -z "$release" ]; then
		tap_fail "compat: $what" "no UTS_RELEASE in $kdir/include/generated/utsrelease.h"
		continue
	fi
	if ! want=$(expected "$release"); then
		tap_skip "compat: $what" "no expectations for $release in tests/compat/run.sh"
		continue
	fi
	log=$out/build-$release.log
	if ! build "$tree" "$kdir" "$log"; then
		tap_fail "compat: $what" "the module does not build: $(grep -m 3 -E 'error|Error' "$log")"
		continue
	fi
	h=$tree/module/soe_features.h
	# The tests compile in parallel and must not write the header's
	# dependency file (-Wp,-MD, up to 5.4, -Wp,-MMD, later), or they race.
	depfiles=$(cd "$tree/module" && ls -a | grep '^\.soe_features\.h\.d' || true)
	cp "$h" "$out/soe_features-$release.h"
	cp "$tree/module/soe_features.log" "$out/soe_features-$release.log"
	want=$(echo $want | tr ' ' '\n' | sort)
	got=$(present "$h")
	if [ -n "$depfiles" ]; then
		tap_fail "compat: $what" "the feature tests wrote a dependency file: $depfiles"
	elif ! head -n 1 "$h" | grep -qF "Kernel: $release in "; then
		tap_fail "compat: $what" "the header is not this kernel's: $(head -n 1 "$h")"
	elif [ "$got" != "$want" ]; then
		tap_fail "compat: $what" "missing: $(minus "$want" "$got" | tr '\n' ' ') unexpected: $(minus "$got" "$want" | tr '\n' ' ') (see $out/soe_features-$release.log)"
	else
		tap_ok "compat: $what: $(echo "$got" | wc -l) present, absent: $(minus "$(echo $all_known | tr ' ' '\n')" "$got" | tr '\n' ' ')"
	fi
done

# The kernel for (b) and (c): the newest 6.1 cloud kernel with headers.
kdir=$(v=$(soe_cloud_kernel) && echo "/lib/modules/$v/build")

# (b) Absent means absent: a made-up interface, and a test that only warns.
what="a test of a made-up interface, or one that warns, is absent"
if [ -z "$kdir" ]; then
	tap_skip "compat: $what" "no 6.1 cloud kernel headers (tests/kernels/deps.sh installs them)"
else
	tree=$out/absent
	copy "$tree"
	cat >"$tree/module/features/zz_made_up.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		/* Test only: no kernel has this function. */
		#include <linux/kernel.h>

		static int __maybe_unused soe_feature(void)
		{
			return soe_no_kernel_has_this(42);
		}
	EOF
	cat >"$tree/module/features/zz_warns.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		/* Test only: compiles, with a warning (an unused variable). */
		#include <linux/kernel.h>

		static void __maybe_unused soe_feature(void)
		{
			int unused;
		}
	EOF
	log=$out/absent.log
	if ! build "$tree" "$kdir" "$log"; then
		tap_fail "compat: $what" "the module does not build: $(grep -m 3 -E 'error|Error' "$log")"
	else
		got=$(present "$tree/module/soe_features.h")
		plog=$tree/module/soe_features.log
		if echo "$got" | grep -qx 'zz_made_up\|zz_warns'; then
			tap_fail "compat: $what" "present: $(echo "$got" | grep 'zz_' | tr '\n' ' ')"
		elif ! echo "$got" | grep -qx copy_from_user_nofault; then
			tap_fail "compat: $what" "copy_from_user_nofault is absent too: the feature tests are broken"
		elif ! grep -q 'soe_no_kernel_has_this' "$plog" || ! grep -q 'unused variable' "$plog"; then
			tap_fail "compat: $what" "the compiler's messages are not in $plog"
		elif grep -q 'soe_no_kernel_has_this\|unused variable' "$log"; then
			tap_fail "compat: $what" "the compiler's messages reached the build's output"
		else
			tap_ok "compat: $what"
		fi
	fi
	what="SOE_FEATURE_FORCE_ABSENT with a name that is no feature fails the build"
	if build "$tree" "$kdir" "$log" SOE_FEATURE_FORCE_ABSENT=no_such_feature; then
		tap_fail "compat: $what" "the build passed"
	elif ! grep -q 'names no feature: no_such_feature' "$log"; then
		tap_fail "compat: $what" "the build failed for another reason: $(grep -m 3 -E 'error|Error' "$log")"
	else
		tap_ok "compat: $what"
	fi
fi

# (c) The fallbacks, compiled: every one that is valid C here, with -Werror.
what="the fallbacks build with -Werror on $(basename "$(dirname "${kdir:-6.1-cloud/}")") (SOE_FEATURE_FORCE_ABSENT)"
if [ -z "$kdir" ]; then
	tap_skip "compat: $what" "no 6.1 cloud kernel headers (tests/kernels/deps.sh installs them)"
else
	tree=$out/fallbacks
	copy "$tree"
	log=$out/fallbacks.log
	h=$tree/module/soe_features.h
	ko=$tree/sockopt_events.ko
	if ! build "$tree" "$kdir" "$log" SOE_FEATURE_FORCE_ABSENT="$soe_fallback_features" KCFLAGS=-Werror; then
		tap_fail "compat: $what" "$(grep -m 3 -E 'error|Error' "$log")"
	elif [ "$(grep -c ': forced absent \*/$' "$h")" != "$(echo $soe_fallback_features | wc -w)" ]; then
		tap_fail "compat: $what" "the header does not have them all forced absent: $(grep -v '^#' "$h" | tr '\n' ' ')"
	elif used=$(nm -u "$ko" | grep -wE 'copy_from_user_nofault|compat_ptr_ioctl|sysfs_emit|timer_shutdown_sync'); then
		tap_fail "compat: $what" "the module still imports what the fallbacks replace: $used"
	else
		tap_ok "compat: $what"
	fi
fi

# (d) Configurations no kernel here has, on the oldest prepared kernel's
# headers with its configuration changed (include/generated/autoconf.h and
# include/config/auto.conf, all that an external module reads of it): a
# 64-bit kernel without 32-bit emulation (the module's 32-bit paths must
# compile away: compat_ptr() needs CONFIG_COMPAT on 4.14, a kernel not here,
# which (e) covers by rule), and an -rt kernel before 5.4, which says
# CONFIG_PREEMPT_RT_FULL (the module must then treat it as PREEMPT_RT, and
# says so when it loads).
oldest=$(echo "$prepared" | sort -V | head -n 1)
# variant NAME SED: a copy of the oldest prepared headers, its configuration
# edited with SED; prints the copy's path.
variant() {
	local dir=$out/headers-$1
	rm -rf "$dir" && cp -a "$(echo "$oldest" | awk '{ print $3 }')" "$dir" &&
		sed -i "$2" "$dir/include/generated/autoconf.h" "$dir/include/config/auto.conf" &&
		echo "$dir"
}
what="builds on $(echo "$oldest" | awk '{ print $1 }') without CONFIG_COMPAT"
if [ -z "$oldest" ]; then
	tap_skip "compat: ${what#builds on }" "no prepared kernel in ../shared/kernels/"
elif ! kdir=$(variant nocompat '/CONFIG_COMPAT\|CONFIG_IA32_EMULATION\|CONFIG_X86_X32/d'); then
	tap_fail "compat: $what" "cannot make the headers' copy"
else
	tree=$out/nocompat
	copy "$tree"
	if ! build "$tree" "$kdir" "$out/nocompat.log" KCFLAGS=-Werror; then
		tap_fail "compat: $what" "$(grep -m 3 -E 'error|Error' "$out/nocompat.log")"
	elif grep -q 'CONFIG_COMPAT' "$kdir/include/generated/autoconf.h"; then
		tap_fail "compat: $what" "the copy's configuration still has CONFIG_COMPAT"
	else
		tap_ok "compat: $what"
	fi
fi
what="an -rt kernel's CONFIG_PREEMPT_RT_FULL counts as PREEMPT_RT on $(echo "$oldest" | awk '{ print $1 }')"
if [ -z "$oldest" ]; then
	tap_skip "compat: ${what% on *}" "no prepared kernel in ../shared/kernels/"
elif ! kdir=$(variant rtfull '$a #define CONFIG_PREEMPT_RT_FULL 1') ||
	! sed -i '$a CONFIG_PREEMPT_RT_FULL=y' "$kdir/include/config/auto.conf"; then
	tap_fail "compat: $what" "cannot make the headers' copy"
else
	tree=$out/rtfull
	copy "$tree"
	if ! build "$tree" "$kdir" "$out/rtfull.log"; then
		tap_fail "compat: $what" "$(grep -m 3 -E 'error|Error' "$out/rtfull.log")"
	elif ! strings "$tree/sockopt_events.ko" | grep -q '; PREEMPT_RT: local netlink addresses are not read'; then
		tap_fail "compat: $what" "the module built for it does not say PREEMPT_RT when it loads"
	else
		tap_ok "compat: $what"
	fi
fi

# (e) The kind of fault behind (d): code that names an interface compat.h
# wraps, and so builds only where that interface is as the code expects
# (x86's compat_ptr() needs CONFIG_COMPAT on 4.14, though not on 4.19;
# sk_type and sk_protocol were bit fields before 5.6; -rt before 5.4 says
# CONFIG_PREEMPT_RT_FULL).  Outside compat.h, the module uses the wrappers.
what="the module uses compat.h's wrappers, not what they wrap"
wrapped='compat_ptr|in_compat_syscall|in_ia32_syscall|in_x32_syscall|files_lookup_fd_raw|files_lookup_fd_rcu|__fcheck_files|fcheck_files|lookup_fdget_rcu|copy_from_user_nofault|probe_user_read|syscall_get_arguments|regs_get_kernel_argument|cgroup_id|compat_ptr_ioctl|perfmon_capable|irq_work_is_pending|IRQ_WORK_INIT_LAZY|vm_flags_clear'
direct=$(grep -nE "(^|[^a-zA-Z0-9_>.])($wrapped) *\(|\<CONFIG_PREEMPT_RT|READ_ONCE\([a-z_]+->sk_(type|protocol)\)" \
	module/*.c module/soe.h | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
if [ -n "$direct" ]; then
	tap_fail "compat: $what" "$direct"
else
	tap_ok "compat: $what"
fi
