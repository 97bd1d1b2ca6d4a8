// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The audit tags (tools/reader/tags.c): each rule, with the values on
 * both sides of a value-dependent one, the cases that must not be tagged,
 * and how JSON and text show them.  The expected tags are written out
 * here, not taken from the rule table, so a wrong row fails.
 */
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "craft.h"
#include "names.h"
#include "tags.h"
#include "tap.h"
#include "tests.h"

#define PRIV	(1U << SOE_TAG_PRIVILEGED)
#define FILTER	(1U << SOE_TAG_SOCKET_FILTER)
#define REDACT	(1U << SOE_TAG_REDACTED)
#define RAW	(1U << SOE_TAG_RAW_SOCKET)

/* craft_event()'s TCP/IPv4 socket with an int option. */
static unsigned int int_option(int level, int optname, int32_t value)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_option(&ev, level, optname, &value, sizeof(value));
	return soe_event_tags(&ev);
}

/* The same on a socket of family, type and protocol. */
static unsigned int int_option_on(int family, int type, int protocol, int level,
				  int optname, int32_t value)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = family;
	ev.sock_type = type;
	ev.protocol = protocol;
	craft_option(&ev, level, optname, &value, sizeof(value));
	return soe_event_tags(&ev);
}

static void tag_list(void)
{
	/* the names JSON, text, --audit and the man page use */
	CHECK_STR(soe_tags[SOE_TAG_PRIVILEGED].name, "privileged");
	CHECK_STR(soe_tags[SOE_TAG_DENIED].name, "denied");
	CHECK_STR(soe_tags[SOE_TAG_FAILED].name, "failed");
	CHECK_STR(soe_tags[SOE_TAG_SOCKET_FILTER].name, "socket_filter");
	CHECK_STR(soe_tags[SOE_TAG_REDACTED].name, "redacted");
	CHECK_STR(soe_tags[SOE_TAG_RAW_SOCKET].name, "raw_socket");
	/* denied and failed come from the call's result, the rest from the event */
	CHECK(soe_tags[SOE_TAG_DENIED].applies_result && !soe_tags[SOE_TAG_DENIED].applies);
	CHECK(soe_tags[SOE_TAG_FAILED].applies_result && !soe_tags[SOE_TAG_FAILED].applies);
	CHECK(soe_tags[SOE_TAG_PRIVILEGED].applies && !soe_tags[SOE_TAG_PRIVILEGED].applies_result);
}

static unsigned int result_tags(unsigned int flags, int lsm_ret, int ret)
{
	struct soe_result r;

	memset(&r, 0, sizeof(r));
	r.hdr.type = SOE_RECORD_RESULT;
	r.hdr.flags = flags;
	r.lsm_ret = lsm_ret;
	r.ret = ret;
	return soe_result_tags(&r);
}

#define BOTH	(SOE_RESULT_F_LSM | SOE_RESULT_F_RET)
#define DENIED	(1U << SOE_TAG_DENIED)
#define FAILED	(1U << SOE_TAG_FAILED)

static void denied_and_failed(void)
{
	CHECK_INT(soe_result_tags(NULL), 0);
	CHECK_INT(result_tags(BOTH, 0, 0), 0);
	/* An LSM refused: the call returns its error; denied, not failed. */
	CHECK_INT(result_tags(BOTH, -EPERM, -EPERM), DENIED);
	CHECK_INT(result_tags(BOTH, -EACCES, -EACCES), DENIED);
	CHECK_INT(result_tags(SOE_RESULT_F_LSM, -EACCES, 0), DENIED);
	/* Allowed, then failed. */
	CHECK_INT(result_tags(BOTH, 0, -EPERM), FAILED);
	CHECK_INT(result_tags(BOTH, 0, -ENOPROTOOPT), FAILED);
	/* Unknown parts decide nothing, whatever the fields hold. */
	CHECK_INT(result_tags(SOE_RESULT_F_LSM, 0, -EINVAL), 0);
	CHECK_INT(result_tags(SOE_RESULT_F_RET, -EPERM, 0), 0);
	CHECK_INT(result_tags(0, -EPERM, -EPERM), 0);
}

