// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A socket filter's record.  The disassembly is libpcap's (Debian:
 * libpcap0.8-dev), the one tcpdump -d prints, so a listing here reads as
 * the analyst already knows it; bpf_image() needs no capture handle and
 * links statically on its own.
 */
#include <stddef.h>
#include <string.h>
#include <pcap/pcap.h>

#include "bpf.h"

_Static_assert(sizeof(struct bpf_insn) == sizeof(struct soe_sock_filter),
	       "struct bpf_insn is struct sock_filter");

unsigned int soe_bpf_listed(const struct soe_bpf_filter *f)
{
	return f->listed < SOE_BPF_INSNS_MAX ? f->listed : SOE_BPF_INSNS_MAX;
}

bool soe_bpf_partial(const struct soe_bpf_filter *f)
{
	return f->read < f->len;
}

const char *soe_bpf_image(const struct soe_sock_filter *insn, unsigned int n)
{
	struct bpf_insn i;

	i.code = insn->code;
	i.jt = insn->jt;
	i.jf = insn->jf;
	i.k = insn->k;
	return bpf_image(&i, (int)n);
}
