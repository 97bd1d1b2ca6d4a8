// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_id(cgrp) returning a u64: 5.5, when the kernfs node id became a
 * plain u64.  Absent: the module reads the id from kn->id.id, the union of
 * the releases before.
 */
#include <linux/cgroup.h>

static u64 __maybe_unused soe_feature(struct cgroup *cgrp)
{
	return cgroup_id(cgrp);
}
