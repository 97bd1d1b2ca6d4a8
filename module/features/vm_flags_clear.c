// SPDX-License-Identifier: GPL-2.0
/*
 * vm_flags_clear(): 6.3, when a VMA's vm_flags became const to all but the
 * helpers of the mm.  Absent: the module clears the flags in place.
 */
#include <linux/mm.h>

static void __maybe_unused soe_feature(struct vm_area_struct *vma)
{
	vm_flags_clear(vma, VM_MAYEXEC);
}
