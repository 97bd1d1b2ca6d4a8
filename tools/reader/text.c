// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Text: one line, aligned columns for the time, the task, its ids and the
 * fd, then space-separated fields from the text_fields[] table.  To show a
 * new field, write its function and add a row.  Strings are escaped by
 * soe_text_chars() (out.c).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "bpf.h"
#include "describe.h"
#include "names.h"
#include "optval.h"
#include "render.h"
#include "tags.h"

static void text_name(struct soe_out *o, const char *name, long value)
{
	if (name)
		soe_put_str(o, name);
	else
		soe_put_fmt(o, "%ld", value);
}

/* Each field writes " " and itself, or nothing when it has no value. */

static void text_sockaddr(struct soe_out *o, const struct soe_event *ev, bool remote)
{
	const char *label = remote ? " remote=" : " local=";
	struct soe_addr a;

	soe_addr_describe(ev, soe_names_of(ev), remote, &a);
	switch (a.kind) {
	case SOE_ADDR_NONE:
		break;
	case SOE_ADDR_UNKNOWN:
		soe_put_fmt(o, "%s?", label);
		break;
	case SOE_ADDR_INET:
		soe_put_fmt(o, "%s%s", label, a.ip);
		if (a.has_port)		/* a raw socket has none */
			soe_put_fmt(o, ":%u", a.port);
		break;
	case SOE_ADDR_INET6:
		if (a.scope_id)
			soe_put_fmt(o, "%s[%s%%%u]", label, a.ip, a.scope_id);
		else
			soe_put_fmt(o, "%s[%s]", label, a.ip);
		if (a.has_port)
			soe_put_fmt(o, ":%u", a.port);
		break;
	case SOE_ADDR_UNIX:
		/*
		 * @name is abstract, "" unnamed, ? not read, ?cut:N a name of N
		 * bytes the record could not hold (?cut: length unknown); so a
		 * path that starts with '@' or '?' shows that byte escaped.
		 */
		soe_put_str(o, label);
		if (a.un.cut) {
			soe_put_str(o, "?cut");
			if (a.un.whole_len)
				soe_put_fmt(o, ":%zu", a.un.whole_len);
			break;
		}
		if (a.un.abstract) {
			soe_put_char(o, '@');
		} else if (!a.un.len) {
			soe_put_str(o, "\"\"");
		} else if (a.un.bytes[0] == '@' || a.un.bytes[0] == '?') {
			soe_put_fmt(o, "\\x%02x", a.un.bytes[0]);
			soe_text_chars(o, a.un.bytes + 1, a.un.len - 1);
			break;
		}
		soe_text_chars(o, a.un.bytes, a.un.len);
		break;
	case SOE_ADDR_NETLINK:
		soe_put_fmt(o, "%spid:%u,groups:%u", label, a.nl_pid, a.nl_groups);
		break;
	case SOE_ADDR_PACKET:
		soe_put_fmt(o, "%sifindex:%d,protocol:", label, a.ifindex);
		text_name(o, soe_protocol_name(AF_PACKET, a.protocol), a.protocol);
		break;
	}
}

/*
 * The option's value after its name: =1, ={l_onoff=1,l_linger=7}, ="bbr",
 * ="abcdefghijklmno"+ignored:7071 (bytes past what the kernel reads),
 * ={flags=1,bind_phc=0}, =hex:0a0b.
 */
