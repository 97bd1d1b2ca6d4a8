// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The audit tags of a call, worked out from its event record and, for
 * denied and failed, its result record.
 *
 * Adding a tag touches: its enum soe_tag in tags.h, its row in soe_tags[]
 * below with the function that decides it, a paragraph under TAGS in
 * sockopt-reader.1 (docs.sh fails until it is there), and its unit tests
 * in tests/unit/test_tags.c.  JSON, text, --audit and --help take it from
 * soe_tags[] by themselves.
 *
 * Adding a privileged option is one row of soe_priv_rules[] and a unit
 * test.  The rules come from reading the kernel's setsockopt code for
 * ns_capable()/capable()/sockopt_ns_capable()/sockopt_capable() checks of
 * CAP_NET_ADMIN or CAP_NET_RAW, in 4.19.79, 6.1 and 6.12.  The record does
 * not say which kernel wrote it, so an option is tagged when one of the
 * supported kernels (4.19 to 6.12) wants the capability for it; each row's
 * comment says where kernels differ.  Where the check depends on the value,
 * the rule reads the value from the record; a record without enough of it
 * (NULL, unreadable, shorter than the kernel reads) is not tagged, as the
 * kernel refuses such a call (EFAULT, EINVAL) before it looks at the
 * capability.  Where it depends on the socket's state (an earlier value,
 * a binding), which the record does not hold, the comment says how the
 * rule decides.
 *
 * Left out, the check depending on what the record cannot show:
 * TCP_CONGESTION and TCP_ULP (CAP_NET_ADMIN for an algorithm outside
 * net.ipv4.tcp_allowed_congestion_control, or one that must be loaded),
 * IPV6_FLOWLABEL_MGR (some lingers and shares), NETLINK_ADD_MEMBERSHIP (the
 * groups of families without NL_CFG_F_NONROOT_RECV), and HCI_FILTER, which
 * masks what an unprivileged caller asks for instead of refusing it.
 * SO_IP_SET is a getsockopt() option only.
 */
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "optval.h"
#include "tags.h"

