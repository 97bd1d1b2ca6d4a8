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

bool soe_bpf_is_ebpf(const struct soe_bpf_filter *f)
{
	return f->flags & SOE_BPF_F_EBPF;
}

void soe_bpf_tag_hex(const struct soe_bpf_filter *f, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < SOE_BPF_TAG_SIZE; i++) {
		buf[2 * i] = hex[f->ebpf.prog_tag[i] >> 4];
		buf[2 * i + 1] = hex[f->ebpf.prog_tag[i] & 0xf];
	}
	buf[2 * SOE_BPF_TAG_SIZE] = '\0';
}

/*
 * enum bpf_prog_type of <linux/bpf.h>: the types SO_ATTACH_BPF and
 * SO_ATTACH_REUSEPORT_EBPF accept; any other is shown as its number.
 */
const char *soe_bpf_prog_type_name(uint32_t type)
{
	switch (type) {
	case 1:
		return "socket_filter";
	case 21:
		return "sk_reuseport";
	}
	return NULL;
}

unsigned int soe_bpf_listed(const struct soe_bpf_filter *f)
{
	if (soe_bpf_is_ebpf(f))
		return 0;
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
