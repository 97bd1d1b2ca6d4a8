// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_get_arguments(task, regs, args): 5.1 dropped the (i, n) pair that
 * chose which arguments to copy; it now copies all six.  Absent: the module
 * asks for arguments 0 to 5 the old way.
 */
#include <linux/sched.h>
#include <asm/syscall.h>

static void __maybe_unused soe_feature(struct task_struct *task,
				       struct pt_regs *regs)
{
	unsigned long args[6];

	syscall_get_arguments(task, regs, args);
}
