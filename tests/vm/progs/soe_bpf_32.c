// SPDX-License-Identifier: GPL-2.0
/*
 * soe_bpf_32: soe_bpf built for i386 (soe_build_progs builds *_32.c with
 * -m32), so its attaches pass the compat struct sock_fprog: a 16-bit len
 * and a 32-bit pointer at offset 4.  The checks are soe_bpf's.
 */
#include "soe_bpf.c"
