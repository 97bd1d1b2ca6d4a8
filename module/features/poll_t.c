// SPDX-License-Identifier: GPL-2.0
/*
 * __poll_t, the type of a poll method's result and of the EPOLL* masks:
 * 4.16; before, the method returned unsigned int and POLL* masks (the same
 * bits).  Absent: the module defines __poll_t as unsigned int.
 */
#include <linux/types.h>

static __poll_t __maybe_unused soe_feature(__poll_t mask)
{
	return mask;
}