static void text_optval(struct soe_out *o, const struct soe_event *ev)
{
	struct soe_value v;

	soe_optval_decode(ev, &v);
	switch (v.type) {
	case SOE_VALUE_NONE:
		return;
	case SOE_VALUE_INT:
		soe_put_fmt(o, "=%" PRId64, v.i[0]);
		break;
	case SOE_VALUE_UINT:
		soe_put_fmt(o, "=%" PRIu64, v.u);
		break;
	case SOE_VALUE_LINGER:
		soe_put_fmt(o, "={l_onoff=%" PRId64 ",l_linger=%" PRId64 "}", v.i[0], v.i[1]);
		break;
	case SOE_VALUE_TIMEVAL:
		soe_put_fmt(o, "={tv_sec=%" PRId64 ",tv_usec=%" PRId64 "}", v.i[0], v.i[1]);
		break;
	case SOE_VALUE_STRING:
		soe_put_str(o, "=\"");
		soe_text_chars(o, v.bytes, v.len);
		soe_put_char(o, '"');
		if (v.ignored) {
			/* bytes the kernel does not read */
			soe_put_str(o, "+ignored:");
			soe_put_hex(o, v.bytes + v.len, v.ignored);
			if (ev->hdr.flags & SOE_F_OPTVAL_TRUNC)
				soe_put_str(o, "...");
		}
		break;
	case SOE_VALUE_FIELDS: {
		size_t k;

		for (k = 0; k < v.nfields; k++)
			soe_put_fmt(o, "%s%s=%" PRId64, k ? "," : "={", v.names[k], v.i[k]);
		soe_put_char(o, '}');
		break;
	}
	case SOE_VALUE_BYTES:
		soe_put_str(o, "=hex:");
		soe_put_hex(o, v.bytes, v.len);
		if (ev->hdr.flags & SOE_F_OPTVAL_TRUNC)
			soe_put_str(o, "...");
		break;
	}
}

static void field_option(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_char(o, ' ');
	text_name(o, soe_level_name(ev->level), ev->level);
	soe_put_char(o, ' ');
	text_name(o, soe_option_name(ev->level, ev->optname), ev->optname);
	text_optval(o, ev);
}

static void field_socket(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_char(o, ' ');
	text_name(o, soe_family_name(ev->family), ev->family);
	soe_put_char(o, ' ');
	text_name(o, soe_sock_type_name(ev->sock_type), ev->sock_type);
	soe_put_char(o, ' ');
	text_name(o, soe_protocol_name(ev->family, ev->protocol), ev->protocol);
}

static void field_local(struct soe_out *o, const struct soe_event *ev)
{
	text_sockaddr(o, ev, false);
}

static void field_remote(struct soe_out *o, const struct soe_event *ev)
{
	text_sockaddr(o, ev, true);
}

static void field_state(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_str(o, " state=");
	text_name(o, soe_state_name(ev), ev->state);
}

static void field_inode(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, " inode=%" PRIu64, (uint64_t)ev->socket_inode);
}

/* The parent; and the ids in the initial pid namespace, when they differ. */
static void field_process(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, " ppid=%" PRIu32, ev->ppid);
	if (ev->host_pid != ev->pid || ev->host_tid != ev->tid ||
	    ev->host_ppid != ev->ppid)
		soe_put_fmt(o, " hostpid=%" PRIu32 "/%" PRIu32 " hostppid=%" PRIu32,
			    ev->host_pid, ev->host_tid, ev->host_ppid);
}

/* The uid is a column; the other ids only when they tell something more. */
static void field_ids(struct soe_out *o, const struct soe_event *ev)
{
	if (ev->euid != ev->uid)
		soe_put_fmt(o, " euid=%" PRIu32, ev->euid);
	if (ev->gid != ev->uid)
		soe_put_fmt(o, " gid=%" PRIu32, ev->gid);
	if (ev->egid != ev->gid)
		soe_put_fmt(o, " egid=%" PRIu32, ev->egid);
}

/*
 * Version 3: CAP_NET_ADMIN and CAP_NET_RAW held where setsockopt() checks
 * them for the socket (its net namespace's owner), when the caller had
 * one; and in the initial namespace when that differs.
 */
static void field_caps(struct soe_out *o, const struct soe_event *ev)
{
	unsigned int netns, init;
	bool known = soe_event_net_caps(ev, SOE_CAP_NETNS, &netns);

	if (!soe_event_net_caps(ev, SOE_CAP_INIT, &init))
		return;
	if (known && netns) {
		soe_put_str(o, " netcaps=");
		soe_put_net_caps(o, netns, ",", true);
	}
	if (!known || init != netns) {
		soe_put_str(o, " initcaps=");
		if (init)
			soe_put_net_caps(o, init, ",", true);
		else
			soe_put_char(o, '-');
	}
}

static void field_cgroup(struct soe_out *o, const struct soe_event *ev)
{
	if (ev->cgroup_id)
		soe_put_fmt(o, " cgroup=%" PRIu64, (uint64_t)ev->cgroup_id);
}

static void field_optlen(struct soe_out *o, const struct soe_event *ev)
{
	soe_put_fmt(o, " optlen=%d", ev->optlen);
}

