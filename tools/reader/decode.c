// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Turn records into lines.
 *
 * A record is copied into an aligned struct before any field is read, and
 * every length in it is clamped to the buffer it describes, so a record of
 * random bytes formats to something, never to a read past its end.
 *
 * JSON: one object per line, with the keys tracee uses for its
 * security_socket_setsockopt event; the event's arguments come from the
 * event_args[] table.  Text: one line, aligned columns for the time, the
 * task, its ids and the fd, then space-separated fields from the
 * text_fields[] table.  To show a new field, write its function and add a
 * row to either table or both.  Option values are decoded in optval.c.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "decode.h"
#include "names.h"
#include "optval.h"
#include "sockopt_events.h"

_Static_assert(sizeof(struct soe_header) == 32, "soe_header is 32 bytes");
_Static_assert(sizeof(struct soe_event) == SOE_RECORD_SIZE, "soe_event fills a record");
_Static_assert(sizeof(struct soe_loss) == SOE_RECORD_SIZE, "soe_loss fills a record");

/* An output line being built; once full it stays full and drops the rest. */
struct out {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

static void put_mem(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->size - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void put_str(struct out *o, const char *s)
{
	put_mem(o, s, strlen(s));
}

static void put_char(struct out *o, char c)
{
	put_mem(o, &c, 1);
}

__attribute__((format(printf, 2, 3)))
static void put_fmt(struct out *o, const char *fmt, ...)
{
	size_t room = o->size - o->len;
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		o->buf[o->len] = '\0';
		o->full = true;
		return;
	}
	o->len += n;
}

/*
 * The length of the valid UTF-8 sequence at s (at most n bytes), or 0 when
 * s does not start one: no overlong forms, no surrogates, nothing past
 * U+10FFFF (RFC 3629).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/*
 * The inside of a JSON string.  Control characters, DEL and every byte that
 * is not part of valid UTF-8 become \u00XX, so the line is always valid
 * JSON whatever the bytes; a stray byte reads as its Latin-1 character.
 */
static void json_chars(struct out *o, const unsigned char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			put_char(o, '\\');
			put_char(o, c);
			i++;
		} else if (c >= 0x20 && c < 0x7f) {
			put_char(o, c);
			i++;
		} else if (c >= 0x80 && (len = utf8_len(s + i, n - i))) {
			put_mem(o, (const char *)s + i, len);
			i += len;
		} else {
			put_fmt(o, "\\u%04x", c);
			i++;
		}
	}
}

static void json_string(struct out *o, const unsigned char *s, size_t n)
{
	put_char(o, '"');
	json_chars(o, s, n);
	put_char(o, '"');
}

/* A name as a JSON string, or the number when there is no name. */
static void json_name(struct out *o, const char *name, long value)
{
	if (name)
		put_fmt(o, "\"%s\"", name);
	else
		put_fmt(o, "%ld", value);
}

/*
 * Text fields are split on spaces, so a string in one shows only the bytes
 * 0x21-0x7e, except the backslash and the double quote; every other byte
 * is written as \xNN.
 */
static void text_chars(struct out *o, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] > 0x20 && s[i] < 0x7f && s[i] != '\\' && s[i] != '"')
			put_char(o, s[i]);
		else
			put_fmt(o, "\\x%02x", s[i]);
	}
}

static void text_name(struct out *o, const char *name, long value)
{
	if (name)
		put_str(o, name);
	else
		put_fmt(o, "%ld", value);
}

/* The task's name: NUL-terminated within SOE_COMM_LEN, or all of it. */
static size_t comm_len(const struct soe_event *ev)
{
	const char *nul = memchr(ev->comm, '\0', sizeof(ev->comm));

	return nul ? (size_t)(nul - ev->comm) : sizeof(ev->comm);
}

static void inet_addr_string(const struct soe_event *ev,
			     const struct soe_inet_addr *a,
			     char buf[INET6_ADDRSTRLEN])
{
	int af = ev->family == AF_INET6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, a->addr, buf, INET6_ADDRSTRLEN))
		strcpy(buf, "?");
}

/*
 * One of a unix socket's names.  Both share path[]: the local name first,
 * then the peer's; each length is clamped to what is left of the buffer.
 */
