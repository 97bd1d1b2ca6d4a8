/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A socket filter's record, as both renderers show it: its fields clamped
 * to the record, and an instruction as tcpdump -d prints it (libpcap).
 */
#ifndef SOE_BPF_H
#define SOE_BPF_H

#include <stdbool.h>

#include "sockopt_events.h"

/* The instructions insns[] holds: listed, at most SOE_BPF_INSNS_MAX. */
unsigned int soe_bpf_listed(const struct soe_bpf_filter *f);

/* Whether the CRC covers fewer instructions than len (read < len). */
bool soe_bpf_partial(const struct soe_bpf_filter *f);

/*
 * Instruction n of a program, "(000) ldh      [12]" as tcpdump -d prints
 * it, from libpcap's bpf_image(); the string lives until the next call.
 */
const char *soe_bpf_image(const struct soe_sock_filter *insn, unsigned int n);

#endif /* SOE_BPF_H */
