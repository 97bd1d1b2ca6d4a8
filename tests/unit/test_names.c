// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The name tables: consistent with themselves, and with the numbers this
 * machine's libc headers give the same names.
 */
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "names.h"
#include "tap.h"
#include "tests.h"

/* Names go out unescaped, so they must be plain identifiers. */
static bool identifier(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

/* No value twice (the second would never be found), no name twice. */
static void check_table(const char *what, const struct soe_name_table *t)
{
	size_t i, j;

	if (!CHECK(t->count > 0))
		return;
	for (i = 0; i < t->count; i++) {
		if (!identifier(t->names[i].name)) {
			printf("# %s: entry %zu is not an identifier\n", what, i);
			CHECK(false);
		}
		for (j = i + 1; j < t->count; j++) {
			if (t->names[i].value == t->names[j].value) {
				printf("# %s: %d is both %s and %s\n", what,
				       t->names[i].value, t->names[i].name, t->names[j].name);
				CHECK(false);
			}
			if (!strcmp(t->names[i].name, t->names[j].name)) {
				printf("# %s: %s is both %d and %d\n", what, t->names[i].name,
				       t->names[i].value, t->names[j].value);
				CHECK(false);
			}
		}
	}
}

static void tables_consistent(void)
{
	check_table("families", &soe_families);
	check_table("socket types", &soe_sock_types);
	check_table("TCP states", &soe_tcp_states);
	check_table("IP protocols", &soe_ip_protocols);
	check_table("EtherTypes", &soe_eth_protocols);
	check_table("netlink protocols", &soe_netlink_protocols);
	check_table("syscalls", &soe_syscalls);
}

static void levels_consistent(void)
{
	size_t i, j;

	for (i = 0; i < soe_levels_count; i++) {
		const struct soe_level *l = &soe_levels[i];

		CHECK(identifier(l->name));
		if (l->options)
			check_table(l->name, l->options);
		for (j = i + 1; j < soe_levels_count; j++) {
			if (l->level == soe_levels[j].level ||
			    !strcmp(l->name, soe_levels[j].name)) {
				printf("# levels %zu and %zu clash\n", i, j);
				CHECK(false);
			}
		}
	}
}

static void same_number_other_level(void)
{
	CHECK_STR(soe_option_name(SOL_SOCKET, 1), "SO_DEBUG");
	CHECK_STR(soe_option_name(IPPROTO_TCP, 1), "TCP_NODELAY");
	CHECK_STR(soe_option_name(IPPROTO_IP, 1), "IP_TOS");
	CHECK_STR(soe_option_name(IPPROTO_IPV6, 1), "IPV6_ADDRFORM");
	CHECK_STR(soe_option_name(IPPROTO_UDP, 1), "UDP_CORK");
	CHECK_STR(soe_option_name(SOL_RAW, 1), "ICMP_FILTER");
	CHECK_STR(soe_option_name(SOL_PACKET, 1), "PACKET_ADD_MEMBERSHIP");
	CHECK_STR(soe_option_name(SOL_NETLINK, 1), "NETLINK_ADD_MEMBERSHIP");
	CHECK(soe_option_name(SOL_SOCKET, 0) == NULL);
	CHECK(soe_option_name(SOL_SOCKET, -1) == NULL);
	CHECK(soe_option_name(12345, 1) == NULL);
	CHECK(soe_option_name(132, 1) == NULL);	/* SCTP: level named, options not */
	CHECK_STR(soe_level_name(132), "IPPROTO_SCTP");
	CHECK(soe_level_name(-1) == NULL);
}

static void protocols_by_family(void)
{
	CHECK_STR(soe_protocol_name(AF_INET, 6), "IPPROTO_TCP");
	CHECK_STR(soe_protocol_name(AF_INET6, 58), "IPPROTO_ICMPV6");
	CHECK_STR(soe_protocol_name(AF_NETLINK, 0), "NETLINK_ROUTE");
	CHECK_STR(soe_protocol_name(AF_NETLINK, 9), "NETLINK_AUDIT");
	CHECK_STR(soe_protocol_name(AF_PACKET, 0x0003), "ETH_P_ALL");
	CHECK_STR(soe_protocol_name(AF_PACKET, 0x86dd), "ETH_P_IPV6");
	CHECK(soe_protocol_name(AF_UNIX, 0) == NULL);
	CHECK(soe_protocol_name(AF_INET, 9999) == NULL);
}

/* The same name for the same number as libc, where libc has the name. */
#define LEVEL_OPT(level, opt)	{ level, opt, #opt }

static const struct {
	int level;
	int optname;
	const char *name;
} libc_options[] = {
	LEVEL_OPT(SOL_SOCKET, SO_DEBUG), LEVEL_OPT(SOL_SOCKET, SO_REUSEADDR),
	LEVEL_OPT(SOL_SOCKET, SO_TYPE), LEVEL_OPT(SOL_SOCKET, SO_ERROR),
	LEVEL_OPT(SOL_SOCKET, SO_DONTROUTE), LEVEL_OPT(SOL_SOCKET, SO_BROADCAST),
	LEVEL_OPT(SOL_SOCKET, SO_SNDBUF), LEVEL_OPT(SOL_SOCKET, SO_RCVBUF),
	LEVEL_OPT(SOL_SOCKET, SO_SNDBUFFORCE), LEVEL_OPT(SOL_SOCKET, SO_RCVBUFFORCE),
	LEVEL_OPT(SOL_SOCKET, SO_KEEPALIVE), LEVEL_OPT(SOL_SOCKET, SO_OOBINLINE),
	LEVEL_OPT(SOL_SOCKET, SO_NO_CHECK), LEVEL_OPT(SOL_SOCKET, SO_PRIORITY),
	LEVEL_OPT(SOL_SOCKET, SO_LINGER), LEVEL_OPT(SOL_SOCKET, SO_BSDCOMPAT),
	LEVEL_OPT(SOL_SOCKET, SO_REUSEPORT), LEVEL_OPT(SOL_SOCKET, SO_PASSCRED),
	LEVEL_OPT(SOL_SOCKET, SO_PEERCRED), LEVEL_OPT(SOL_SOCKET, SO_RCVLOWAT),
	LEVEL_OPT(SOL_SOCKET, SO_SNDLOWAT), LEVEL_OPT(SOL_SOCKET, SO_BINDTODEVICE),
	LEVEL_OPT(SOL_SOCKET, SO_ATTACH_FILTER), LEVEL_OPT(SOL_SOCKET, SO_DETACH_FILTER),
	LEVEL_OPT(SOL_SOCKET, SO_PEERNAME), LEVEL_OPT(SOL_SOCKET, SO_ACCEPTCONN),
	LEVEL_OPT(SOL_SOCKET, SO_PEERSEC), LEVEL_OPT(SOL_SOCKET, SO_PASSSEC),
	LEVEL_OPT(SOL_SOCKET, SO_MARK), LEVEL_OPT(SOL_SOCKET, SO_PROTOCOL),
	LEVEL_OPT(SOL_SOCKET, SO_DOMAIN), LEVEL_OPT(SOL_SOCKET, SO_RXQ_OVFL),
	LEVEL_OPT(SOL_SOCKET, SO_WIFI_STATUS), LEVEL_OPT(SOL_SOCKET, SO_PEEK_OFF),
	LEVEL_OPT(SOL_SOCKET, SO_NOFCS), LEVEL_OPT(SOL_SOCKET, SO_LOCK_FILTER),
	LEVEL_OPT(SOL_SOCKET, SO_SELECT_ERR_QUEUE), LEVEL_OPT(SOL_SOCKET, SO_BUSY_POLL),
	LEVEL_OPT(SOL_SOCKET, SO_MAX_PACING_RATE), LEVEL_OPT(SOL_SOCKET, SO_BPF_EXTENSIONS),
	LEVEL_OPT(SOL_SOCKET, SO_INCOMING_CPU), LEVEL_OPT(SOL_SOCKET, SO_ATTACH_BPF),
	LEVEL_OPT(SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF),
	LEVEL_OPT(SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF),
	LEVEL_OPT(SOL_SOCKET, SO_CNX_ADVICE), LEVEL_OPT(SOL_SOCKET, SO_MEMINFO),
	LEVEL_OPT(SOL_SOCKET, SO_INCOMING_NAPI_ID), LEVEL_OPT(SOL_SOCKET, SO_COOKIE),
	LEVEL_OPT(SOL_SOCKET, SO_PEERGROUPS), LEVEL_OPT(SOL_SOCKET, SO_ZEROCOPY),
	LEVEL_OPT(SOL_SOCKET, SO_TXTIME), LEVEL_OPT(SOL_SOCKET, SO_BINDTOIFINDEX),
#ifdef SO_NETNS_COOKIE
	LEVEL_OPT(SOL_SOCKET, SO_NETNS_COOKIE),
#endif
#ifdef SO_BUF_LOCK
	LEVEL_OPT(SOL_SOCKET, SO_BUF_LOCK),
#endif
#ifdef SO_RESERVE_MEM
	LEVEL_OPT(SOL_SOCKET, SO_RESERVE_MEM),
#endif
#ifdef SO_TXREHASH
	LEVEL_OPT(SOL_SOCKET, SO_TXREHASH),
#endif
#ifdef SO_RCVMARK
	LEVEL_OPT(SOL_SOCKET, SO_RCVMARK),
#endif
#ifdef SO_PASSPIDFD
	LEVEL_OPT(SOL_SOCKET, SO_PASSPIDFD),
#endif
	LEVEL_OPT(IPPROTO_IP, IP_TOS), LEVEL_OPT(IPPROTO_IP, IP_TTL),
	LEVEL_OPT(IPPROTO_IP, IP_HDRINCL), LEVEL_OPT(IPPROTO_IP, IP_OPTIONS),
	LEVEL_OPT(IPPROTO_IP, IP_RECVOPTS), LEVEL_OPT(IPPROTO_IP, IP_PKTINFO),
	LEVEL_OPT(IPPROTO_IP, IP_MTU_DISCOVER), LEVEL_OPT(IPPROTO_IP, IP_RECVERR),
	LEVEL_OPT(IPPROTO_IP, IP_RECVTTL), LEVEL_OPT(IPPROTO_IP, IP_RECVTOS),
	LEVEL_OPT(IPPROTO_IP, IP_MTU), LEVEL_OPT(IPPROTO_IP, IP_FREEBIND),
	LEVEL_OPT(IPPROTO_IP, IP_TRANSPARENT), LEVEL_OPT(IPPROTO_IP, IP_RECVORIGDSTADDR),
	LEVEL_OPT(IPPROTO_IP, IP_MINTTL), LEVEL_OPT(IPPROTO_IP, IP_NODEFRAG),
	LEVEL_OPT(IPPROTO_IP, IP_CHECKSUM), LEVEL_OPT(IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT),
	LEVEL_OPT(IPPROTO_IP, IP_RECVFRAGSIZE), LEVEL_OPT(IPPROTO_IP, IP_MULTICAST_IF),
	LEVEL_OPT(IPPROTO_IP, IP_MULTICAST_TTL), LEVEL_OPT(IPPROTO_IP, IP_MULTICAST_LOOP),
	LEVEL_OPT(IPPROTO_IP, IP_ADD_MEMBERSHIP), LEVEL_OPT(IPPROTO_IP, IP_DROP_MEMBERSHIP),
	LEVEL_OPT(IPPROTO_IP, IP_MSFILTER), LEVEL_OPT(IPPROTO_IP, MCAST_JOIN_GROUP),
	LEVEL_OPT(IPPROTO_IP, MCAST_MSFILTER), LEVEL_OPT(IPPROTO_IP, IP_MULTICAST_ALL),
	LEVEL_OPT(IPPROTO_IP, IP_UNICAST_IF),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_ADDRFORM), LEVEL_OPT(IPPROTO_IPV6, IPV6_CHECKSUM),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_NEXTHOP), LEVEL_OPT(IPPROTO_IPV6, IPV6_UNICAST_HOPS),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_MULTICAST_IF), LEVEL_OPT(IPPROTO_IPV6, IPV6_MULTICAST_HOPS),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_MULTICAST_LOOP), LEVEL_OPT(IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_DROP_MEMBERSHIP), LEVEL_OPT(IPPROTO_IPV6, IPV6_ROUTER_ALERT),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_MTU_DISCOVER), LEVEL_OPT(IPPROTO_IPV6, IPV6_MTU),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RECVERR), LEVEL_OPT(IPPROTO_IPV6, IPV6_V6ONLY),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_JOIN_ANYCAST), LEVEL_OPT(IPPROTO_IPV6, IPV6_LEAVE_ANYCAST),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RECVPKTINFO), LEVEL_OPT(IPPROTO_IPV6, IPV6_PKTINFO),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RECVHOPLIMIT), LEVEL_OPT(IPPROTO_IPV6, IPV6_HOPLIMIT),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RTHDR), LEVEL_OPT(IPPROTO_IPV6, IPV6_DONTFRAG),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RECVTCLASS), LEVEL_OPT(IPPROTO_IPV6, IPV6_TCLASS),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_RECVORIGDSTADDR), LEVEL_OPT(IPPROTO_IPV6, IPV6_TRANSPARENT),
	LEVEL_OPT(IPPROTO_IPV6, IPV6_FREEBIND), LEVEL_OPT(IPPROTO_IPV6, MCAST_LEAVE_GROUP),
	LEVEL_OPT(IPPROTO_TCP, TCP_NODELAY), LEVEL_OPT(IPPROTO_TCP, TCP_MAXSEG),
	LEVEL_OPT(IPPROTO_TCP, TCP_CORK), LEVEL_OPT(IPPROTO_TCP, TCP_KEEPIDLE),
	LEVEL_OPT(IPPROTO_TCP, TCP_KEEPINTVL), LEVEL_OPT(IPPROTO_TCP, TCP_KEEPCNT),
	LEVEL_OPT(IPPROTO_TCP, TCP_SYNCNT), LEVEL_OPT(IPPROTO_TCP, TCP_LINGER2),
	LEVEL_OPT(IPPROTO_TCP, TCP_DEFER_ACCEPT), LEVEL_OPT(IPPROTO_TCP, TCP_WINDOW_CLAMP),
	LEVEL_OPT(IPPROTO_TCP, TCP_INFO), LEVEL_OPT(IPPROTO_TCP, TCP_QUICKACK),
	LEVEL_OPT(IPPROTO_TCP, TCP_CONGESTION), LEVEL_OPT(IPPROTO_TCP, TCP_MD5SIG),
	LEVEL_OPT(IPPROTO_TCP, TCP_THIN_LINEAR_TIMEOUTS), LEVEL_OPT(IPPROTO_TCP, TCP_THIN_DUPACK),
	LEVEL_OPT(IPPROTO_TCP, TCP_USER_TIMEOUT), LEVEL_OPT(IPPROTO_TCP, TCP_REPAIR),
	LEVEL_OPT(IPPROTO_TCP, TCP_FASTOPEN), LEVEL_OPT(IPPROTO_TCP, TCP_TIMESTAMP),
	LEVEL_OPT(IPPROTO_TCP, TCP_NOTSENT_LOWAT), LEVEL_OPT(IPPROTO_TCP, TCP_SAVE_SYN),
	LEVEL_OPT(IPPROTO_TCP, TCP_FASTOPEN_CONNECT), LEVEL_OPT(IPPROTO_TCP, TCP_ULP),
	LEVEL_OPT(IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE), LEVEL_OPT(IPPROTO_TCP, TCP_INQ),
	LEVEL_OPT(IPPROTO_TCP, TCP_TX_DELAY),
	LEVEL_OPT(IPPROTO_UDP, UDP_CORK), LEVEL_OPT(IPPROTO_UDP, UDP_ENCAP),
	LEVEL_OPT(IPPROTO_UDP, UDP_NO_CHECK6_TX), LEVEL_OPT(IPPROTO_UDP, UDP_NO_CHECK6_RX),
	LEVEL_OPT(IPPROTO_UDP, UDP_SEGMENT), LEVEL_OPT(IPPROTO_UDP, UDP_GRO),
	LEVEL_OPT(SOL_PACKET, PACKET_ADD_MEMBERSHIP), LEVEL_OPT(SOL_PACKET, PACKET_DROP_MEMBERSHIP),
	LEVEL_OPT(SOL_PACKET, PACKET_RX_RING), LEVEL_OPT(SOL_PACKET, PACKET_STATISTICS),
	LEVEL_OPT(SOL_PACKET, PACKET_AUXDATA), LEVEL_OPT(SOL_PACKET, PACKET_VERSION),
	LEVEL_OPT(SOL_PACKET, PACKET_TX_RING), LEVEL_OPT(SOL_PACKET, PACKET_FANOUT),
	LEVEL_OPT(SOL_PACKET, PACKET_QDISC_BYPASS), LEVEL_OPT(SOL_PACKET, PACKET_IGNORE_OUTGOING),
	LEVEL_OPT(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP), LEVEL_OPT(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP),
	LEVEL_OPT(SOL_NETLINK, NETLINK_PKTINFO), LEVEL_OPT(SOL_NETLINK, NETLINK_BROADCAST_ERROR),
	LEVEL_OPT(SOL_NETLINK, NETLINK_NO_ENOBUFS), LEVEL_OPT(SOL_NETLINK, NETLINK_LISTEN_ALL_NSID),
	LEVEL_OPT(SOL_NETLINK, NETLINK_CAP_ACK), LEVEL_OPT(SOL_NETLINK, NETLINK_EXT_ACK),
	LEVEL_OPT(SOL_NETLINK, NETLINK_GET_STRICT_CHK),
};

