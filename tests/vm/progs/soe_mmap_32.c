// SPDX-License-Identifier: GPL-2.0
/* soe_mmap built with -m32: the mapping and SOE_IOC_WAIT from a 32-bit task. */
#include "soe_mmap.c"
