/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Records made in memory for the tests, and the lines they format to. */
#ifndef SOE_CRAFT_H
#define SOE_CRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "sockopt_events.h"

/* 2026-11-28T11:36:29.123456789Z */
#define CRAFT_TIME_NS	1795865789123456789ULL

/*
 * A valid event: nginx (pid 412, uid 0, cgroup 7315, the initial
 * namespaces) on CPU 1 sets SO_REUSEADDR to 1 on fd 5, a TCP/IPv4 socket
 * (inode 48213) bound to nothing yet; seq 7.
 */
void craft_event(struct soe_event *ev);
/* Set the option and the bytes of its value, as captured: optlen = len. */
void craft_option(struct soe_event *ev, int level, int optname, const void *val, size_t len);
void craft_loss(struct soe_loss *loss, uint64_t seq, uint64_t lost);

/* Addresses from text, e.g. "127.0.0.1" or "::1"; family set to match. */
void craft_inet(struct soe_event *ev, int family, const char *local, uint16_t lport,
		const char *remote, uint16_t rport);
/* A unix socket with its two names as raw bytes (NULL, 0 for none). */
void craft_unix(struct soe_event *ev, const void *local, size_t llen,
		const void *remote, size_t rlen);

/*
 * The names record of ev (seq one lower), with both names whole; ev gets
 * the flags of an event whose names did not fit.
 */
void craft_unix_names(struct soe_unix_names *names, struct soe_event *ev,
		      const void *local, size_t llen,
		      const void *remote, size_t rlen);

/*
 * The filter record of ev (seq one higher) listing n instructions of
 * insns, of a program of len read whole; ev becomes a SO_ATTACH_FILTER call
 * flagged SOE_F_BPF_FILTER.
 */
void craft_bpf_filter(struct soe_bpf_filter *f, struct soe_event *ev,
		      const struct soe_sock_filter *insns, unsigned int n,
		      unsigned int len, uint32_t crc);

/*
 * The filter record of ev (seq one higher) for an eBPF program: id, tag and
 * type; ev becomes a SO_ATTACH_BPF call of fd 5 flagged SOE_F_BPF_FILTER.
 */
void craft_ebpf_filter(struct soe_bpf_filter *f, struct soe_event *ev,
		       uint32_t id, const uint8_t tag[SOE_BPF_TAG_SIZE],
		       uint32_t type);

/*
 * The result record of ev's call, with seq: flags SOE_RESULT_F_*, the
 * LSMs' verdict and the call's return; ev gets SOE_F_RESULT.
 */
void craft_result(struct soe_result *r, struct soe_event *ev, uint64_t seq,
		  unsigned int flags, int lsm_ret, int ret);

/* The record as a line, in a buffer that lives until the next call: text in UTC. */
const char *craft_text(const void *rec);
const char *craft_json(const void *rec);
/* The same with names, the record that came before it (soe_record_format()). */
const char *craft_text_names(const void *rec, const void *names);
const char *craft_json_names(const void *rec, const void *names);

#endif /* SOE_CRAFT_H */