struct unix_name {
	const unsigned char *bytes;
	size_t len;
	bool abstract;
};

static struct unix_name unix_name(const struct soe_event *ev, bool remote)
{
	const struct soe_unix_addr *un = &ev->addr.un;
	size_t local = un->local_len, len;
	struct unix_name name = { NULL, 0, false };
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
};

/* flags as name|name, unknown bits as one hex number at the end. */
static void put_flags(struct out *o, unsigned int flags)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		if (flags & flag_names[i].flag) {
			put_fmt(o, "%s%s", sep, flag_names[i].name);
			flags &= ~flag_names[i].flag;
			sep = "|";
		}
	}
	if (flags)
		put_fmt(o, "%s0x%x", sep, flags);
}

static void put_hex(struct out *o, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_fmt(o, "%02x", p[i]);
}

/* Whether the module could read this address (the flags say when not). */
static bool addr_known(const struct soe_event *ev, bool remote)
{
	return !(ev->hdr.flags & (remote ? SOE_F_REMOTE_UNKNOWN : SOE_F_LOCAL_UNKNOWN));
}

/* The socket's state by name where the family uses the TCP states. */
static const char *state_name(const struct soe_event *ev)
{
	if (ev->family != AF_INET && ev->family != AF_INET6 && ev->family != AF_UNIX)
		return NULL;
	return soe_tcp_state_name(ev->state);
}

/* JSON: the event's arguments, in tracee's args[] shape. */

static void json_sockaddr(struct out *o, const struct soe_event *ev, bool remote)
{
	const char *family = soe_family_name(ev->family);

	put_str(o, "{\"sa_family\":");
	if (family)
		put_fmt(o, "\"%s\"", family);
	else
		put_fmt(o, "\"%u\"", ev->family);
	if (!addr_known(ev, remote)) {
		put_char(o, '}');
		return;
	}

	switch (ev->family) {
	case AF_INET:
	case AF_INET6: {
		const struct soe_inet_addr *a = remote ? &ev->addr.inet.remote
						       : &ev->addr.inet.local;
		char addr[INET6_ADDRSTRLEN];

		inet_addr_string(ev, a, addr);
		if (ev->family == AF_INET)
			put_fmt(o, ",\"sin_addr\":\"%s\",\"sin_port\":\"%u\"",
				addr, a->port);
		else
			put_fmt(o, ",\"sin6_addr\":\"%s\",\"sin6_port\":\"%u\","
				"\"sin6_flowinfo\":\"%u\",\"sin6_scopeid\":\"%u\"",
				addr, a->port, a->flowinfo, a->scope_id);
		break;
	}
	case AF_UNIX: {
		struct unix_name name = unix_name(ev, remote);

		put_str(o, ",\"sun_path\":\"");
		if (name.abstract)
			put_char(o, '@');
		json_chars(o, name.bytes, name.len);
		put_char(o, '"');
		break;
	}
	case AF_NETLINK:
		put_fmt(o, ",\"nl_pid\":\"%u\",\"nl_groups\":\"%u\"",
			remote ? ev->addr.nl.remote_pid : ev->addr.nl.local_pid,
			remote ? ev->addr.nl.remote_groups : ev->addr.nl.local_groups);
		break;
	case AF_PACKET:
		if (!remote) {
			const struct soe_packet_addr *p = &ev->addr.packet;
			const char *proto = soe_protocol_name(AF_PACKET, p->protocol);

			if (proto)
				put_fmt(o, ",\"sll_protocol\":\"%s\"", proto);
			else
				put_fmt(o, ",\"sll_protocol\":\"%u\"", p->protocol);
			put_fmt(o, ",\"sll_ifindex\":\"%d\"", p->ifindex);
		}
		break;
	}
	put_char(o, '}');
}

static void arg_sockfd(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, "%d", ev->fd);
}

static void arg_level(struct out *o, const struct soe_event *ev)
{
	json_name(o, soe_level_name(ev->level), ev->level);
}

static void arg_optname(struct out *o, const struct soe_event *ev)
{
	json_name(o, soe_option_name(ev->level, ev->optname), ev->optname);
}