#define NAMED(v)	{ .value = v, .name = #v }

static const struct soe_name libc_levels[] = {
	NAMED(SOL_SOCKET), NAMED(IPPROTO_IP), NAMED(IPPROTO_IPV6), NAMED(IPPROTO_TCP),
	NAMED(IPPROTO_UDP), NAMED(IPPROTO_ICMPV6), NAMED(IPPROTO_SCTP), NAMED(IPPROTO_UDPLITE),
	NAMED(SOL_RAW), NAMED(SOL_PACKET), NAMED(SOL_NETLINK), NAMED(SOL_ALG),
#ifdef SOL_TLS
	NAMED(SOL_TLS),
#endif
#ifdef SOL_XDP
	NAMED(SOL_XDP),
#endif
};

static const struct soe_name libc_families[] = {
	NAMED(AF_UNSPEC), NAMED(AF_UNIX), NAMED(AF_INET), NAMED(AF_INET6), NAMED(AF_NETLINK),
	NAMED(AF_PACKET), NAMED(AF_BLUETOOTH), NAMED(AF_CAN), NAMED(AF_ALG), NAMED(AF_VSOCK),
	NAMED(AF_KCM), NAMED(AF_QIPCRTR), NAMED(AF_SMC),
#ifdef AF_XDP
	NAMED(AF_XDP),
#endif
#ifdef AF_MCTP
	NAMED(AF_MCTP),
#endif
};

