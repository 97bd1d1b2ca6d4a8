// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The fields of an event as both renderers print them.  Every length in the
 * record is clamped to the buffer it describes.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "describe.h"
#include "names.h"

size_t soe_comm_len(const struct soe_event *ev)
{
	const char *nul = memchr(ev->comm, '\0', sizeof(ev->comm));

	return nul ? (size_t)(nul - ev->comm) : sizeof(ev->comm);
}

/* A name's len bytes at p, read as the kernel stores them. */
static struct soe_unix_name unix_bytes(const unsigned char *p, size_t len)
{
	struct soe_unix_name name = { NULL, 0, false, false, 0 };

	if (len == 0)
		return name;		/* unnamed */
	if (p[0] == '\0') {
		/* abstract: every byte after the NUL is part of the name */
		name.abstract = true;
		name.bytes = p + 1;
		name.len = len - 1;
	} else {
		/* a filesystem path ends at its first NUL, if it has one */
		const unsigned char *nul = memchr(p, '\0', len);

		name.bytes = p;
		name.len = nul ? (size_t)(nul - p) : len;
	}
	return name;
}

/*
 * One of a unix socket's names: whole from the names record when one came
 * with the event.  Else from the event, whose names share path[]: the local
 * name's bytes first, then the peer's, each clamped to what is left.  In
 * version 2 each length is the whole name's, so a name with fewer bytes was
 * cut.  In version 1 the lengths are the bytes held, and SOE_F_ADDR_TRUNC
 * says the last name with bytes was cut; a peer after a local name that
 * filled path[] was not read (false: the caller shows it unknown).
 */
static bool unix_describe(const struct soe_event *ev,
			  const struct soe_unix_names *names, bool remote,
			  struct soe_unix_name *name)
{
	const struct soe_unix_addr *un = &ev->addr.un;
	size_t room = sizeof(un->path), local, len, held;
	const unsigned char *p;

	if (names) {
		len = remote ? names->remote_len : names->local_len;
		if (len > SOE_UNIX_NAME_MAX)
			len = SOE_UNIX_NAME_MAX;
		*name = unix_bytes(remote ? names->remote : names->local, len);
		return true;
	}
	local = un->local_len < room ? un->local_len : room;
	if (remote) {
		p = un->path + local;
		len = un->remote_len;
		held = len < room - local ? len : room - local;
	} else {
		p = un->path;
		len = un->local_len;
		held = local;
	}
	*name = unix_bytes(p, held);
	if (ev->hdr.version >= 2) {
		if (len > held) {
			name->cut = true;
			name->whole_len = len;
		}
		return true;
	}
	if (!(ev->hdr.flags & SOE_F_ADDR_TRUNC))
		return true;
	if (un->remote_len)		/* the peer's bytes came last */
		name->cut = remote;
	else if (remote)
		return false;
	else
		name->cut = true;
	return true;
}

static void inet_describe(const struct soe_event *ev, bool remote, struct soe_addr *a)
{
	const struct soe_inet_addr *in = remote ? &ev->addr.inet.remote
						: &ev->addr.inet.local;
	int af = ev->family == AF_INET6 ? AF_INET6 : AF_INET;

	a->kind = af == AF_INET6 ? SOE_ADDR_INET6 : SOE_ADDR_INET;
	if (!inet_ntop(af, in->addr, a->ip, sizeof(a->ip)))
		strcpy(a->ip, "?");
	/*
	 * A raw socket has no port: the kernel keeps its protocol number
	 * where a port would be (inet_num), and the record has that.
	 */
	a->has_port = ev->sock_type != SOCK_RAW;
	a->port = in->port;
	a->flowinfo = in->flowinfo;
	a->scope_id = in->scope_id;
}

void soe_addr_describe(const struct soe_event *ev,
		       const struct soe_unix_names *names, bool remote,
		       struct soe_addr *a)
{
	unsigned int unknown = remote ? SOE_F_REMOTE_UNKNOWN : SOE_F_LOCAL_UNKNOWN;

	memset(a, 0, sizeof(*a));
	switch (ev->family) {
	case AF_INET:
	case AF_INET6:
	case AF_UNIX:
	case AF_NETLINK:
		break;
	case AF_PACKET:
		if (remote)
			return;
		break;
	default:
		return;
	}
	if (ev->hdr.flags & unknown) {
		a->kind = SOE_ADDR_UNKNOWN;
		return;
	}

	switch (ev->family) {
	case AF_INET:
	case AF_INET6:
		inet_describe(ev, remote, a);
		break;
	case AF_UNIX:
		a->kind = unix_describe(ev, names, remote, &a->un) ?
			  SOE_ADDR_UNIX : SOE_ADDR_UNKNOWN;
		break;
	case AF_NETLINK:
		a->kind = SOE_ADDR_NETLINK;
		a->nl_pid = remote ? ev->addr.nl.remote_pid : ev->addr.nl.local_pid;
		a->nl_groups = remote ? ev->addr.nl.remote_groups : ev->addr.nl.local_groups;
		break;
	case AF_PACKET:
		a->kind = SOE_ADDR_PACKET;
		a->ifindex = ev->addr.packet.ifindex;
		a->protocol = ev->addr.packet.protocol;
		break;
	}
}