static void arg_optlen(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, "%d", ev->optlen);
}

static void arg_optval(struct out *o, const struct soe_event *ev)
{
	struct soe_value v;

	soe_optval_decode(ev, &v);
	switch (v.type) {
	case SOE_VALUE_NONE:
		put_str(o, "null");
		break;
	case SOE_VALUE_INT:
		put_fmt(o, "%" PRId64, v.i[0]);
		break;
	case SOE_VALUE_UINT:
		put_fmt(o, "%" PRIu64, v.u);
		break;
	case SOE_VALUE_LINGER:
		put_fmt(o, "{\"l_onoff\":%" PRId64 ",\"l_linger\":%" PRId64 "}",
			v.i[0], v.i[1]);
		break;
	case SOE_VALUE_TIMEVAL:
		put_fmt(o, "{\"tv_sec\":%" PRId64 ",\"tv_usec\":%" PRId64 "}",
			v.i[0], v.i[1]);
		break;
	case SOE_VALUE_STRING:
		json_string(o, v.bytes, v.len);
		break;
	case SOE_VALUE_BYTES:
		put_char(o, '"');
		put_hex(o, v.bytes, v.len);
		put_char(o, '"');
		break;
	}
}

static void arg_optval_hex(struct out *o, const struct soe_event *ev)
{
	put_char(o, '"');
	put_hex(o, ev->optval, soe_optval_len(ev));
	put_char(o, '"');
}

static void arg_local_addr(struct out *o, const struct soe_event *ev)
{
	json_sockaddr(o, ev, false);
}

static void arg_remote_addr(struct out *o, const struct soe_event *ev)
{
	json_sockaddr(o, ev, true);
}

static void arg_sock_type(struct out *o, const struct soe_event *ev)
{
	json_name(o, soe_sock_type_name(ev->sock_type), ev->sock_type);
}

static void arg_protocol(struct out *o, const struct soe_event *ev)
{
	json_name(o, soe_protocol_name(ev->family, ev->protocol), ev->protocol);
}

static void arg_sock_state(struct out *o, const struct soe_event *ev)
{
	json_name(o, state_name(ev), ev->state);
}

static void arg_socket_inode(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, "%" PRIu64, (uint64_t)ev->socket_inode);
}

static void arg_flags(struct out *o, const struct soe_event *ev)
{
	put_char(o, '"');
	put_flags(o, ev->hdr.flags);
	put_char(o, '"');
}

static const struct {
	const char *name;
	const char *type;
	void (*value)(struct out *o, const struct soe_event *ev);
} event_args[] = {
	{ "sockfd", "int", arg_sockfd },
	{ "level", "int", arg_level },
	{ "optname", "int", arg_optname },
	{ "optlen", "int", arg_optlen },
	{ "optval", "void*", arg_optval },
	{ "optval_hex", "bytes", arg_optval_hex },
	{ "local_addr", "struct sockaddr*", arg_local_addr },
	{ "remote_addr", "struct sockaddr*", arg_remote_addr },
	{ "sock_type", "int", arg_sock_type },
	{ "protocol", "int", arg_protocol },
	{ "sock_state", "int", arg_sock_state },
	{ "socket_inode", "u64", arg_socket_inode },
	{ "flags", "string", arg_flags },
};

