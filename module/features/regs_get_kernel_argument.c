// SPDX-License-Identifier: GPL-2.0
/*
 * regs_get_kernel_argument(regs, n): x86 since 4.20, the n-th argument of a
 * probed kernel function.  Absent: the module reads the registers of the
 * x86-64 calling convention itself.
 */
#include <linux/ptrace.h>

static unsigned long __maybe_unused soe_feature(struct pt_regs *regs)
{
	return regs_get_kernel_argument(regs, 2);
}
