/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A socket filter's record, as both renderers show it: its fields clamped
 * to the record, and an instruction as tcpdump -d prints it (libpcap).
 */
#ifndef SOE_BPF_H
#define SOE_BPF_H

#include <stdbool.h>
#include <stdint.h>

#include "sockopt_events.h"

/* Whether the record is an eBPF program's (SOE_BPF_F_EBPF): no insns[]. */
bool soe_bpf_is_ebpf(const struct soe_bpf_filter *f);

/* An eBPF program's tag in hex, as bpftool prints it, into 17 bytes. */
#define SOE_BPF_TAG_HEX	(2 * SOE_BPF_TAG_SIZE + 1)
void soe_bpf_tag_hex(const struct soe_bpf_filter *f, char *buf);

/* The name of an eBPF program type the socket options take, or NULL. */
const char *soe_bpf_prog_type_name(uint32_t type);

/*
 * The instructions insns[] holds: listed, at most SOE_BPF_INSNS_MAX; none
 * in an eBPF program's record.
 */
unsigned int soe_bpf_listed(const struct soe_bpf_filter *f);

/* Whether the CRC covers fewer instructions than len (read < len). */
bool soe_bpf_partial(const struct soe_bpf_filter *f);

/*
 * Instruction n of a program, "(000) ldh      [12]" as tcpdump -d prints
 * it, from libpcap's bpf_image(); the string lives until the next call.
 */
const char *soe_bpf_image(const struct soe_sock_filter *insn, unsigned int n);

#endif /* SOE_BPF_H */