static void json_event(struct out *o, const struct soe_event *ev)
{
	const char *syscall = soe_syscall_name(ev->syscall);
	size_t i;

	put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		",\"processId\":%" PRIu32 ",\"threadId\":%" PRIu32
		",\"parentProcessId\":%" PRIu32 ",\"hostProcessId\":%" PRIu32
		",\"hostThreadId\":%" PRIu32 ",\"hostParentProcessId\":%" PRIu32
		",\"userId\":%" PRIu32 ",\"effectiveUserId\":%" PRIu32
		",\"groupId\":%" PRIu32 ",\"effectiveGroupId\":%" PRIu32
		",\"processName\":",
		(uint64_t)ev->hdr.timestamp_ns, ev->hdr.cpu, ev->pid, ev->tid,
		ev->ppid, ev->host_pid, ev->host_tid, ev->host_ppid,
		ev->uid, ev->euid, ev->gid, ev->egid);
	json_string(o, (const unsigned char *)ev->comm, comm_len(ev));
	put_fmt(o, ",\"cgroupId\":%" PRIu64 ",\"pidNamespace\":%" PRIu32
		",\"netNamespace\":%" PRIu32 ",\"userNamespace\":%" PRIu32
		",\"utsNamespace\":%" PRIu32 ",\"cgroupNamespace\":%" PRIu32,
		(uint64_t)ev->cgroup_id, ev->pid_ns, ev->net_ns, ev->user_ns,
		ev->uts_ns, ev->cgroup_ns);
	put_fmt(o, ",\"eventName\":\"security_socket_setsockopt\",\"syscall\":\"%s\""
		",\"seq\":%" PRIu64 ",\"args\":[",
		syscall ? syscall : "unknown", (uint64_t)ev->hdr.seq);
	for (i = 0; i < sizeof(event_args) / sizeof(event_args[0]); i++) {
		put_fmt(o, "%s{\"name\":\"%s\",\"type\":\"%s\",\"value\":",
			i ? "," : "", event_args[i].name, event_args[i].type);
		event_args[i].value(o, ev);
		put_char(o, '}');
	}
	put_str(o, "]}\n");
}

static void json_loss(struct out *o, const struct soe_loss *loss)
{
	put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		",\"eventName\":\"lost\",\"seq\":%" PRIu64 ",\"lost\":%" PRIu64 "}\n",
		(uint64_t)loss->hdr.timestamp_ns, loss->hdr.cpu,
		(uint64_t)loss->hdr.seq, (uint64_t)loss->lost);
}

/* Text: each field writes " " and itself, or nothing when it has no value. */

static void text_sockaddr(struct out *o, const struct soe_event *ev, bool remote)
{
	const char *label = remote ? " remote=" : " local=";

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
	if (!addr_known(ev, remote)) {
		put_fmt(o, "%s?", label);
		return;
	}

	switch (ev->family) {
	case AF_INET:
	case AF_INET6: {
		const struct soe_inet_addr *a = remote ? &ev->addr.inet.remote
						       : &ev->addr.inet.local;
		char addr[INET6_ADDRSTRLEN];

		inet_addr_string(ev, a, addr);
		if (ev->family == AF_INET)
			put_fmt(o, "%s%s:%u", label, addr, a->port);
		else if (a->scope_id)
			put_fmt(o, "%s[%s%%%u]:%u", label, addr, a->scope_id, a->port);
		else
			put_fmt(o, "%s[%s]:%u", label, addr, a->port);
		break;
	}
	case AF_UNIX: {
		struct unix_name name = unix_name(ev, remote);

		put_str(o, label);
		if (name.abstract)
			put_char(o, '@');
		else if (!name.len)
			put_str(o, "\"\"");
		text_chars(o, name.bytes, name.len);
		break;
	}
	case AF_NETLINK:
		put_fmt(o, "%spid:%u,groups:%u", label,
			remote ? ev->addr.nl.remote_pid : ev->addr.nl.local_pid,
			remote ? ev->addr.nl.remote_groups : ev->addr.nl.local_groups);
		break;
	case AF_PACKET: {
		const struct soe_packet_addr *p = &ev->addr.packet;

		put_fmt(o, "%sifindex:%d,protocol:", label, p->ifindex);
		text_name(o, soe_protocol_name(AF_PACKET, p->protocol), p->protocol);
		break;
	}
	}
}

/* The option's value after its name: =1, ={l_onoff=1,l_linger=7}, ="bbr", =hex:0a0b. */
static void text_optval(struct out *o, const struct soe_event *ev)
{
	struct soe_value v;

	soe_optval_decode(ev, &v);
	switch (v.type) {
	case SOE_VALUE_NONE:
		return;
	case SOE_VALUE_INT:
		put_fmt(o, "=%" PRId64, v.i[0]);
		break;
	case SOE_VALUE_UINT:
		put_fmt(o, "=%" PRIu64, v.u);
		break;
	case SOE_VALUE_LINGER:
		put_fmt(o, "={l_onoff=%" PRId64 ",l_linger=%" PRId64 "}", v.i[0], v.i[1]);
		break;
	case SOE_VALUE_TIMEVAL:
		put_fmt(o, "={tv_sec=%" PRId64 ",tv_usec=%" PRId64 "}", v.i[0], v.i[1]);
		break;
	case SOE_VALUE_STRING:
		put_str(o, "=\"");
		text_chars(o, v.bytes, v.len);
		put_char(o, '"');
		break;
	case SOE_VALUE_BYTES:
		put_str(o, "=hex:");
		put_hex(o, v.bytes, v.len);
		if (ev->hdr.flags & SOE_F_OPTVAL_TRUNC)
			put_str(o, "...");
		break;
	}
}

