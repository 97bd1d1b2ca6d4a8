// SPDX-License-Identifier: GPL-2.0
/*
 * struct irq_work's flags as an atomic_t holding IRQ_WORK_LAZY and
 * IRQ_WORK_PENDING: 5.6 to 5.10 (5.11 moved them into the work's
 * call_single_node and added IRQ_WORK_INIT_LAZY()).  Present: compat.h sets
 * the lazy flag itself.
 */
#include <linux/irq_work.h>

static bool __maybe_unused soe_feature(struct irq_work *work)
{
	atomic_set(&work->flags, IRQ_WORK_LAZY);
	return atomic_read(&work->flags) & IRQ_WORK_PENDING;
}
