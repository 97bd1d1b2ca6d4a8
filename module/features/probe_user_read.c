// SPDX-License-Identifier: GPL-2.0
/*
 * probe_user_read(): 5.3 to 5.7 (5.8 renamed it copy_from_user_nofault()).
 * Absent: the only choice left, when copy_from_user_nofault() is absent as
 * well, is __copy_from_user_inatomic() with page faults disabled.
 */
#include <linux/uaccess.h>

static long __maybe_unused soe_feature(void *dst, const void __user *src,
				       size_t size)
{
	return probe_user_read(dst, src, size);
}