static void field_option(struct out *o, const struct soe_event *ev)
{
	put_char(o, ' ');
	text_name(o, soe_level_name(ev->level), ev->level);
	put_char(o, ' ');
	text_name(o, soe_option_name(ev->level, ev->optname), ev->optname);
	text_optval(o, ev);
}

static void field_socket(struct out *o, const struct soe_event *ev)
{
	put_char(o, ' ');
	text_name(o, soe_family_name(ev->family), ev->family);
	put_char(o, ' ');
	text_name(o, soe_sock_type_name(ev->sock_type), ev->sock_type);
	put_char(o, ' ');
	text_name(o, soe_protocol_name(ev->family, ev->protocol), ev->protocol);
}

static void field_local(struct out *o, const struct soe_event *ev)
{
	text_sockaddr(o, ev, false);
}

static void field_remote(struct out *o, const struct soe_event *ev)
{
	text_sockaddr(o, ev, true);
}

static void field_state(struct out *o, const struct soe_event *ev)
{
	put_str(o, " state=");
	text_name(o, state_name(ev), ev->state);
}

static void field_inode(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, " inode=%" PRIu64, (uint64_t)ev->socket_inode);
}

/* The parent; and the ids in the initial pid namespace, when they differ. */
static void field_process(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, " ppid=%" PRIu32, ev->ppid);
	if (ev->host_pid != ev->pid || ev->host_tid != ev->tid ||
	    ev->host_ppid != ev->ppid)
		put_fmt(o, " hostpid=%" PRIu32 "/%" PRIu32 " hostppid=%" PRIu32,
			ev->host_pid, ev->host_tid, ev->host_ppid);
}

/* The uid is a column; the other ids only when they tell something more. */
static void field_ids(struct out *o, const struct soe_event *ev)
{
	if (ev->euid != ev->uid)
		put_fmt(o, " euid=%" PRIu32, ev->euid);
	if (ev->gid != ev->uid)
		put_fmt(o, " gid=%" PRIu32, ev->gid);
	if (ev->egid != ev->gid)
		put_fmt(o, " egid=%" PRIu32, ev->egid);
}

static void field_cgroup(struct out *o, const struct soe_event *ev)
{
	if (ev->cgroup_id)
		put_fmt(o, " cgroup=%" PRIu64, (uint64_t)ev->cgroup_id);
}

static void field_optlen(struct out *o, const struct soe_event *ev)
{
	put_fmt(o, " optlen=%d", ev->optlen);
}

static void field_flags(struct out *o, const struct soe_event *ev)
{
	if (!ev->hdr.flags)
		return;
	put_str(o, " flags=");
	put_flags(o, ev->hdr.flags);
}

static void field_syscall(struct out *o, const struct soe_event *ev)
{
	if (ev->syscall == SOE_SYSCALL_SETSOCKOPT)
		return;
	put_str(o, " via=");
	text_name(o, soe_syscall_name(ev->syscall), ev->syscall);
}

static void (*const text_fields[])(struct out *o, const struct soe_event *ev) = {
	field_option,
	field_socket,
	field_local,
	field_remote,
	field_state,
	field_inode,
	field_process,
	field_ids,
	field_cgroup,
	field_optlen,
	field_flags,
	field_syscall,
};

