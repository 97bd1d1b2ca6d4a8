// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs_emit(): 5.10, and the stable kernels from 4.4 on since early 2021
 * (it came with the fixes for CVE-2021-27365).  Absent: the module formats
 * sysfs attributes with scnprintf() into the page.
 */
#include <linux/sysfs.h>

static int __maybe_unused soe_feature(char *buf, unsigned long long n)
{
	return sysfs_emit(buf, "%llu\n", n);
}
