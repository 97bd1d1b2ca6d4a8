// SPDX-License-Identifier: GPL-2.0
/*
 * copy_from_user_nofault(): 5.8, when probe_user_read() was renamed to it.
 * Absent: the probe handler copies user memory with probe_user_read(), or
 * with page faults disabled where that is absent too.
 */
#include <linux/uaccess.h>

static long __maybe_unused soe_feature(void *dst, const void __user *src,
				       size_t size)
{
	return copy_from_user_nofault(dst, src, size);
}