static void privileged_always(void)
{
	/* SOL_SOCKET */
	CHECK_INT(int_option(1, 36, 0), PRIV);		/* SO_MARK, even 0 */
	CHECK_INT(int_option(1, 32, 65536), PRIV);	/* SO_SNDBUFFORCE */
	CHECK_INT(int_option(1, 33, 65536), PRIV);	/* SO_RCVBUFFORCE */
	CHECK_INT(int_option(1, 61, 1), PRIV);		/* SO_TXTIME (4.19) */
	CHECK_INT(int_option(1, 62, 2), PRIV);		/* SO_BINDTOIFINDEX */
	/* IPPROTO_IP: IPsec policies, netfilter tables, IPVS, multicast routing */
	CHECK_INT(int_option(0, 16, 0), PRIV);		/* IP_IPSEC_POLICY */
	CHECK_INT(int_option(0, 17, 0), PRIV);		/* IP_XFRM_POLICY */
	CHECK_INT(int_option(0, 64, 0), PRIV);		/* IPT_SO_SET_REPLACE */
	CHECK_INT(int_option(0, 65, 0), PRIV);		/* IPT_SO_SET_ADD_COUNTERS */
	CHECK_INT(int_option(0, 96, 0), PRIV);		/* ARPT_SO_SET_REPLACE */
	CHECK_INT(int_option(0, 97, 0), PRIV);		/* ARPT_SO_SET_ADD_COUNTERS */
	CHECK_INT(int_option(0, 128, 0), PRIV);		/* EBT_SO_SET_ENTRIES */
	CHECK_INT(int_option(0, 129, 0), PRIV);		/* EBT_SO_SET_COUNTERS */
	CHECK_INT(int_option(0, 1152, 0), PRIV);	/* IP_VS_SO_SET_NONE */
	CHECK_INT(int_option(0, 1167, 0), PRIV);	/* IP_VS_SO_SET_ZERO */
	CHECK_INT(int_option(0, 200, 1), PRIV);		/* MRT_INIT */
	CHECK_INT(int_option(0, 212, 1), PRIV);		/* MRT_FLUSH */
	/* IPPROTO_IPV6 */
	CHECK_INT(int_option(41, 34, 0), PRIV);		/* IPV6_IPSEC_POLICY */
	CHECK_INT(int_option(41, 35, 0), PRIV);		/* IPV6_XFRM_POLICY */
	CHECK_INT(int_option(41, 54, 0), PRIV);		/* IPV6_HOPOPTS */
	CHECK_INT(int_option(41, 55, 0), PRIV);		/* IPV6_RTHDRDSTOPTS */
	CHECK_INT(int_option(41, 59, 0), PRIV);		/* IPV6_DSTOPTS */
	CHECK_INT(int_option(41, 64, 0), PRIV);		/* IP6T_SO_SET_REPLACE */
	CHECK_INT(int_option(41, 65, 0), PRIV);		/* IP6T_SO_SET_ADD_COUNTERS */
	CHECK_INT(int_option(41, 200, 1), PRIV);	/* MRT6_INIT */
	CHECK_INT(int_option(41, 212, 1), PRIV);	/* MRT6_FLUSH */
	/* IPPROTO_TCP: repair mode and what needs it */
	CHECK_INT(int_option(6, 19, 1), PRIV);		/* TCP_REPAIR */
	CHECK_INT(int_option(6, 20, 1), PRIV);		/* TCP_REPAIR_QUEUE */
	CHECK_INT(int_option(6, 21, 1), PRIV);		/* TCP_QUEUE_SEQ */
	CHECK_INT(int_option(6, 22, 1), PRIV);		/* TCP_REPAIR_OPTIONS */
	CHECK_INT(int_option(6, 29, 1), PRIV);		/* TCP_REPAIR_WINDOW */
	/* other families */
	CHECK_INT(int_option_on(36, SOCK_DGRAM, 0, 0, 1, 1), PRIV);	/* WPAN_SECURITY */
	CHECK_INT(int_option_on(36, SOCK_DGRAM, 0, 0, 2, 1), PRIV);	/* WPAN_SECURITY_LEVEL */
	CHECK_INT(int_option_on(35, SOCK_SEQPACKET, 3, 275, 1, 1), PRIV);	/* PNPIPE_ENCAP */
}