#define INET	SOE_PRIV_INET
#define R(family, level, optname, last, when, name) \
	{ family, level, optname, last, SOE_PRIV_##when, name }

const struct soe_priv_rule soe_priv_rules[] = {
	/* SOL_SOCKET */
	R(0, 1, 1, 1, NONZERO, "SO_DEBUG"),
	/* CAP_NET_RAW or CAP_NET_ADMIN; 4.19: CAP_NET_ADMIN only */
	R(0, 1, 12, 12, PRIORITY, "SO_PRIORITY"),
	/*
	 * 4.19 to 5.6: always (CAP_NET_RAW); 5.7 on: only to change a
	 * binding the socket has, which the record does not show: tagged.
	 */
	R(0, 1, 25, 25, ALWAYS, "SO_BINDTODEVICE"),
	R(0, 1, 62, 62, ALWAYS, "SO_BINDTOIFINDEX"),
	/* 6.1, 6.12: on a TCP socket; not in 4.19 */
	R(0, 1, 26, 26, TCP, "SO_ATTACH_FILTER"),
	R(0, 1, 32, 33, ALWAYS, "SO_SNDBUFFORCE"),	/* and SO_RCVBUFFORCE */
	/* CAP_NET_RAW or CAP_NET_ADMIN; 4.19: CAP_NET_ADMIN only */
	R(0, 1, 36, 36, ALWAYS, "SO_MARK"),
	/*
	 * Raising it above the socket's value, which starts at
	 * net.core.busy_read (0 by default): tagged above 0.  4.19, 6.1;
	 * 6.12 has no check.
	 */
	R(0, 1, 46, 46, POSITIVE, "SO_BUSY_POLL"),
	/* 4.19: always; 6.1, 6.12: a clock other than CLOCK_MONOTONIC */
	R(0, 1, 61, 61, ALWAYS, "SO_TXTIME"),
	R(0, 1, 69, 69, NONZERO, "SO_PREFER_BUSY_POLL"),	/* 5.11 on */
	/* raising it above the socket's value, 0 at first: tagged above 0 */
	R(0, 1, 70, 70, POSITIVE, "SO_BUSY_POLL_BUDGET"),	/* 5.11 on */

	/* IPPROTO_IP */
	/* source routing (6.1, 6.12), CIPSO, SID, prespecified timestamps */
	R(INET, 0, 4, 4, IP_OPTIONS, "IP_OPTIONS"),
	R(INET, 0, 16, 17, ALWAYS, "IP_IPSEC_POLICY"),	/* and IP_XFRM_POLICY */
	R(INET, 0, 19, 19, NONZERO, "IP_TRANSPARENT"),
	/* iptables, arptables, ebtables (all at IPPROTO_IP), IPVS */
	R(INET, 0, 64, 65, ALWAYS, "IPT_SO_SET_REPLACE"),	/* .._ADD_COUNTERS */
	R(INET, 0, 96, 97, ALWAYS, "ARPT_SO_SET_REPLACE"),	/* .._ADD_COUNTERS */
	R(INET, 0, 128, 129, ALWAYS, "EBT_SO_SET_ENTRIES"),	/* .._COUNTERS */
	R(INET, 0, 1152, 1167, ALWAYS, "IP_VS_SO_SET_NONE"),	/* to .._ZERO */
	/*
	 * MRT_INIT to MRT_FLUSH: all but MRT_INIT want CAP_NET_ADMIN unless
	 * the socket is the one that gave MRT_INIT, a raw IGMP socket,
	 * which only CAP_NET_RAW can open.
	 */
	R(INET, 0, 200, 212, ALWAYS, "MRT_INIT"),

	/* IPPROTO_IPV6 */
	R(INET, 41, 34, 35, ALWAYS, "IPV6_IPSEC_POLICY"),	/* and IPV6_XFRM_POLICY */
	R(INET, 41, 54, 55, ALWAYS, "IPV6_HOPOPTS"),	/* and IPV6_RTHDRDSTOPTS */
	R(INET, 41, 59, 59, ALWAYS, "IPV6_DSTOPTS"),
	R(INET, 41, 64, 65, ALWAYS, "IP6T_SO_SET_REPLACE"),	/* .._ADD_COUNTERS */
	R(INET, 41, 75, 75, NONZERO, "IPV6_TRANSPARENT"),
	R(INET, 41, 200, 212, ALWAYS, "MRT6_INIT"),	/* to MRT6_FLUSH, as MRT_* */

	/* IPPROTO_TCP: TCP_REPAIR, and what works only in repair mode */
	R(INET, 6, 19, 22, ALWAYS, "TCP_REPAIR"),	/* .._QUEUE, TCP_QUEUE_SEQ, .._OPTIONS */
	R(INET, 6, 29, 29, ALWAYS, "TCP_REPAIR_WINDOW"),

	/* SOL_CAN_J1939 (5.4 on): the two highest priorities */
	R(AF_CAN, 107, 3, 3, BELOW_2, "SO_J1939_SEND_PRIO"),
	/* SOL_IEEE802154: WPAN_SECURITY, WPAN_SECURITY_LEVEL */
	R(AF_IEEE802154, 0, 1, 2, ALWAYS, "WPAN_SECURITY"),
	/* SOL_PNPIPE: whenever the call changes the encapsulation */
	R(AF_PHONET, 275, 1, 1, ALWAYS, "PNPIPE_ENCAP"),
};

const size_t soe_priv_rules_count = sizeof(soe_priv_rules) / sizeof(soe_priv_rules[0]);

/* The int at the start of the value, when the record holds one. */
static bool value_int(const struct soe_event *ev, int32_t *v)
{
	if (ev->optlen < (int32_t)sizeof(*v) || soe_optval_len(ev) < sizeof(*v))
		return false;
	memcpy(v, ev->optval, sizeof(*v));
	return true;
}

/*
 * IP options (RFC 791) that only CAP_NET_RAW may set: loose and strict
 * source routes (6.1, 6.12), CIPSO, stream id, and timestamps with
 * prespecified addresses.  An option past the bytes the record holds is
 * not seen.
 */
static bool ip_options_privileged(const struct soe_event *ev)
{
	size_t n = soe_optval_len(ev), i = 0;
	const unsigned char *p = ev->optval;

	while (i < n && p[i] != 0) {		/* IPOPT_END */
		if (p[i] == 1) {		/* IPOPT_NOOP */
			i++;
			continue;
		}
		switch (p[i]) {
		case 0x83:	/* IPOPT_LSRR */
		case 0x89:	/* IPOPT_SSRR */
		case 0x86:	/* IPOPT_CIPSO */
		case 0x88:	/* IPOPT_SID */
			return true;
		case 0x44:	/* IPOPT_TS: flags in the low nibble of byte 3 */
			if (i + 3 < n && (p[i + 3] & 0xf) == 3)	/* IPOPT_TS_PRESPEC */
				return true;
			break;
		}
		if (i + 1 >= n || p[i + 1] < 2)
			break;
		i += p[i + 1];
	}
	return false;
}

static bool rule_applies(const struct soe_priv_rule *r, const struct soe_event *ev)
{
	int32_t v;

	switch (r->when) {
	case SOE_PRIV_ALWAYS:
		return true;
	case SOE_PRIV_NONZERO:
		return value_int(ev, &v) && v != 0;
	case SOE_PRIV_POSITIVE:
		return value_int(ev, &v) && v > 0;
	case SOE_PRIV_PRIORITY:
		return value_int(ev, &v) && (v < 0 || v > 6);
	case SOE_PRIV_BELOW_2:
		return value_int(ev, &v) && v < 2;
	case SOE_PRIV_TCP:
		/* the kernel's sk_is_tcp(): a stream socket of IPPROTO_TCP */
		return ev->sock_type == SOCK_STREAM && ev->protocol == 6 &&
		       (ev->family == AF_INET || ev->family == AF_INET6);
	case SOE_PRIV_IP_OPTIONS:
		return ip_options_privileged(ev);
	}
	return false;
}

static bool is_privileged(const struct soe_event *ev)
{
	size_t i;

	for (i = 0; i < soe_priv_rules_count; i++) {
		const struct soe_priv_rule *r = &soe_priv_rules[i];

		if (r->level == ev->level && r->optname <= ev->optname &&
		    ev->optname <= r->last &&
		    (!r->family || r->family == ev->family ||
		     (r->family == SOE_PRIV_INET &&
		      (ev->family == AF_INET || ev->family == AF_INET6))))
			return rule_applies(r, ev);
	}
	return false;
}

/*
 * Attaching, replacing, detaching or locking a socket's packet filter: what
 * decides which packets a socket sees (a BPFDoor-like backdoor attaches one
 * to a raw socket).  Detaching and locking are in: an audit of filters
 * wants to see one removed, or pinned so that it cannot be.
 */
static bool is_socket_filter(const struct soe_event *ev)
{
	if (ev->level == 1)	/* SOL_SOCKET */
		switch (ev->optname) {
		case 26:	/* SO_ATTACH_FILTER */
		case 27:	/* SO_DETACH_FILTER, SO_DETACH_BPF */
		case 44:	/* SO_LOCK_FILTER */
		case 50:	/* SO_ATTACH_BPF */
		case 51:	/* SO_ATTACH_REUSEPORT_CBPF */
		case 52:	/* SO_ATTACH_REUSEPORT_EBPF */
		case 68:	/* SO_DETACH_REUSEPORT_BPF */
			return true;
		}
	/* SOL_PACKET PACKET_FANOUT_DATA: the fanout group's program */
	return ev->level == 263 && ev->optname == 22;
}

static bool is_redacted(const struct soe_event *ev)
{
	return ev->hdr.flags & SOE_F_OPTVAL_REDACTED;
}

/*
 * A raw socket of any family but netlink, whose SOCK_RAW is its ordinary
 * kind (the same as SOCK_DGRAM, open to anyone), and every packet socket.
 */
static bool is_raw_socket(const struct soe_event *ev)
{
	return (ev->sock_type == SOCK_RAW && ev->family != AF_NETLINK) ||
	       ev->family == AF_PACKET;
}

/* An LSM (AppArmor, SELinux, a BPF LSM program...) refused the call. */
static bool is_denied(const struct soe_result *r)
{
	return (r->hdr.flags & SOE_RESULT_F_LSM) && r->lsm_ret;
}

/* The call failed, and not because an LSM refused it. */
static bool is_failed(const struct soe_result *r)
{
	return (r->hdr.flags & SOE_RESULT_F_RET) && r->ret && !is_denied(r);
}

const struct soe_tag_info soe_tags[SOE_TAG_COUNT] = {
	[SOE_TAG_PRIVILEGED] = { "privileged", is_privileged, NULL },
	[SOE_TAG_DENIED] = { "denied", NULL, is_denied },
	[SOE_TAG_FAILED] = { "failed", NULL, is_failed },
	[SOE_TAG_SOCKET_FILTER] = { "socket_filter", is_socket_filter, NULL },
	[SOE_TAG_REDACTED] = { "redacted", is_redacted, NULL },
	[SOE_TAG_RAW_SOCKET] = { "raw_socket", is_raw_socket, NULL },
};

unsigned int soe_event_tags(const struct soe_event *ev)
{
	unsigned int tags = 0;
	size_t i;

	for (i = 0; i < SOE_TAG_COUNT; i++)
		if (soe_tags[i].applies && soe_tags[i].applies(ev))
			tags |= 1U << i;
	return tags;
}

unsigned int soe_result_tags(const struct soe_result *r)
{
	unsigned int tags = 0;
	size_t i;

	if (!r)
		return 0;
	for (i = 0; i < SOE_TAG_COUNT; i++)
		if (soe_tags[i].applies_result && soe_tags[i].applies_result(r))
			tags |= 1U << i;
	return tags;
}

void soe_put_tags(struct soe_out *o, unsigned int tags, const char *sep, bool quote)
{
	bool first = true;
	size_t i;

	for (i = 0; i < SOE_TAG_COUNT; i++) {
		if (!(tags & (1U << i)))
			continue;
		if (!first)
			soe_put_str(o, sep);
		first = false;
		if (quote)
			soe_put_fmt(o, "\"%s\"", soe_tags[i].name);
		else
			soe_put_str(o, soe_tags[i].name);
	}
}