static const struct soe_name libc_sock_types[] = {
	NAMED(SOCK_STREAM), NAMED(SOCK_DGRAM), NAMED(SOCK_RAW), NAMED(SOCK_RDM),
	NAMED(SOCK_SEQPACKET), NAMED(SOCK_DCCP), NAMED(SOCK_PACKET),
};

static const struct soe_name libc_protocols[] = {
	NAMED(IPPROTO_IP), NAMED(IPPROTO_ICMP), NAMED(IPPROTO_IGMP), NAMED(IPPROTO_TCP),
	NAMED(IPPROTO_UDP), NAMED(IPPROTO_IPV6), NAMED(IPPROTO_GRE), NAMED(IPPROTO_ESP),
	NAMED(IPPROTO_AH), NAMED(IPPROTO_ICMPV6), NAMED(IPPROTO_SCTP), NAMED(IPPROTO_UDPLITE),
	NAMED(IPPROTO_MPLS), NAMED(IPPROTO_RAW),
#ifdef IPPROTO_MPTCP
	NAMED(IPPROTO_MPTCP),
#endif
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

static void agree_with_libc(void)
{
	size_t i;

	for (i = 0; i < COUNT(libc_options); i++)
		CHECK_STR(soe_option_name(libc_options[i].level, libc_options[i].optname),
			  libc_options[i].name);
	for (i = 0; i < COUNT(libc_levels); i++)
		CHECK_STR(soe_level_name(libc_levels[i].value), libc_levels[i].name);
	for (i = 0; i < COUNT(libc_families); i++)
		CHECK_STR(soe_family_name(libc_families[i].value), libc_families[i].name);
	for (i = 0; i < COUNT(libc_sock_types); i++)
		CHECK_STR(soe_sock_type_name(libc_sock_types[i].value), libc_sock_types[i].name);
	for (i = 0; i < COUNT(libc_protocols); i++)
		CHECK_STR(soe_protocol_name(AF_INET, libc_protocols[i].value),
			  libc_protocols[i].name);
	CHECK_STR(soe_tcp_state_name(TCP_ESTABLISHED), "ESTABLISHED");
	CHECK_STR(soe_tcp_state_name(TCP_LISTEN), "LISTEN");
	CHECK_STR(soe_tcp_state_name(TCP_CLOSING), "CLOSING");
}

static const struct tap_test tests[] = {
	{ "names: tables hold no number or name twice", tables_consistent },
	{ "names: levels and their options hold no number or name twice", levels_consistent },
	{ "names: one number, a different option at each level", same_number_other_level },
	{ "names: protocols named by family", protocols_by_family },
	{ "names: agree with the libc headers", agree_with_libc },
};

const struct tap_group names_tests = TAP_TESTS(tests);