/* 2026-11-28T11:36:29.123456789, with a Z in UTC. */
static void text_time(struct out *o, uint64_t ns, bool utc)
{
	uint64_t secs = ns / 1000000000;
	unsigned int nsec = (unsigned int)(ns % 1000000000);
	time_t t = (time_t)secs;
	struct tm tm, *ok;
	char date[64];

	if ((uint64_t)t != secs)
		ok = NULL;
	else if (utc)
		ok = gmtime_r(&t, &tm);
	else
		ok = localtime_r(&t, &tm);
	if (!ok || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		put_fmt(o, "@%" PRIu64 ".%09u", secs, nsec);
		return;
	}
	put_fmt(o, "%s.%09u%s", date, nsec, utc ? "Z" : "");
}

/* Pad with spaces from column start to width. */
static void pad_to(struct out *o, size_t start, size_t width)
{
	while (!o->full && o->len - start < width)
		put_char(o, ' ');
}

/*
 * The columns: time, comm (16 wide), pid/tid (15, right-aligned), uid (6)
 * and fd (4); then the fields of text_fields[].
 */
static void text_event(struct out *o, const struct soe_event *ev, bool utc)
{
	char ids[32];
	size_t i, start;

	text_time(o, ev->hdr.timestamp_ns, utc);
	put_char(o, ' ');
	start = o->len;
	if (comm_len(ev))
		text_chars(o, (const unsigned char *)ev->comm, comm_len(ev));
	else
		put_str(o, "\"\"");
	pad_to(o, start, SOE_COMM_LEN);
	snprintf(ids, sizeof(ids), "%" PRIu32 "/%" PRIu32, ev->pid, ev->tid);
	put_fmt(o, " %15s %6" PRIu32 " %4d", ids, ev->uid, ev->fd);
	for (i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++)
		text_fields[i](o, ev);
	put_char(o, '\n');
}

static void text_loss(struct out *o, const struct soe_loss *loss, bool utc)
{
	text_time(o, loss->hdr.timestamp_ns, utc);
	put_fmt(o, " lost %" PRIu64 " events\n", (uint64_t)loss->lost);
}

static uint32_t swab32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

int soe_record_check(const void *rec, char *why, size_t why_size)
{
	struct soe_header hdr;

	memcpy(&hdr, rec, sizeof(hdr));
	if (hdr.magic == swab32(SOE_MAGIC)) {
		snprintf(why, why_size,
			 "bad magic 0x%08" PRIx32 " (expected 0x%08x): the record was written by a machine of the other byte order",
			 hdr.magic, SOE_MAGIC);
		return -1;
	}
	if (hdr.magic != SOE_MAGIC) {
		snprintf(why, why_size, "bad magic 0x%08" PRIx32 " (expected 0x%08x)",
			 hdr.magic, SOE_MAGIC);
		return -1;
	}
	if (hdr.version != SOE_VERSION) {
		snprintf(why, why_size,
			 "record version %u, this reader understands version %u",
			 hdr.version, SOE_VERSION);
		return -1;
	}
	if (hdr.size != SOE_RECORD_SIZE) {
		snprintf(why, why_size, "record size %u, expected %u",
			 hdr.size, SOE_RECORD_SIZE);
		return -1;
	}
	if (hdr.type != SOE_RECORD_EVENT && hdr.type != SOE_RECORD_LOSS) {
		snprintf(why, why_size, "unknown record type %u", hdr.type);
		return -1;
	}
	return hdr.type;
}

int soe_record_format(const void *rec, const struct soe_format_opts *opts,
		      char *line, size_t size)
{
	struct out o = { line, size, 0, false };
	union {
		struct soe_header hdr;
		struct soe_event ev;
		struct soe_loss loss;
	} r;

	if (!size)
		return -1;
	line[0] = '\0';
	memcpy(&r, rec, SOE_RECORD_SIZE);
	switch (r.hdr.type) {
	case SOE_RECORD_EVENT:
		if (opts->format == SOE_FORMAT_JSON)
			json_event(&o, &r.ev);
		else
			text_event(&o, &r.ev, opts->utc);
		break;
	case SOE_RECORD_LOSS:
		if (opts->format == SOE_FORMAT_JSON)
			json_loss(&o, &r.loss);
		else
			text_loss(&o, &r.loss, opts->utc);
		break;
	default:
		return -1;
	}
	return o.full ? -1 : (int)o.len;
}
