#!/bin/bash
# make bench: what one setsockopt() costs with sockopt_events and with the
# alternatives, measured in QEMU (TCG) on Debian's cloud kernel, once with
# one vCPU and once with two.  See bench/README.md.
#
#   SOE_BENCH_CALLS=N    timed calls per worker per measurement (200000)
#   SOE_BENCH_ROUNDS=N   rounds; the table shows each case's median (5)
#   SOE_BENCH_RATE_MS=N  length of one step of the loss test, ms (2000)
#   SOE_BENCH_SMP="1 2"  the boots, by vCPU count
#   SOE_BENCH_CASES=a,c  only these cases (default: all; the table then says
#                        what is missing)
#   SOE_BENCH_BASE=REV   also build the module of git revision REV and
#                        measure (c), (d1) and (d1m) with it, in the same
#                        boots: cases (cB), (d1B), (d1mB), an A/B of a change
#   SOE_BENCH_CMDLINE    more guest kernel parameters ("tsc=reliable": under
#                        TCG a guest with two vCPUs otherwise finds its TSC
#                        unstable and falls back to the HPET, whose every
#                        read is an emulated device access; see
#                        bench/README.md)
#
# Everything goes to build/bench/: the per-boot results (vm-N/results.log),
# and the table (table.md), which is also printed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$top/build/bench
calls=${SOE_BENCH_CALLS:-200000}
rounds=${SOE_BENCH_ROUNDS:-5}
rate_ms=${SOE_BENCH_RATE_MS:-2000}
smps=${SOE_BENCH_SMP:-1 2}
cmdline=${SOE_BENCH_CMDLINE-tsc=reliable}
cases=${SOE_BENCH_CASES:+soe_bench_cases=$SOE_BENCH_CASES}

. tests/vm/lib.sh
v=$(soe_cloud_kernel)
kdir=/lib/modules/$v/build
if [ -z "$v" ]; then
	echo "make bench: needs Debian's cloud kernel and its headers (tests/deps.sh installs them)" >&2
	exit 1
fi

rm -rf "$out"
mkdir -p "$out/progs"
log=$out/build.log
trap '[ $? = 0 ] || echo "make bench: failed; see $log" >&2' EXIT
echo "bench: building for $v (log: $log)" >&2
# The module is built from the tree as it is: say which.
{
	git log -1 --format='module/ at %h (%ad)' --date=short -- module uapi
	git status --short -- module uapi | sed 's/^/uncommitted: /'
} >"$out/sources.txt" 2>/dev/null

