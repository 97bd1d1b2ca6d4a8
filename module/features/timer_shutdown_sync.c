// SPDX-License-Identifier: GPL-2.0
/*
 * timer_shutdown_sync(), which also keeps the timer from being armed again:
 * 6.2 (and some stable series).  Absent: compat.h uses del_timer_sync(),
 * which 6.2 began to phase out.
 */
#include <linux/timer.h>

static int __maybe_unused soe_feature(struct timer_list *timer)
{
	return timer_shutdown_sync(timer);
}
