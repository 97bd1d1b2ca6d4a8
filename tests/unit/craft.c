// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "craft.h"
#include "decode.h"

/* A valid header of this version: magic, version, size and type. */
static void craft_header(struct soe_header *hdr, uint16_t type)
{
	hdr->magic = SOE_MAGIC;
	hdr->version = SOE_VERSION;
	hdr->size = SOE_RECORD_SIZE;
	hdr->type = type;
}

/* The header of a record that comes with ev, one seq after it. */
static void craft_after(struct soe_header *hdr, const struct soe_event *ev,
			uint16_t type)
{
	*hdr = ev->hdr;
	hdr->type = type;
	hdr->flags = 0;
	hdr->seq = ev->hdr.seq + 1;
}

void craft_event(struct soe_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	craft_header(&ev->hdr, SOE_RECORD_EVENT);
	ev->hdr.cpu = 1;
	ev->hdr.seq = 7;
	ev->hdr.timestamp_ns = CRAFT_TIME_NS;
	ev->host_pid = ev->host_tid = ev->pid = ev->tid = 412;
	ev->host_ppid = ev->ppid = 1;
	ev->fd = 5;
	ev->level = 1;			/* SOL_SOCKET */
	ev->optname = 2;		/* SO_REUSEADDR */
	ev->optlen = 4;
	ev->optval_len = 4;
	ev->optval[0] = 1;
	ev->syscall = SOE_SYSCALL_SETSOCKOPT;
	ev->state = 7;			/* TCP_CLOSE */
	ev->family = AF_INET;
	ev->sock_type = SOCK_STREAM;
	ev->protocol = 6;		/* IPPROTO_TCP */
	strcpy(ev->comm, "nginx");
	ev->cgroup_id = 7315;
	ev->socket_inode = 48213;
	ev->pid_ns = 4026531836U;
	ev->net_ns = 4026531840U;
	ev->user_ns = 4026531837U;
	ev->uts_ns = 4026531838U;
	ev->cgroup_ns = 4026531835U;
	/* root in the initial namespaces: the 41 capabilities of 6.12 */
	ev->cap_effective_lo = 0xffffffffU;
	ev->cap_effective_hi = 0x1ff;
	ev->net_caps = SOE_NET_CAP_NETNS_KNOWN | SOE_NET_CAP_NETNS_NET_ADMIN |
		       SOE_NET_CAP_NETNS_NET_RAW | SOE_NET_CAP_INIT_NET_ADMIN |
		       SOE_NET_CAP_INIT_NET_RAW;
}

void craft_option(struct soe_event *ev, int level, int optname, const void *val, size_t len)
{
	if (len > sizeof(ev->optval))
		abort();
	ev->level = level;
	ev->optname = optname;
	ev->optlen = len;
	ev->optval_len = len;
	memset(ev->optval, 0, sizeof(ev->optval));
	if (len)
		memcpy(ev->optval, val, len);
}

void craft_result(struct soe_result *r, struct soe_event *ev, uint64_t seq,
		  unsigned int flags, int lsm_ret, int ret)
{
	ev->hdr.flags |= SOE_F_RESULT;
	memset(r, 0, sizeof(*r));
	craft_header(&r->hdr, SOE_RECORD_RESULT);
	r->hdr.flags = flags;
	r->hdr.cpu = 0;
	r->hdr.seq = seq;
	r->hdr.timestamp_ns = ev->hdr.timestamp_ns + 2000;
	r->event_seq = ev->hdr.seq;
	r->lsm_ret = lsm_ret;
	r->ret = ret;
	r->host_tid = ev->host_tid;
	r->syscall = flags & SOE_RESULT_F_RET ? ev->syscall : 0;
}

void craft_loss(struct soe_loss *loss, uint64_t seq, uint64_t lost)
{
	memset(loss, 0, sizeof(*loss));
	craft_header(&loss->hdr, SOE_RECORD_LOSS);
	loss->hdr.cpu = 3;
	loss->hdr.seq = seq;
	loss->hdr.timestamp_ns = CRAFT_TIME_NS + 1000;
	loss->lost = lost;
}

static void set_addr(struct soe_inet_addr *a, int family, const char *text, uint16_t port)
{
	memset(a->addr, 0, sizeof(a->addr));
	if (inet_pton(family, text, a->addr) != 1)
		abort();
	a->port = port;
}