static void privileged_by_value(void)
{
	/* SO_PRIORITY: 0 to 6 for anyone, the rest with the capability */
	CHECK_INT(int_option(1, 12, 0), 0);
	CHECK_INT(int_option(1, 12, 6), 0);
	CHECK_INT(int_option(1, 12, 7), PRIV);
	CHECK_INT(int_option(1, 12, -1), PRIV);
	CHECK_INT(int_option(1, 12, 0x10000), PRIV);
	/* switching on */
	CHECK_INT(int_option(1, 1, 0), 0);		/* SO_DEBUG */
	CHECK_INT(int_option(1, 1, 1), PRIV);
	CHECK_INT(int_option(0, 19, 0), 0);		/* IP_TRANSPARENT */
	CHECK_INT(int_option(0, 19, 1), PRIV);
	CHECK_INT(int_option(41, 75, 0), 0);		/* IPV6_TRANSPARENT */
	CHECK_INT(int_option(41, 75, 1), PRIV);
	CHECK_INT(int_option(1, 69, 0), 0);		/* SO_PREFER_BUSY_POLL */
	CHECK_INT(int_option(1, 69, 1), PRIV);
	/* raising from the first value, 0 */
	CHECK_INT(int_option(1, 46, 0), 0);		/* SO_BUSY_POLL */
	CHECK_INT(int_option(1, 46, 50), PRIV);
	CHECK_INT(int_option(1, 70, 0), 0);		/* SO_BUSY_POLL_BUDGET */
	CHECK_INT(int_option(1, 70, 8), PRIV);
	/* SO_J1939_SEND_PRIO: 0 and 1 are the privileged priorities */
	CHECK_INT(int_option_on(AF_CAN, SOCK_DGRAM, 7, 107, 3, 0), PRIV);
	CHECK_INT(int_option_on(AF_CAN, SOCK_DGRAM, 7, 107, 3, 1), PRIV);
	CHECK_INT(int_option_on(AF_CAN, SOCK_DGRAM, 7, 107, 3, 2), 0);
	CHECK_INT(int_option_on(AF_CAN, SOCK_DGRAM, 7, 107, 3, 7), 0);
}

static void privileged_by_socket(void)
{
	/* SO_ATTACH_FILTER wants CAP_NET_ADMIN on a TCP socket only (6.1 on) */
	CHECK_INT(int_option(1, 26, 0), PRIV | FILTER);
	CHECK_INT(int_option_on(AF_INET6, SOCK_STREAM, 6, 1, 26, 0), PRIV | FILTER);
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 26, 0), FILTER);
	CHECK_INT(int_option_on(AF_INET, SOCK_STREAM, 262, 1, 26, 0), FILTER);	/* MPTCP */
	CHECK_INT(int_option_on(AF_PACKET, SOCK_RAW, 3, 1, 26, 0), FILTER | RAW);
	/* SO_BINDTODEVICE: the record cannot say whether it rebinds */
	CHECK_INT(int_option(1, 25, 0x30687465), PRIV);
}

/* IP_OPTIONS with these bytes (padded with IPOPT_END to a multiple of 4). */
static unsigned int ip_options(const void *opts, size_t len)
{
	unsigned char buf[40] = { 0 };
	struct soe_event ev;

	memcpy(buf, opts, len);
	craft_event(&ev);
	craft_option(&ev, 0, 4, buf, (len + 3) & ~(size_t)3);
	return soe_event_tags(&ev);
}

