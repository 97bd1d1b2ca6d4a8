// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * JSON: one object per line, with the keys tracee uses for its
 * security_socket_setsockopt event; the event's arguments come from the
 * event_args[] table.  To show a new argument, write its function and add
 * a row.  Strings are escaped by soe_json_chars() (out.c).
 */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "bpf.h"
#include "describe.h"
#include "names.h"
#include "optval.h"
#include "render.h"
#include "tags.h"

/* A string; returns false when it does not parse back to exactly these bytes. */
static bool json_string(struct soe_out *o, const unsigned char *s, size_t n)
{
	bool exact;

	soe_put_char(o, '"');
	exact = soe_json_chars(o, s, n);
	soe_put_char(o, '"');
	return exact;
}

/*
 * A string from the record, under key; when its bytes are not valid UTF-8,
 * then hex_key with the exact bytes, two hex digits a byte.
 */
static void json_bytes(struct soe_out *o, const char *key, const char *hex_key,
		       const unsigned char *s, size_t n)
{
	soe_put_fmt(o, ",\"%s\":", key);
	if (json_string(o, s, n))
		return;
	soe_put_fmt(o, ",\"%s\":\"", hex_key);
	soe_put_hex(o, s, n);
	soe_put_char(o, '"');
}

/* A name as a JSON string, or the number when there is no name. */
static void json_name(struct soe_out *o, const char *name, long value)
{
	if (name)
		soe_put_fmt(o, "\"%s\"", name);
	else
		soe_put_fmt(o, "%ld", value);
}

static void json_sockaddr(struct soe_out *o, const struct soe_event *ev, bool remote)
{
	const char *family = soe_family_name(ev->family);
	struct soe_addr a;

	soe_put_str(o, "{\"sa_family\":");
	if (family)
		soe_put_fmt(o, "\"%s\"", family);
	else
		soe_put_fmt(o, "\"%u\"", ev->family);

	soe_addr_describe(ev, soe_names_of(ev), remote, &a);
	switch (a.kind) {
	case SOE_ADDR_NONE:
	case SOE_ADDR_UNKNOWN:
		break;
	case SOE_ADDR_INET:
		/* a raw socket has no port: no sin_port, nor sin6_port below */
		soe_put_fmt(o, ",\"sin_addr\":\"%s\"", a.ip);
		if (a.has_port)
			soe_put_fmt(o, ",\"sin_port\":\"%u\"", a.port);
		break;
	case SOE_ADDR_INET6:
		soe_put_fmt(o, ",\"sin6_addr\":\"%s\"", a.ip);
		if (a.has_port)
			soe_put_fmt(o, ",\"sin6_port\":\"%u\"", a.port);
		soe_put_fmt(o, ",\"sin6_flowinfo\":\"%u\",\"sin6_scopeid\":\"%u\"",
			    a.flowinfo, a.scope_id);
		break;
	case SOE_ADDR_UNIX:
		/*
		 * An abstract name is "@name", as tracee writes it, and
		 * sun_abstract says which kind: a path may start with '@' too.
		 */
		if (a.un.cut) {
			/* Not shown as if whole: cut, and how long it is. */
			soe_put_str(o, ",\"sun_path_cut\":true");
			if (a.un.whole_len)
				soe_put_fmt(o, ",\"sun_path_len\":%zu",
					    a.un.whole_len);
			break;
		}
		soe_put_str(o, ",\"sun_path\":\"");
		if (a.un.abstract)
			soe_put_char(o, '@');
		if (!soe_json_chars(o, a.un.bytes, a.un.len)) {
			soe_put_str(o, "\",\"sun_path_hex\":\"");
			soe_put_hex(o, a.un.bytes, a.un.len);
		}
		soe_put_fmt(o, "\",\"sun_abstract\":%s",
			    a.un.abstract ? "true" : "false");
		break;
	case SOE_ADDR_NETLINK:
		soe_put_fmt(o, ",\"nl_pid\":\"%u\",\"nl_groups\":\"%u\"",
			    a.nl_pid, a.nl_groups);
		break;
	case SOE_ADDR_PACKET: {
		const char *proto = soe_protocol_name(AF_PACKET, a.protocol);

		if (proto)
			soe_put_fmt(o, ",\"sll_protocol\":\"%s\"", proto);
		else
			soe_put_fmt(o, ",\"sll_protocol\":\"%u\"", a.protocol);
		soe_put_fmt(o, ",\"sll_ifindex\":\"%d\"", a.ifindex);
		break;
	}
	}
	soe_put_char(o, '}');
}

