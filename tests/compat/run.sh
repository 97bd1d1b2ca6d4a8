#!/bin/bash
# The compile probes (module/probes/, run by Kbuild through
# module/features.sh into module/soe_features.h), on the kernels installed
# here:
#
#   - for every kernel with headers (/lib/modules/*/build) and every kernel of
#     the suite's own already built (SOE_CACHE/kernels/*/build), the module
#     builds and the header lists exactly the interfaces such a kernel has.
#     The builds share one copy of the tree, one kernel after the other, as
#     a developer's checkout is: each header must name its own kernel;
#   - a probe of an interface no kernel has, and one that only warns, come
#     out absent, and their compiler messages stay in the log;
#   - SOE_PROBE_FORCE_ABSENT builds every fallback that is valid C on a
#     modern kernel, with -Werror, against the newest 6.1 cloud kernel, and
#     the module then imports none of the interfaces it replaced (the VM
#     suite boots that build too: its "fallbacks" entry).
#
# Prints "ok - compat: ...", "not ok - compat: ...: why" and "... # SKIP why".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=$top/build/compat
cache=${SOE_CACHE:-/var/cache/sockopt-events}
rm -rf "$out" && mkdir -p "$out" || exit 1

ok() { echo "ok - compat: $1"; }
fail() { echo "not ok - compat: $1: $(echo "$2" | tr '\n' ' ' | cut -c 1-400)"; }
skip() { echo "ok - compat: $1 # SKIP $2"; }

# What a kernel of 5.10 or later has, and lacks: probe_user_read() was
# renamed copy_from_user_nofault() in 5.8.  A new probe goes in one list.
present_modern="access_ok_2arg cgroup_id compat_ptr_ioctl copy_from_user_nofault
	getname_returns_len poll_t regs_get_kernel_argument sk_protocol_read_once
	syscall_get_arguments_3arg sysfs_emit"
absent_modern="probe_user_read"
# The fallbacks that still compile on such a kernel: $soe_fallback_probes.
. tests/vm/lib.sh

probes=$(for p in module/probes/*.c; do basename "$p" .c; done | sort)
[ -n "$probes" ] || { fail "probes" "no module/probes/*.c"; exit 0; }

# present HEADER: the probes a generated header says are there, sorted.
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
	rm -rf "$1" && mkdir -p "$1" && cp -r Kbuild module uapi "$1/" &&
		rm -f "$1"/module/soe_features.* "$1"/module/.soe_features.*
}
# build DIR KDIR LOG [MAKE ARGS...]
build() {
	local dir=$1 kdir=$2 log=$3
	shift 3
	make -C "$kdir" M="$dir" "$@" modules >"$log" 2>&1
}
# version_ge RELEASE MAJOR MINOR
version_ge() {
	local maj min
	IFS=. read -r maj min _ <<<"${1%%-*}"
	[ "$maj" -gt "$2" ] || { [ "$maj" = "$2" ] && [ "${min%%[!0-9]*}" -ge "$3" ]; }
}

# (a) Every kernel here, one build after the other in the same tree.
kernels=
for b in /lib/modules/*/build; do
	[ -d "$b" ] && kernels="$kernels $(readlink -f "$b")"
done
for d in "$cache"/kernels/*/; do
	[ -f "$d/built" ] && [ -d "$d/build" ] && kernels="$kernels ${d%/}/build"
done
[ -n "$kernels" ] || fail "a kernel with headers" "none in /lib/modules/*/build (tests/kernels/deps.sh installs them)"
# Every probe must have an expectation: a new probe updates this test.
unknown=$(minus "$probes" "$present_modern $absent_modern")
if [ -n "$unknown" ]; then
	fail "every probe has an expectation" "not in tests/compat/run.sh: $(echo $unknown)"
fi
tree=$out/tree
copy "$tree"
for kdir in $kernels; do
	# Debian's headers have the upstream version in kernel.release.
	release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null)
	what="probes on ${release:-$kdir}"
	if [ -z "$release" ]; then
		fail "$what" "no UTS_RELEASE in $kdir/include/generated/utsrelease.h"
		continue
	fi
	if ! version_ge "$release" 5 10; then
		skip "$what" "the expectations are for 5.10 and later"
		continue
	fi
	log=$out/build-$release.log
	if ! build "$tree" "$kdir" "$log"; then
		fail "$what" "the module does not build: $(grep -m 3 -E 'error|Error' "$log")"
		continue
	fi
	h=$tree/module/soe_features.h
	cp "$h" "$out/soe_features-$release.h"
	cp "$tree/module/soe_features.log" "$out/soe_features-$release.log"
	want=$(echo $present_modern | tr ' ' '\n' | sort)
	got=$(present "$h")
	if ! head -n 1 "$h" | grep -qF "Kernel: $release in "; then
		fail "$what" "the header is not this kernel's: $(head -n 1 "$h")"
	elif [ "$got" != "$want" ]; then
		fail "$what" "missing: $(minus "$want" "$got" | tr '\n' ' ') unexpected: $(minus "$got" "$want" | tr '\n' ' ') (see $out/soe_features-$release.log)"
	else
		ok "$what: $(echo "$got" | wc -l) present, absent: $absent_modern"
	fi