static void privileged_ip_options(void)
{
	CHECK_INT(ip_options("\x83\x07\x04\xc0\x00\x02\x01", 7), PRIV);	/* LSRR */
	CHECK_INT(ip_options("\x01\x89\x07\x04\xc0\x00\x02\x01", 8), PRIV);	/* NOP, SSRR */
	CHECK_INT(ip_options("\x86\x06\x00\x00\x00\x01", 6), PRIV);	/* CIPSO */
	CHECK_INT(ip_options("\x88\x04\x00\x01", 4), PRIV);		/* SID */
	CHECK_INT(ip_options("\x44\x0c\x05\x03", 4), PRIV);	/* TS, prespecified */
	CHECK_INT(ip_options("\x44\x0c\x05\x01", 4), 0);	/* TS with addresses */
	CHECK_INT(ip_options("\x44\x28\x05\x00", 4), 0);	/* TS only */
	CHECK_INT(ip_options("\x07\x07\x04\x00\x00\x00\x00", 7), 0);	/* RR */
	CHECK_INT(ip_options("\x94\x04\x00\x00", 4), 0);	/* router alert */
	CHECK_INT(ip_options("", 0), 0);			/* clears them */
	/* after a record route, a source route: still found */
	CHECK_INT(ip_options("\x07\x07\x04\x00\x00\x00\x00\x83\x07\x04\xc0\x00\x02\x01", 14),
		  PRIV);
	/* nothing after IPOPT_END counts */
	CHECK_INT(ip_options("\x00\x83\x07\x04", 4), 0);
	/* a length below 2 ends the walk */
	CHECK_INT(ip_options("\x07\x00\x83\x07", 4), 0);
}

static void privileged_not(void)
{
	struct soe_event ev;
	int32_t seven = 7;

	CHECK_INT(int_option(1, 2, 1), 0);		/* SO_REUSEADDR */
	CHECK_INT(int_option(1, 7, 1 << 20), 0);	/* SO_SNDBUF */
	CHECK_INT(int_option(6, 1, 1), 0);		/* TCP_NODELAY */
	CHECK_INT(int_option(6, 13, 0), 0);		/* TCP_CONGESTION: left out */
	CHECK_INT(int_option(41, 57, 0), 0);		/* IPV6_RTHDR: for anyone */
	CHECK_INT(int_option(0, 199, 1), 0);		/* below MRT_BASE */
	CHECK_INT(int_option(0, 213, 1), 0);		/* past MRT_MAX */
	CHECK_INT(int_option(41, 213, 1), 0);
	CHECK_INT(int_option(0, 1168, 0), 0);		/* past IP_VS_SO_SET_MAX */
	CHECK_INT(int_option(0, 98, 0), 0);
	CHECK_INT(int_option(0, 130, 0), 0);
	/* the numbers of a rule at another level */
	CHECK_INT(int_option(0, 36, 1), 0);		/* 36 at IPPROTO_IP */
	CHECK_INT(int_option(6, 12, 7), 0);		/* 12 at IPPROTO_TCP */
	/* IP and IPv6 rules need an IP socket */
	CHECK_INT(int_option_on(AF_UNIX, SOCK_STREAM, 0, 0, 19, 1), 0);
	CHECK_INT(int_option_on(AF_UNIX, SOCK_STREAM, 0, 6, 19, 1), 0);
	CHECK_INT(int_option_on(AF_INET6, SOCK_STREAM, 6, 0, 19, 1), PRIV);
	/* a family's rule needs that family: level 0 is IPPROTO_IP on IP */
	CHECK_INT(int_option(0, 1, 1), 0);		/* IP_TOS, not WPAN_SECURITY */
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 107, 3, 0), 0);

	/* no value to judge by: the kernel refuses these before the check */
	craft_event(&ev);
	craft_option(&ev, 1, 12, &seven, 2);		/* SO_PRIORITY, optlen 2 */
	CHECK_INT(soe_event_tags(&ev), 0);
	craft_option(&ev, 1, 12, NULL, 0);
	ev.optlen = 4;
	ev.hdr.flags = SOE_F_OPTVAL_FAULT;		/* unreadable */
	CHECK_INT(soe_event_tags(&ev), 0);
	craft_option(&ev, 1, 12, &seven, 4);		/* readable again */
	CHECK_INT(soe_event_tags(&ev), PRIV);
}