static void arg_sockfd(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, "%d", ev->fd);
}

static void arg_level(struct soe_out *o, const struct soe_event *ev)
{
	json_name(o, soe_level_name(ev->level), ev->level);
}

static void arg_optname(struct soe_out *o, const struct soe_event *ev)
{
	json_name(o, soe_option_name(ev->level, ev->optname), ev->optname);
}

static void arg_optlen(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, "%d", ev->optlen);
}

static void arg_optval(struct soe_out *o, const struct soe_event *ev)
{
	struct soe_value v;

	soe_optval_decode(ev, &v);
	switch (v.type) {
	case SOE_VALUE_NONE:
		soe_put_str(o, "null");
		break;
	case SOE_VALUE_INT:
		soe_put_fmt(o, "%" PRId64, v.i[0]);
		break;
	case SOE_VALUE_UINT:
		soe_put_fmt(o, "%" PRIu64, v.u);
		break;
	case SOE_VALUE_LINGER:
		soe_put_fmt(o, "{\"l_onoff\":%" PRId64 ",\"l_linger\":%" PRId64 "}",
			    v.i[0], v.i[1]);
		break;
	case SOE_VALUE_TIMEVAL:
		soe_put_fmt(o, "{\"tv_sec\":%" PRId64 ",\"tv_usec\":%" PRId64 "}",
			    v.i[0], v.i[1]);
		break;
	case SOE_VALUE_STRING:
		/* what the kernel uses; optval_hex has every byte */
		json_string(o, v.bytes, v.len);
		break;
	case SOE_VALUE_FIELDS: {
		size_t k;

		for (k = 0; k < v.nfields; k++)
			soe_put_fmt(o, "%s\"%s\":%" PRId64, k ? "," : "{",
				    v.names[k], v.i[k]);
		soe_put_char(o, '}');
		break;
	}
	case SOE_VALUE_BYTES:
		soe_put_char(o, '"');
		soe_put_hex(o, v.bytes, v.len);
		soe_put_char(o, '"');
		break;
	}
}

static void arg_optval_hex(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_char(o, '"');
	soe_put_hex(o, ev->optval, soe_optval_len(ev));
	soe_put_char(o, '"');
}

static void arg_local_addr(struct soe_out *o, const struct soe_event *ev)
{
	json_sockaddr(o, ev, false);
}

static void arg_remote_addr(struct soe_out *o, const struct soe_event *ev)
{
	json_sockaddr(o, ev, true);
}

static void arg_sock_type(struct soe_out *o, const struct soe_event *ev)
{
	json_name(o, soe_sock_type_name(ev->sock_type), ev->sock_type);
}

static void arg_protocol(struct soe_out *o, const struct soe_event *ev)
{
	json_name(o, soe_protocol_name(ev->family, ev->protocol), ev->protocol);
}

static void arg_sock_state(struct soe_out *o, const struct soe_event *ev)
{
	json_name(o, soe_state_name(ev), ev->state);
}

static void arg_socket_inode(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, "%" PRIu64, (uint64_t)ev->socket_inode);
}

static void arg_flags(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_char(o, '"');
	soe_put_flags(o, soe_event_flags(ev, soe_names_of(ev)));
	soe_put_char(o, '"');
}

/*
 * An eBPF program's "bpfFilter": "kind" first, so a consumer tells it from
 * a classic program's object (which has no "kind"); id, tag and type are
 * null when there was no program.  With --bpf, "listing" is empty.
 */
static void json_ebpf(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf)
{
	bool none = f->flags & SOE_BPF_F_NO_PROGRAM;
	const char *type = soe_bpf_prog_type_name(f->ebpf.prog_type);
	char tag[SOE_BPF_TAG_HEX];

	soe_put_fmt(o, ",\"bpfFilter\":{\"kind\":\"ebpf\",\"noProgram\":%s",
		    none ? "true" : "false");
	if (none) {
		soe_put_str(o, ",\"id\":null,\"tag\":null,\"type\":null");
	} else {
		soe_bpf_tag_hex(f, tag);
		soe_put_fmt(o, ",\"id\":%" PRIu32 ",\"tag\":\"%s\",\"type\":",
			    f->prog_id, tag);
		if (type)
			soe_put_fmt(o, "\"%s\"", type);
		else
			soe_put_fmt(o, "%" PRIu32, f->ebpf.prog_type);
	}
	if (bpf)
		soe_put_str(o, ",\"listing\":[]");
	soe_put_char(o, '}');
}