# The steps of the handler's record_call(), as probe.c lists them: one line
# "N NAME" per `if (soe_step(N)...)` line, NAME the function the step calls
# (the first after the condition, on that line or the next ones up to the
# semicolon).  They must be 1, 2, ... in order: case sN is the module built
# with SOE_BENCH_STEPS=N, and s0 keeps only the record's zeroing and its
# copy into the ring.
awk '
match($0, /if \(soe_step\([0-9]+\)/) {
	n = substr($0, RSTART, RLENGTH)
	gsub(/[^0-9]/, "", n)
	text = substr($0, RSTART + RLENGTH)
}
!match($0, /if \(soe_step\([0-9]+\)/) && n != "" {
	text = text " " $0
}
n != "" && index(text, ";") {
	if (match(text, /[A-Za-z_][A-Za-z0-9_]*\(/))
		print n, substr(text, RSTART, RLENGTH - 1)
	n = ""
}' module/probe.c >"$out/steps"
nsteps=$(wc -l <"$out/steps")
if [ "$nsteps" = 0 ] || [ "$(cut -d' ' -f1 "$out/steps" | tr '\n' ' ')" != "$(seq -s' ' 1 "$nsteps") " ]; then
	echo "make bench: module/probe.c's soe_step() lines are not steps 1, 2, ... each calling a function:" >&2
	cat "$out/steps" >&2
	exit 1
fi

# Each build in a private copy, so that the tree's own objects stay as they are.
soe_build_module "$v" "$kdir" "$out/src" >"$log" 2>&1
# The module cut short after each step: all named sockopt_events.ko, each in
# its own folder, /progs/steps/sN/ in the guest.  Each build runs the
# feature tests again (KCFLAGS is in their flags), most of its minute: they
# run two at a time, no more, since the host's 2 cores are shared (and each
# build's feature tests run two compilers of their own).
pids=
for n in $(seq 0 "$nsteps"); do
	soe_build_module "$v" "$kdir" "$out/steps-src/s$n" KCFLAGS=-DSOE_BENCH_STEPS="$n" \
		>"$out/build-s$n.log" 2>&1 &
	pids="$pids $!"
	[ $((n % 2)) = 1 ] || [ "$n" = "$nsteps" ] || continue
	for p in $pids; do
		wait "$p" || { cat "$out"/build-s*.log >>"$log"; exit 1; }
	done
	pids=
done
for n in $(seq 0 "$nsteps"); do
	cat "$out/build-s$n.log" >>"$log" && rm "$out/build-s$n.log"
	mkdir -p "$out/progs/steps/s$n"
	cp "$out/steps-src/s$n/sockopt_events.ko" "$out/progs/steps/s$n/"
done
if [ -n "${SOE_BENCH_BASE:-}" ]; then
	# The base revision's module, from its own tree: git archive of REV.
	mkdir -p "$out/base-tree" "$out/progs/base"
	git archive "$SOE_BENCH_BASE" | tar -x -C "$out/base-tree"
	git log -1 --format="base: module/ at %h (%ad), of $SOE_BENCH_BASE" --date=short \
		"$SOE_BENCH_BASE" -- module uapi >>"$out/sources.txt"
	(cd "$out/base-tree" && . tests/vm/lib.sh &&
		soe_build_module "$v" "$kdir" "$out/base-src") >>"$log" 2>&1
	cp "$out/base-src/sockopt_events.ko" "$out/progs/base/"
fi
cp -r bench/empty_kprobe bench/offsets "$out/"
make -C "$kdir" M="$out/empty_kprobe" modules >>"$log" 2>&1
cp "$out/empty_kprobe/soe_empty_kprobe.ko" "$out/progs/"
make -C "$kdir" M="$out/offsets" offsets.s >>"$log" 2>&1
gcc -static -O2 -Wall -Wextra -Wno-missing-field-initializers -pthread -Iuapi -Itools/reader \
	bench/progs/soe_bench.c -o "$out/progs/soe_bench" >>"$log" 2>&1

# The eBPF anchor (bench/ebpf): the BPF object with BTF (-g) for CO-RE, its
# skeleton, and the loader linked static with libbpf.
mkdir -p "$out/ebpf"
bpftool=$(PATH=$PATH:/usr/sbin:/sbin command -v bpftool) || {
	echo "make bench: needs bpftool and libbpf-dev (tests/deps.sh installs them)" >&2
	exit 1
}
clang -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu \
	-Wall -c bench/ebpf/soe_ebpf.bpf.c -o "$out/ebpf/soe_ebpf.bpf.o" >>"$log" 2>&1
"$bpftool" gen skeleton "$out/ebpf/soe_ebpf.bpf.o" name soe_ebpf >"$out/ebpf/soe_ebpf.skel.h" 2>>"$log"
gcc -static -O2 -Wall -Wextra -I"$out/ebpf" bench/ebpf/soe_ebpf.c -o "$out/progs/soe_ebpf" \
	-lbpf -lelf -lz >>"$log" 2>&1

# The compiled offsets: lines of the form .ascii "->NAME $VALUE ...".
offset() {
	sed -n "s/.*\"->$1 \\\$\\([0-9]*\\) .*/\\1/p" "$out/offsets/offsets.s"
}
off_sk=$(offset SOCKET_SK)
off_family=$(offset SOCK_FAMILY)
size_family=$(offset SOCK_FAMILY_SIZE)
if [ -z "$off_sk" ] || [ -z "$off_family" ] || [ "$size_family" != 2 ]; then
	echo "make bench: could not read the socket offsets from $out/offsets/offsets.s" >&2
	exit 1
fi

# The bench reads the device itself: the initramfs's reader slot gets the
# bench program, so that a reader under construction cannot break the bench.
tests/vm/mkinitramfs.sh "$out/initrd.gz" "$out/src/sockopt_events.ko" \
	"$out/progs/soe_bench" "$out/progs" bench/guest-bench.sh

for smp in $smps; do
	echo "bench: booting $v with $smp vCPU(s); load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
	start=$(date +%s)
	uptime >"$out/load-before-$smp"
	SOE_VM_TIMEOUT=3600 tests/vm/boot.sh "/boot/vmlinuz-$v" "$out/initrd.gz" \
		"$out/vm-$smp" "$smp" \
		"soe_bench_calls=$calls soe_bench_rounds=$rounds soe_bench_rate_ms=$rate_ms soe_bench_steps=$nsteps soe_off_sk=$off_sk soe_off_family=$off_family $cases $cmdline"
	uptime >"$out/load-after-$smp"
	echo "bench: $smp vCPU(s): $(($(date +%s) - start)) s, qemu exit $(cat "$out/vm-$smp/qemu.rc")" >&2
done

args=()
for smp in $smps; do
	args+=("$out/vm-$smp")
done
bench/report.py --steps "$out/steps" "${args[@]}" | tee "$out/table.md"