static void field_flags(struct soe_out *o, const struct soe_event *ev)
{
	unsigned int flags = soe_event_flags(ev, soe_names_of(ev));

	if (!flags)
		return;
	soe_put_str(o, " flags=");
	soe_put_flags(o, flags);
}

static void field_syscall(struct soe_out *o, const struct soe_event *ev)
{
	if (ev->syscall == SOE_SYSCALL_SETSOCKOPT)
		return;
	soe_put_str(o, " via=");
	text_name(o, soe_syscall_name(ev->syscall), ev->syscall);
}

/*
 * The call's result, when not 0: ret=-EPERM, and lsm=-EACCES when an LSM
 * refused it; ret=? when the event announced a result the reader does not
 * have, or whose return value is unknown.
 */
static void text_result(struct soe_out *o, const struct soe_call_result *cr)
{
	if (cr->ret_known && cr->ret) {
		soe_put_str(o, " ret=");
		soe_put_errno(o, cr->ret);
	} else if (cr->expected && !cr->ret_known) {
		soe_put_str(o, " ret=?");
	}
	if (cr->lsm_known && cr->lsm) {
		soe_put_str(o, " lsm=");
		soe_put_errno(o, cr->lsm);
	}
}

static void field_result(struct soe_out *o, const struct soe_event *ev)
{
	struct soe_call_result cr;

	soe_call_result(ev, soe_event_of(ev)->result, &cr);
	text_result(o, &cr);
}

/* The audit tags (tags.h), as flags= shows flags: tags=privileged|raw_socket. */
static void field_tags(struct soe_out *o, const struct soe_event *ev)
{
	unsigned int tags = soe_event_tags(ev) |
			    soe_result_tags(soe_event_of(ev)->result);

	if (!tags)
		return;
	soe_put_str(o, " tags=");
	soe_put_tags(o, tags, "|", false);
}

/*
 * filter=len:N,crc32:X: a socket filter's program of N instructions and the
 * CRC-32 of them; when fewer were read, read:M after len, and why (partial:
 * a fault; too_long: past the kernel's limit).  filter=ebpf:id:N,tag:X: an
 * eBPF program's id and tag.  ? when the record with it did not follow the
 * event; none when the value held no program.
 */
static void text_filter(struct soe_out *o, const struct soe_bpf_filter *f)
{
	char tag[SOE_BPF_TAG_HEX];

	if (f->flags & SOE_BPF_F_NO_PROGRAM) {
		soe_put_str(o, " filter=none");
		return;
	}
	if (soe_bpf_is_ebpf(f)) {
		soe_bpf_tag_hex(f, tag);
		soe_put_fmt(o, " filter=ebpf:id:%" PRIu32 ",tag:%s", f->prog_id, tag);
		return;
	}
	soe_put_fmt(o, " filter=len:%u", f->len);
	if (f->read != f->len)
		soe_put_fmt(o, ",read:%u", f->read);
	soe_put_fmt(o, ",crc32:%08" PRIx32, f->crc32);
	if (f->flags & SOE_BPF_F_FAULT)
		soe_put_str(o, ",partial");
	if (f->flags & SOE_BPF_F_TOO_LONG)
		soe_put_str(o, ",too_long");
}

static void field_filter(struct soe_out *o, const struct soe_event *ev)
{
	const struct soe_bpf_filter *f = soe_event_of(ev)->filter;

	if (ev->hdr.version < 3 || !(ev->hdr.flags & SOE_F_BPF_FILTER))
		return;
	if (f)
		text_filter(o, f);
	else
		soe_put_str(o, " filter=?");
}

/* --bpf: the listed instructions, a line each, as tcpdump -d prints them. */
static void text_listing(struct soe_out *o, const struct soe_bpf_filter *f)
{
	unsigned int i, listed = soe_bpf_listed(f);

	for (i = 0; i < listed; i++)
		soe_put_fmt(o, "%s\n", soe_bpf_image(&f->insns[i], i));
	if (f->read > listed)
		soe_put_fmt(o, "; %u more instructions read, not in the record\n",
			    f->read - listed);
}

static void (*const text_fields[])(struct soe_out *o, const struct soe_event *ev) = {
	field_option,
	field_socket,
	field_local,
	field_remote,
	field_state,
	field_inode,
	field_process,
	field_ids,
	field_caps,
	field_cgroup,
	field_optlen,
	field_flags,
	field_syscall,
	field_result,
	field_filter,
	field_tags,
};