/*
 * "bpfFilter": a socket filter's program, from the record after the event:
 * its length and what was read of it, the CRC-32 of what was read, and the
 * listed instructions; with --bpf, "listing" has them as tcpdump -d.  An
 * eBPF program's is json_ebpf()'s.
 */
static void json_filter(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf)
{
	unsigned int i, listed = soe_bpf_listed(f);
	const char *image;

	if (soe_bpf_is_ebpf(f)) {
		json_ebpf(o, f, bpf);
		return;
	}
	soe_put_fmt(o, ",\"bpfFilter\":{\"len\":%u,\"read\":%u,\"crc32\":\"%08" PRIx32
		    "\",\"partial\":%s,\"tooLong\":%s,\"noProgram\":%s,\"listed\":%u,\"insns\":[",
		    f->len, f->read, f->crc32,
		    f->flags & SOE_BPF_F_FAULT ? "true" : "false",
		    f->flags & SOE_BPF_F_TOO_LONG ? "true" : "false",
		    f->flags & SOE_BPF_F_NO_PROGRAM ? "true" : "false", listed);
	for (i = 0; i < listed; i++)
		soe_put_fmt(o, "%s{\"code\":%u,\"jt\":%u,\"jf\":%u,\"k\":%" PRIu32 "}",
			    i ? "," : "", f->insns[i].code, f->insns[i].jt,
			    f->insns[i].jf, f->insns[i].k);
	soe_put_char(o, ']');
	if (bpf) {
		soe_put_str(o, ",\"listing\":[");
		for (i = 0; i < listed; i++) {
			image = soe_bpf_image(&f->insns[i], i);
			if (i)
				soe_put_char(o, ',');
			json_string(o, (const unsigned char *)image, strlen(image));
		}
		soe_put_char(o, ']');
	}
	soe_put_char(o, '}');
}

