// SPDX-License-Identifier: GPL-2.0
/*
 * compat_ptr_ioctl(): 5.5, the compat_ioctl method of a driver whose ioctl
 * arguments are all pointers (NULL without CONFIG_COMPAT).  Absent: the
 * module defines its own.
 */
#include <linux/fs.h>

static long (*soe_feature)(struct file *, unsigned int, unsigned long)
	__maybe_unused = compat_ptr_ioctl;