/* Every row of the table tags what it names, and names what the reader calls it. */
static void privileged_every_rule(void)
{
	static const unsigned char lsrr[8] = { 0x83, 7, 4, 192, 0, 2, 1, 0 };
	size_t i;
	int opt;

	CHECK(soe_priv_rules_count >= 30);
	for (i = 0; i < soe_priv_rules_count; i++) {
		const struct soe_priv_rule *r = &soe_priv_rules[i];
		const char *name = NULL;
		int family = r->family == SOE_PRIV_INET ? AF_INET : r->family;

		for (opt = r->optname; opt <= r->last; opt++) {
			struct soe_event ev;

			craft_event(&ev);
			if (family)
				ev.family = family;
			if (r->when == SOE_PRIV_IP_OPTIONS)
				craft_option(&ev, r->level, opt, lsrr, sizeof(lsrr));
			else if (r->when == SOE_PRIV_BELOW_2)
				craft_option(&ev, r->level, opt, "\0\0\0\0", 4);
			else
				craft_option(&ev, r->level, opt, "\x07\0\0\0", 4);
			if (!(soe_event_tags(&ev) & PRIV))
				tap_note("rule %s: level %d option %d not tagged",
					 r->name, r->level, opt);
			CHECK(soe_event_tags(&ev) & PRIV);
		}
		if (r->family == 0 || r->family == SOE_PRIV_INET)
			name = soe_option_name(r->level, r->optname);
		if (name && strcmp(name, r->name))
			tap_note("rule %s: the reader calls it %s", r->name, name);
		CHECK(!name || !strcmp(name, r->name));
	}
}

static void socket_filter(void)
{
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 26, 0), FILTER);	/* ATTACH_FILTER */
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 27, 0), FILTER);	/* DETACH_FILTER */
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 44, 1), FILTER);	/* LOCK_FILTER */
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 50, 3), FILTER);	/* ATTACH_BPF */
	CHECK_INT(int_option(1, 51, 0), FILTER);	/* ATTACH_REUSEPORT_CBPF */
	CHECK_INT(int_option(1, 52, 3), FILTER);	/* ATTACH_REUSEPORT_EBPF */
	CHECK_INT(int_option(1, 68, 0), FILTER);	/* DETACH_REUSEPORT_BPF */
	CHECK_INT(int_option_on(AF_PACKET, SOCK_RAW, 3, 263, 22, 0), FILTER | RAW);
	/* PACKET_FANOUT itself attaches no program */
	CHECK_INT(int_option_on(AF_PACKET, SOCK_RAW, 3, 263, 18, 0), RAW);
	/* the same numbers at other levels */
	CHECK_INT(int_option(6, 26, 0), 0);
	CHECK_INT(int_option(6, 50, 0), 0);
	CHECK_INT(int_option(1, 22, 0), 0);
	CHECK_INT(int_option(1, 53, 0), 0);
}

static void redacted(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_option(&ev, 279, 1, NULL, 0);	/* ALG_SET_KEY */
	ev.optlen = 16;
	CHECK_INT(soe_event_tags(&ev), 0);
	ev.hdr.flags = SOE_F_OPTVAL_REDACTED;
	CHECK_INT(soe_event_tags(&ev), REDACT);
	ev.hdr.flags = SOE_F_OPTVAL_POINTER | SOE_F_OPTVAL_TRUNC | SOE_F_OPTVAL_PARTIAL;
	CHECK_INT(soe_event_tags(&ev), 0);
}