void craft_inet(struct soe_event *ev, int family, const char *local, uint16_t lport,
		const char *remote, uint16_t rport)
{
	ev->family = family;
	set_addr(&ev->addr.inet.local, family, local, lport);
	set_addr(&ev->addr.inet.remote, family, remote, rport);
}

void craft_unix(struct soe_event *ev, const void *local, size_t llen,
		const void *remote, size_t rlen)
{
	struct soe_unix_addr *un = &ev->addr.un;

	if (llen + rlen > sizeof(un->path))
		abort();
	ev->family = AF_UNIX;
	ev->protocol = 0;
	ev->state = 7;
	memset(&ev->addr, 0, sizeof(ev->addr));
	un->local_len = llen;
	un->remote_len = rlen;
	if (llen)
		memcpy(un->path, local, llen);
	if (rlen)
		memcpy(un->path + llen, remote, rlen);
}

static char line[SOE_LINE_MAX];

void craft_unix_names(struct soe_unix_names *names, struct soe_event *ev,
		      const void *local, size_t llen,
		      const void *remote, size_t rlen)
{
	if (llen > SOE_UNIX_NAME_MAX || rlen > SOE_UNIX_NAME_MAX)
		abort();
	memset(names, 0, sizeof(*names));
	names->hdr = ev->hdr;
	names->hdr.type = SOE_RECORD_UNIX_NAMES;
	names->hdr.flags = 0;
	names->hdr.seq = ev->hdr.seq - 1;
	names->local_len = llen;
	names->remote_len = rlen;
	if (llen)
		memcpy(names->local, local, llen);
	if (rlen)
		memcpy(names->remote, remote, rlen);
	ev->hdr.flags |= SOE_F_ADDR_TRUNC | SOE_F_UNIX_NAMES;
}

void craft_bpf_filter(struct soe_bpf_filter *f, struct soe_event *ev,
		      const struct soe_sock_filter *insns, unsigned int n,
		      unsigned int len, uint32_t crc)
{
	ev->level = 1;			/* SOL_SOCKET */
	ev->optname = 26;		/* SO_ATTACH_FILTER */
	ev->optlen = 16;
	ev->optval_len = 16;
	memset(ev->optval, 0, sizeof(ev->optval));
	ev->optval[0] = len & 0xff;
	ev->optval[1] = len >> 8;
	ev->hdr.flags |= SOE_F_OPTVAL_POINTER | SOE_F_BPF_FILTER;
	memset(f, 0, sizeof(*f));
	craft_after(&f->hdr, ev, SOE_RECORD_BPF_FILTER);
	f->len = len;
	f->read = len;
	f->listed = n;
	f->crc32 = crc;
	memcpy(f->insns, insns, n * sizeof(*insns));
}

void craft_ebpf_filter(struct soe_bpf_filter *f, struct soe_event *ev,
		       uint32_t id, const uint8_t tag[SOE_BPF_TAG_SIZE],
		       uint32_t type)
{
	int fd = 5;

	ev->level = 1;			/* SOL_SOCKET */
	ev->optname = 50;		/* SO_ATTACH_BPF */
	ev->optlen = sizeof(fd);
	ev->optval_len = sizeof(fd);
	memset(ev->optval, 0, sizeof(ev->optval));
	memcpy(ev->optval, &fd, sizeof(fd));
	ev->hdr.flags |= SOE_F_BPF_FILTER;
	memset(f, 0, sizeof(*f));
	craft_after(&f->hdr, ev, SOE_RECORD_BPF_FILTER);
	f->flags = SOE_BPF_F_EBPF;
	f->prog_id = id;
	memcpy(f->ebpf.prog_tag, tag, SOE_BPF_TAG_SIZE);
	f->ebpf.prog_type = type;
}

static const char *format(const void *rec, const void *names,
			  enum soe_format format)
{
	struct soe_format_opts opts = { format, true, false };

	if (soe_record_format(rec, names, &opts, line, sizeof(line)) < 0)
		return NULL;
	return line;
}

const char *craft_text(const void *rec)
{
	return format(rec, NULL, SOE_FORMAT_TEXT);
}

const char *craft_json(const void *rec)
{
	return format(rec, NULL, SOE_FORMAT_JSON);
}

const char *craft_text_names(const void *rec, const void *names)
{
	return format(rec, names, SOE_FORMAT_TEXT);
}

const char *craft_json_names(const void *rec, const void *names)
{
	return format(rec, names, SOE_FORMAT_JSON);
}
