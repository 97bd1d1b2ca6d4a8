#!/bin/bash
# make style: the kernel's checkpatch.pl (from Debian's linux-source-6.1) on
# module/ and uapi/, sparse (make C=2) on the module, and
# tests/thread_statics.py on the C programs that start threads, and no
# futex wait in the 32-bit guest programs; one line of tests/tap.sh each.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
cache=${SOE_CACHE:-/var/cache/sockopt-events}
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
. tests/vm/lib.sh
. tests/tap.sh
kdir=${KDIR:-$(v=$(soe_cloud_kernel) && echo "/lib/modules/$v/build")}

checkpatch() {
	local dir=$cache/checkpatch-$(basename "$tarball")
	if [ ! -x "$dir/scripts/checkpatch.pl" ]; then
		mkdir -p "$dir" &&
			tar -xf "$tarball" -C "$dir" --strip-components=1 --wildcards \
				'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
				'*/scripts/const_structs.checkpatch' >&2 || return 1
	fi
	echo "$dir/scripts/checkpatch.pl"
}

if [ -z "$tarball" ]; then
	tap_fail "style: checkpatch" "linux-source-6.1 is not installed"
else
	cp=$(checkpatch)
	for f in $(git ls-files 'module/*.[ch]' 'uapi/*.h'); do
		# A uapi header cannot use the kernel's BIT(), and its counter
		# list is an X-macro (as bpf.h's __BPF_FUNC_MAPPER), which
		# checkpatch takes for a complex value.  No file may test
		# LINUX_VERSION_CODE: compat.h tests macros and feature tests.
		case $f in
		uapi/*) ignore=--ignore=BIT_MACRO,COMPLEX_MACRO ;;
		*) ignore= ;;
		esac
		# --terse prints nothing for a clean file.  MACRO_ARG_REUSE is for
		# arguments with side effects; ours are names pasted into initialisers.
		out=$(perl "$cp" --no-tree --strict --terse --show-types \
			--ignore=MACRO_ARG_REUSE $ignore -f "$f" 2>&1)
		if [ -z "$out" ]; then
			tap_ok "style: checkpatch $f"
		else
			tap_fail "style: checkpatch $f" "$(echo "$out" | grep -v total: | head -n 3)"
		fi
	done
fi

if [ -z "$kdir" ]; then
	tap_fail "style: sparse" "no kernel headers (linux-headers-cloud-amd64)"
else
	dir=$top/build/sparse
	rm -rf "$dir" && mkdir -p "$dir" && cp -r Kbuild module uapi "$dir/"
	out=$(make -C "$kdir" M="$dir" C=2 CHECK=sparse modules 2>&1)
	rc=$?
	warnings=$(echo "$out" | grep -E 'warning:|error:' | sed "s#$dir/##")
	if [ -n "$warnings" ]; then
		tap_fail "style: sparse (make C=2)" "$(echo "$warnings" | head -n 3)"
	elif [ "$rc" != 0 ]; then
		tap_fail "style: sparse (make C=2)" "the build failed: $(echo "$out" | tail -n 3)"
	else
		tap_ok "style: sparse (make C=2) on $(basename "$(dirname "$kdir")")"
	fi
fi

# A static buffer in a thread's start routine is shared by its threads.
tap_check "style: no thread start routine keeps static data (tests/thread_statics.py)" \
	python3 tests/thread_statics.py $(git ls-files '*.c')

# A 32-bit guest program that waits in futex(2) with no timeout aborts on a
# kernel without CONFIG_COMPAT_32BIT_TIME: it joins threads with join.h's
# thread_join().  The programs built -m32 are soe_NAME_32.c and the .c files
# they include.
futex32_waits() {
	local f g
	for f in tests/vm/progs/*_32.c; do
		for g in "$f" $(sed -n 's|^#include "\(.*\.c\)"|tests/vm/progs/\1|p' "$f"); do
			grep -Hn -E '\b(pthread_join|pthread_cond_wait|sem_wait|pthread_barrier_wait)[[:space:]]*\(' "$g" |
				grep -v -E '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)'
		done
	done
}
waits=$(futex32_waits)
if [ -n "$waits" ]; then
	tap_fail "style: 32-bit guest programs wait in no futex(2) (tests/vm/progs/join.h)" "$(echo "$waits" | head -n 3)"
else
	tap_ok "style: 32-bit guest programs wait in no futex(2) (tests/vm/progs/join.h)"
fi