done

# The kernel for (b) and (c): the newest 6.1 cloud kernel with headers.
kdir=$(ls -d /lib/modules/6.1.*-cloud-amd64/build 2>/dev/null | sort -V | tail -n 1)

# (b) Absent means absent: a made-up interface, and a probe that only warns.
what="a probe of a made-up interface, or one that warns, is absent"
if [ -z "$kdir" ]; then
	skip "$what" "no 6.1 cloud kernel headers (tests/kernels/deps.sh installs them)"
else
	tree=$out/absent
	copy "$tree"
	cat >"$tree/module/probes/zz_made_up.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		/* Test only: no kernel has this function. */
		#include <linux/kernel.h>

		static int __maybe_unused soe_probe(void)
		{
			return soe_no_kernel_has_this(42);
		}
	EOF
	cat >"$tree/module/probes/zz_warns.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		/* Test only: compiles, with a warning (an unused variable). */
		#include <linux/kernel.h>

		static void __maybe_unused soe_probe(void)
		{
			int unused;
		}
	EOF
	log=$out/absent.log
	if ! build "$tree" "$kdir" "$log"; then
		fail "$what" "the module does not build: $(grep -m 3 -E 'error|Error' "$log")"
	else
		got=$(present "$tree/module/soe_features.h")
		plog=$tree/module/soe_features.log
		if echo "$got" | grep -qx 'zz_made_up\|zz_warns'; then
			fail "$what" "present: $(echo "$got" | grep 'zz_' | tr '\n' ' ')"
		elif ! echo "$got" | grep -qx copy_from_user_nofault; then
			fail "$what" "copy_from_user_nofault is absent too: the probes are broken"
		elif ! grep -q 'soe_no_kernel_has_this' "$plog" || ! grep -q 'unused variable' "$plog"; then
			fail "$what" "the compiler's messages are not in $plog"
		elif grep -q 'soe_no_kernel_has_this\|unused variable' "$log"; then
			fail "$what" "the compiler's messages reached the build's output"
		else
			ok "$what"
		fi
	fi
	what="SOE_PROBE_FORCE_ABSENT with a name that is no probe fails the build"
	if build "$tree" "$kdir" "$log" SOE_PROBE_FORCE_ABSENT=no_such_probe; then
		fail "$what" "the build passed"
	elif ! grep -q 'names no probe: no_such_probe' "$log"; then
		fail "$what" "the build failed for another reason: $(grep -m 3 -E 'error|Error' "$log")"
	else
		ok "$what"
	fi
fi

# (c) The fallbacks, compiled: every one that is valid C here, with -Werror.
what="the fallbacks build with -Werror on $(basename "$(dirname "${kdir:-6.1-cloud/}")") (SOE_PROBE_FORCE_ABSENT)"
if [ -z "$kdir" ]; then
	skip "$what" "no 6.1 cloud kernel headers (tests/kernels/deps.sh installs them)"
else
	tree=$out/fallbacks
	copy "$tree"
	log=$out/fallbacks.log
	h=$tree/module/soe_features.h
	ko=$tree/module/sockopt_events.ko
	if ! build "$tree" "$kdir" "$log" SOE_PROBE_FORCE_ABSENT="$soe_fallback_probes" KCFLAGS=-Werror; then
		fail "$what" "$(grep -m 3 -E 'error|Error' "$log")"
	elif [ "$(grep -c ': forced absent \*/$' "$h")" != "$(echo $soe_fallback_probes | wc -w)" ]; then
		fail "$what" "the header does not have them all forced absent: $(grep -v '^#' "$h" | tr '\n' ' ')"
	elif used=$(nm -u "$ko" | grep -wE 'copy_from_user_nofault|compat_ptr_ioctl|sysfs_emit'); then
		fail "$what" "the module still imports what the fallbacks replace: $used"
	else
		ok "$what"
	fi
fi
