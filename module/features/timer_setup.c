// SPDX-License-Identifier: GPL-2.0
/*
 * timer_setup(), whose callback gets the timer itself: 4.15.  Absent:
 * compat.h uses setup_timer(), whose callback got an unsigned long.
 */
#include <linux/timer.h>

static void soe_feature_fn(struct timer_list *timer)
{
}

static void __maybe_unused soe_feature(struct timer_list *timer)
{
	timer_setup(timer, soe_feature_fn, 0);
}
