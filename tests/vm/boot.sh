#!/bin/sh
# Boot a kernel with an initramfs under QEMU (software emulation) and wait
# for it to end: the one QEMU command line of make check, make run and make
# bench.
#   boot.sh KERNEL INITRD OUTDIR [SMP] [EXTRA_CMDLINE]
# The console goes to OUTDIR/console.log, the guest tests' results (the
# second serial port) to OUTDIR/results.log, QEMU's exit status to
# OUTDIR/qemu.rc.  OUTDIR "-" is interactive (make run): the console on
# standard output, no results port, no time limit.
# SOE_VM_TIMEOUT (seconds, default 600) and SOE_VM_MEM (MiB, default 1024)
# size the VM: the debug kernels need more of both.  The CPU is QEMU's "max"
# without 5-level paging: with it, 5.10 with KASAN dies early in about half
# of the boots (../shared/kernels/README.md); no kernel here needs it.
set -u
kernel=$1 initrd=$2 outdir=$3 smp=${4:-2} extra=${5:-}
timeout=${SOE_VM_TIMEOUT:-600} mem=${SOE_VM_MEM:-1024}
set -- qemu-system-x86_64 -accel tcg -cpu max,la57=off -smp "$smp" -m "$mem" \
	-display none -monitor none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet panic=-1 oops=panic panic_on_warn=1 $extra"
if [ "$outdir" = - ]; then
	exec "$@" -serial stdio -serial null </dev/null
fi
mkdir -p "$outdir"
: >"$outdir/console.log"
: >"$outdir/results.log"
timeout --foreground -k 10 "$timeout" "$@" \
	-serial "file:$outdir/console.log" -serial "file:$outdir/results.log" \
	</dev/null >"$outdir/qemu.log" 2>&1
echo $? >"$outdir/qemu.rc"