static const struct {
	const char *name;
	const char *type;
	void (*value)(struct soe_out *o, const struct soe_event *ev);
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

/* A list of the capabilities soe_event_net_caps() gives, or null. */
static void json_net_caps(struct soe_out *o, const struct soe_event *ev,
			  enum soe_cap_where where)
{
	unsigned int held;

	if (!soe_event_net_caps(ev, where, &held)) {
		soe_put_str(o, "null");
		return;
	}
	soe_put_str(o, held ? "[\"" : "[");
	soe_put_net_caps(o, held, "\",\"", false);
	soe_put_str(o, held ? "\"]" : "]");
}

/*
 * Version 3: the caller's effective capabilities as /proc/PID/status shows
 * CapEff (16 hex digits), and CAP_NET_ADMIN and CAP_NET_RAW where the
 * kernel checks them; null in older records.
 */
static void json_caps(struct soe_out *o, const struct soe_event *ev)
{
	uint64_t caps;

	if (!soe_event_caps(ev, &caps)) {
		soe_put_str(o, ",\"capEffective\":null,\"netCaps\":null");
		return;
	}
	soe_put_fmt(o, ",\"capEffective\":\"%016" PRIx64 "\",\"netCaps\":{\"netns\":", caps);
	json_net_caps(o, ev, SOE_CAP_NETNS);
	soe_put_str(o, ",\"init\":");
	json_net_caps(o, ev, SOE_CAP_INIT);
	soe_put_char(o, '}');
}

/* A number, or null when unknown. */
static void json_int_or_null(struct soe_out *o, const char *key, bool known,
			     int value)
{
	if (known)
		soe_put_fmt(o, ",\"%s\":%d", key, value);
	else
		soe_put_fmt(o, ",\"%s\":null", key);
}

/*
 * The call's result: returnValue (the call's, as tracee names it) and
 * lsmReturnValue (the LSMs' verdict), each null when unknown.
 */
static void json_result(struct soe_out *o, const struct soe_call_result *cr)
{
	json_int_or_null(o, "returnValue", cr->ret_known, cr->ret);
	json_int_or_null(o, "lsmReturnValue", cr->lsm_known, cr->lsm);
}

void soe_json_event(struct soe_out *o, const struct soe_event_names *e)
{
	struct soe_call_result cr;
	const struct soe_event *ev = &e->ev;
	const char *syscall = soe_syscall_name(ev->syscall);
	size_t i;

	soe_put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		    ",\"processId\":%" PRIu32 ",\"threadId\":%" PRIu32
		    ",\"parentProcessId\":%" PRIu32 ",\"hostProcessId\":%" PRIu32
		    ",\"hostThreadId\":%" PRIu32 ",\"hostParentProcessId\":%" PRIu32
		    ",\"userId\":%" PRIu32 ",\"effectiveUserId\":%" PRIu32
		    ",\"groupId\":%" PRIu32 ",\"effectiveGroupId\":%" PRIu32,
		    (uint64_t)ev->hdr.timestamp_ns, ev->hdr.cpu, ev->pid, ev->tid,
		    ev->ppid, ev->host_pid, ev->host_tid, ev->host_ppid,
		    ev->uid, ev->euid, ev->gid, ev->egid);
	json_caps(o, ev);
	json_bytes(o, "processName", "processNameHex",
		   (const unsigned char *)ev->comm, soe_comm_len(ev));
	soe_put_fmt(o, ",\"cgroupId\":%" PRIu64 ",\"pidNamespace\":%" PRIu32
		    ",\"netNamespace\":%" PRIu32 ",\"userNamespace\":%" PRIu32
		    ",\"utsNamespace\":%" PRIu32 ",\"cgroupNamespace\":%" PRIu32,
		    (uint64_t)ev->cgroup_id, ev->pid_ns, ev->net_ns, ev->user_ns,
		    ev->uts_ns, ev->cgroup_ns);
	soe_put_fmt(o, ",\"eventName\":\"security_socket_setsockopt\",\"syscall\":\"%s\""
		    ",\"seq\":%" PRIu64,
		    syscall ? syscall : "unknown", (uint64_t)ev->hdr.seq);
	soe_call_result(ev, e->result, &cr);
	json_result(o, &cr);
	soe_put_str(o, ",\"args\":[");
	for (i = 0; i < sizeof(event_args) / sizeof(event_args[0]); i++) {
		soe_put_fmt(o, "%s{\"name\":\"%s\",\"type\":\"%s\",\"value\":",
			    i ? "," : "", event_args[i].name, event_args[i].type);
		event_args[i].value(o, ev);
		soe_put_char(o, '}');
	}
	soe_put_char(o, ']');
	if (ev->hdr.version >= 3 && (ev->hdr.flags & SOE_F_BPF_FILTER)) {
		if (e->filter)
			json_filter(o, e->filter, e->bpf);
		else
			soe_put_str(o, ",\"bpfFilter\":null");
	}
	/* always there, [] when none: tags.h */
	soe_put_str(o, ",\"tags\":[");
	soe_put_tags(o, soe_event_tags(ev) | soe_result_tags(e->result), ",", true);
	soe_put_str(o, "]}\n");
}

void soe_json_result(struct soe_out *o, const struct soe_result *r)
{
	const char *syscall = soe_syscall_name(r->syscall);
	struct soe_call_result cr;

	soe_call_result(NULL, r, &cr);
	soe_put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		    ",\"hostThreadId\":%" PRIu32 ",\"eventName\":\"result\""
		    ",\"syscall\":\"%s\",\"seq\":%" PRIu64 ",\"eventSeq\":%" PRIu64,
		    (uint64_t)r->hdr.timestamp_ns, r->hdr.cpu, r->host_tid,
		    syscall ? syscall : "unknown", (uint64_t)r->hdr.seq,
		    (uint64_t)r->event_seq);
	json_result(o, &cr);
	soe_put_str(o, ",\"tags\":[");
	soe_put_tags(o, soe_result_tags(r), ",", true);
	soe_put_str(o, "]}\n");
}

void soe_json_filter(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf)
{
	soe_put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		    ",\"eventName\":\"bpf_filter\",\"seq\":%" PRIu64
		    ",\"eventMissing\":true",
		    (uint64_t)f->hdr.timestamp_ns, f->hdr.cpu, (uint64_t)f->hdr.seq);
	json_filter(o, f, bpf);
	soe_put_str(o, "}\n");
}

void soe_json_loss(struct soe_out *o, const struct soe_loss *loss)
{
	soe_put_fmt(o, "{\"timestamp\":%" PRIu64 ",\"processorId\":%" PRIu32
		    ",\"eventName\":\"lost\",\"seq\":%" PRIu64 ",\"lost\":%" PRIu64 "}\n",
		    (uint64_t)loss->hdr.timestamp_ns, loss->hdr.cpu,
		    (uint64_t)loss->hdr.seq, (uint64_t)loss->lost);
}
