// SPDX-License-Identifier: GPL-2.0
/*
 * files_lookup_fd_raw(files, fd): 5.11, when __fcheck_files() was renamed
 * (and fcheck_files() became files_lookup_fd_rcu(), gone again by 6.12).
 * Absent: compat.h uses __fcheck_files(), the same lookup.
 */
#include <linux/fdtable.h>

static struct file __maybe_unused *soe_feature(struct files_struct *files)
{
	return files_lookup_fd_raw(files, 0);
}