const char *soe_state_name(const struct soe_event *ev)
{
	if (ev->family != AF_INET && ev->family != AF_INET6 && ev->family != AF_UNIX)
		return NULL;
	return soe_tcp_state_name(ev->state);
}

static const struct {
	unsigned int flag;
	const char *name;
} flag_names[] = {
	{ SOE_F_COMPAT, "compat" },
	{ SOE_F_OPTVAL_NULL, "optval_null" },
	{ SOE_F_OPTVAL_FAULT, "optval_fault" },
	{ SOE_F_OPTVAL_TRUNC, "optval_trunc" },
	{ SOE_F_ADDR_TRUNC, "addr_trunc" },
	{ SOE_F_NO_SOCK, "no_sock" },
	{ SOE_F_LOCAL_UNKNOWN, "local_unknown" },
	{ SOE_F_REMOTE_UNKNOWN, "remote_unknown" },
	{ SOE_F_OPTVAL_REDACTED, "optval_redacted" },
	{ SOE_F_OPTVAL_POINTER, "optval_pointer" },
	{ SOE_F_OPTVAL_PARTIAL, "optval_partial" },
	{ SOE_F_X32, "x32" },
};

unsigned int soe_event_flags(const struct soe_event *ev,
			     const struct soe_unix_names *names)
{
	unsigned int flags = ev->hdr.flags;

	if (ev->hdr.version >= 2)
		flags &= ~SOE_F_UNIX_NAMES;
	if (ev->hdr.version >= 3)	/* the filter and result fields say them */
		flags &= ~(SOE_F_BPF_FILTER | SOE_F_RESULT);
	if (names)
		flags &= ~SOE_F_ADDR_TRUNC;
	return flags;
}

void soe_put_flags(struct soe_out *o, unsigned int flags)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (flags & flag_names[i].flag) {
			soe_put_fmt(o, "%s%s", sep, flag_names[i].name);
			flags &= ~flag_names[i].flag;
			sep = "|";
		}
	}
	if (flags)
		soe_put_fmt(o, "%s0x%x", sep, flags);
}

bool soe_event_caps(const struct soe_event *ev, uint64_t *caps)
{
	if (ev->hdr.version < 3)
		return false;
	*caps = ev->cap_effective_lo | (uint64_t)ev->cap_effective_hi << 32;
	return true;
}

bool soe_event_net_caps(const struct soe_event *ev, enum soe_cap_where where,
			unsigned int *held)
{
	unsigned int bits = ev->net_caps;

	if (ev->hdr.version < 3)
		return false;
	if (where == SOE_CAP_INIT) {
		*held = (bits & SOE_NET_CAP_INIT_NET_ADMIN ? 1 : 0) |
			(bits & SOE_NET_CAP_INIT_NET_RAW ? 2 : 0);
		return true;
	}
	if (!(bits & SOE_NET_CAP_NETNS_KNOWN))
		return false;
	*held = (bits & SOE_NET_CAP_NETNS_NET_ADMIN ? 1 : 0) |
		(bits & SOE_NET_CAP_NETNS_NET_RAW ? 2 : 0);
	return true;
}

void soe_put_net_caps(struct soe_out *o, unsigned int held, const char *sep,
		      bool brief)
{
	if (held & 1)
		soe_put_str(o, brief ? "admin" : "CAP_NET_ADMIN");
	if ((held & 3) == 3)
		soe_put_str(o, sep);
	if (held & 2)
		soe_put_str(o, brief ? "raw" : "CAP_NET_RAW");
}

void soe_call_result(const struct soe_event *ev, const struct soe_result *r,
		     struct soe_call_result *out)
{
	memset(out, 0, sizeof(*out));
	out->expected = ev && ev->hdr.version >= 3 && (ev->hdr.flags & SOE_F_RESULT);
	if (!r)
		return;
	out->expected = true;
	out->lsm_known = r->hdr.flags & SOE_RESULT_F_LSM;
	out->ret_known = r->hdr.flags & SOE_RESULT_F_RET;
	out->lsm = out->lsm_known ? r->lsm_ret : 0;
	out->ret = out->ret_known ? r->ret : 0;
}

void soe_put_errno(struct soe_out *o, int value)
{
	const char *name = value < 0 && value > -4096 ?
			   strerrorname_np(-value) : NULL;

	if (name)
		soe_put_fmt(o, "-%s", name);
	else
		soe_put_fmt(o, "%d", value);
}
