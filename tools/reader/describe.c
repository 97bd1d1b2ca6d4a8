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

/*
 * One of a unix socket's names.  Both share path[]: the local name first,
 * then the peer's; each length is clamped to what is left of the buffer.
 */
static struct soe_unix_name unix_name(const struct soe_event *ev, bool remote)
{
	const struct soe_unix_addr *un = &ev->addr.un;
	size_t local = un->local_len, len;
	struct soe_unix_name name = { NULL, 0, false };
	const unsigned char *p;

	if (local > sizeof(un->path))
		local = sizeof(un->path);
	if (remote) {
		p = un->path + local;
		len = un->remote_len;
		if (len > sizeof(un->path) - local)
			len = sizeof(un->path) - local;
	} else {
		p = un->path;
		len = local;
	}
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

void soe_addr_describe(const struct soe_event *ev, bool remote, struct soe_addr *a)
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
		a->kind = SOE_ADDR_UNIX;
		a->un = unix_name(ev, remote);
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