static void raw_socket(void)
{
	CHECK_INT(int_option_on(AF_INET, SOCK_RAW, 1, 1, 2, 1), RAW);	/* ICMP */
	CHECK_INT(int_option_on(AF_INET6, SOCK_RAW, 58, 1, 2, 1), RAW);
	CHECK_INT(int_option_on(AF_PACKET, SOCK_RAW, 3, 1, 2, 1), RAW);
	CHECK_INT(int_option_on(AF_PACKET, SOCK_DGRAM, 3, 1, 2, 1), RAW);
	CHECK_INT(int_option_on(44, SOCK_RAW, 0, 1, 2, 1), RAW);		/* AF_XDP */
	CHECK_INT(int_option_on(AF_CAN, SOCK_RAW, 1, 1, 2, 1), RAW);
	/* netlink's SOCK_RAW is its ordinary kind */
	CHECK_INT(int_option_on(AF_NETLINK, SOCK_RAW, 0, 1, 2, 1), 0);
	CHECK_INT(int_option_on(AF_INET, SOCK_DGRAM, 17, 1, 2, 1), 0);
	CHECK_INT(int_option_on(AF_UNIX, SOCK_DGRAM, 0, 1, 2, 1), 0);
	CHECK_INT(int_option(1, 2, 1), 0);
}

/* How the formats show them: every tag in soe_tags[] order. */
static void shown(void)
{
	struct soe_event ev;
	int32_t one = 1;

	craft_event(&ev);
	ev.family = AF_PACKET;
	ev.sock_type = SOCK_RAW;
	ev.protocol = 3;
	craft_option(&ev, 263, 22, &one, 4);	/* PACKET_FANOUT_DATA */
	CHECK(strstr(craft_json(&ev), ",\"tags\":[\"socket_filter\",\"raw_socket\"]}\n") != NULL);
	CHECK(strstr(craft_text(&ev), " tags=socket_filter|raw_socket\n") != NULL);

	ev.family = AF_INET;
	ev.sock_type = SOCK_RAW;
	ev.protocol = 255;
	craft_option(&ev, 1, 36, &one, 4);	/* SO_MARK */
	ev.hdr.flags = SOE_F_OPTVAL_REDACTED;
	CHECK(strstr(craft_json(&ev),
		     ",\"tags\":[\"privileged\",\"redacted\",\"raw_socket\"]}\n") != NULL);
	CHECK(strstr(craft_text(&ev), " tags=privileged|redacted|raw_socket\n") != NULL);

	/* none: JSON says so, text says nothing */
	craft_event(&ev);
	CHECK(strstr(craft_json(&ev), ",\"tags\":[]}\n") != NULL);
	CHECK(strstr(craft_text(&ev), "tags") == NULL);
}

static const struct tap_test tests[] = {
	{ "tags: the list, and what each is decided from", tag_list },
	{ "tags: denied and failed, from the call's result", denied_and_failed },
	{ "tags: privileged, whatever the value", privileged_always },
	{ "tags: privileged by value (SO_PRIORITY 6 vs 7, switching on, raising)",
	  privileged_by_value },
	{ "tags: privileged by socket (SO_ATTACH_FILTER on TCP)", privileged_by_socket },
	{ "tags: privileged IP options (source routes, CIPSO, SID, prespecified TS)",
	  privileged_ip_options },
	{ "tags: not privileged (other options, levels, families; no value)", privileged_not },
	{ "tags: every privileged rule tags what it names", privileged_every_rule },
	{ "tags: socket_filter", socket_filter },
	{ "tags: redacted", redacted },
	{ "tags: raw_socket, netlink not", raw_socket },
	{ "tags: in JSON and text, in the list's order", shown },
};

const struct tap_group tags_tests = TAP_TESTS(tests);
