// SPDX-License-Identifier: GPL-2.0
/*
 * access_ok(addr, size): 5.0 dropped the first argument, the access type
 * (VERIFY_READ or VERIFY_WRITE).  Absent: the in-atomic copy passes the type.
 */
#include <linux/uaccess.h>

static bool __maybe_unused soe_feature(const void __user *src, size_t size)
{
	return access_ok(src, size);
}