/*
 * ISO 8601 with the offset from UTC, so that a line read elsewhere, or
 * after a change of zone or daylight saving time, names one instant:
 * 2026-11-28T12:36:29.123456789+01:00 in local time, ...Z in UTC.  A zone
 * offset that is not whole minutes (only historic local mean times have
 * one) cannot be written so: such a time is given in UTC.
 */
static void text_time(struct soe_out *o, uint64_t ns, bool utc)
{
	uint64_t secs = ns / 1000000000;
	unsigned int nsec = (unsigned int)(ns % 1000000000);
	time_t t = (time_t)secs;
	struct tm tm, *ok = NULL;
	char date[64];
	long off;

	if ((uint64_t)t == secs && !utc) {
		ok = localtime_r(&t, &tm);
		if (ok && tm.tm_gmtoff % 60)
			ok = NULL;
	}
	if ((uint64_t)t == secs && !ok) {
		utc = true;
		ok = gmtime_r(&t, &tm);
	}
	if (!ok || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm)) {
		soe_put_fmt(o, "@%" PRIu64 ".%09u", secs, nsec);
		return;
	}
	soe_put_fmt(o, "%s.%09u", date, nsec);
	if (utc) {
		soe_put_char(o, 'Z');
		return;
	}
	off = tm.tm_gmtoff / 60;
	soe_put_fmt(o, "%c%02ld:%02ld", off < 0 ? '-' : '+',
		    labs(off) / 60, labs(off) % 60);
}

/* Pad with spaces from column start to width. */
static void pad_to(struct soe_out *o, size_t start, size_t width)
{
	while (!o->full && o->len - start < width)
		soe_put_char(o, ' ');
}

/*
 * The columns: time, comm (16 wide), pid/tid (15, right-aligned), uid (6)
 * and fd (4); then the fields of text_fields[].
 */
void soe_text_event(struct soe_out *o, const struct soe_event_names *e, bool utc)
{
	const struct soe_event *ev = &e->ev;
	size_t i, start, comm = soe_comm_len(ev);
	char ids[32];

	text_time(o, ev->hdr.timestamp_ns, utc);
	soe_put_char(o, ' ');
	start = o->len;
	if (comm)
		soe_text_chars(o, (const unsigned char *)ev->comm, comm);
	else
		soe_put_str(o, "\"\"");
	pad_to(o, start, SOE_COMM_LEN);
	snprintf(ids, sizeof(ids), "%" PRIu32 "/%" PRIu32, ev->pid, ev->tid);
	soe_put_fmt(o, " %15s %6" PRIu32 " %4d", ids, ev->uid, ev->fd);
	for (i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++)
		text_fields[i](o, ev);
	soe_put_char(o, '\n');
	if (e->bpf && e->filter)
		text_listing(o, e->filter);
}

void soe_text_filter(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf,
		     bool utc)
{
	text_time(o, f->hdr.timestamp_ns, utc);
	soe_put_fmt(o, " filter record seq=%" PRIu64 " without its event:",
		    (uint64_t)f->hdr.seq);
	text_filter(o, f);
	soe_put_char(o, '\n');
	if (bpf)
		text_listing(o, f);
}

void soe_text_result(struct soe_out *o, const struct soe_result *r, bool utc)
{
	struct soe_call_result cr;
	unsigned int tags = soe_result_tags(r);

	soe_call_result(NULL, r, &cr);
	text_time(o, r->hdr.timestamp_ns, utc);
	soe_put_fmt(o, " result of seq=%" PRIu64 " tid=%" PRIu32 ":",
		    (uint64_t)r->event_seq, r->host_tid);
	if (cr.ret_known && !cr.ret && !(cr.lsm_known && cr.lsm))
		soe_put_str(o, " ret=0");
	text_result(o, &cr);
	if (tags) {
		soe_put_str(o, " tags=");
		soe_put_tags(o, tags, "|", false);
	}
	soe_put_char(o, '\n');
}

void soe_text_loss(struct soe_out *o, const struct soe_loss *loss, bool utc)
{
	text_time(o, loss->hdr.timestamp_ns, utc);
	soe_put_fmt(o, " lost %" PRIu64 " events\n", (uint64_t)loss->lost);
}
