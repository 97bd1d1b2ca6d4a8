// SPDX-License-Identifier: GPL-2.0
/*
 * struct irq_work's flags as a plain unsigned long holding IRQ_WORK_LAZY and
 * IRQ_WORK_PENDING: up to 5.5 (5.6 made it an atomic_t).  Present: compat.h
 * sets the lazy flag itself, as printk's klogd work does on those kernels.
 */
#include <linux/irq_work.h>

static bool __maybe_unused soe_feature(struct irq_work *work)
{
	work->flags = IRQ_WORK_LAZY;
	return READ_ONCE(work->flags) & IRQ_WORK_PENDING;
}
