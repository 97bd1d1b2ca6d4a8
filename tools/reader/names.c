// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Name tables.  Every number is written out, with the uapi header it comes
 * from, rather than taken from libc headers that may be older than the
 * kernel.  To name a new option, add a row to its level's table.
 *
 * An option's row also says how the kernel reads its value (the macro that
 * makes the row): I an int, L a struct linger, T a struct timeval, T64 the
 * y2038 struct __kernel_sock_timeval, S a NUL-terminated name, R the pacing
 * rate; N anything else (a structure, bytes, or an option only getsockopt()
 * takes), which the reader shows in hex.  At SOL_SOCKET the kernel reads an
 * int for every option but the few that take something else.
 */
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "names.h"
#include "sockopt_events.h"

#define N(name, value)		{ value, #name, SOE_OPTVAL_BYTES }
#define I(name, value)		{ value, #name, SOE_OPTVAL_INT }
#define L(name, value)		{ value, #name, SOE_OPTVAL_LINGER }
#define T(name, value)		{ value, #name, SOE_OPTVAL_TIMEVAL }
#define T64(name, value)	{ value, #name, SOE_OPTVAL_TIMEVAL64 }
#define S(name, value)		{ value, #name, SOE_OPTVAL_STRING }
#define R(name, value)		{ value, #name, SOE_OPTVAL_RATE }
#define IB(name, value)		{ value, #name, SOE_OPTVAL_INT_OR_BYTE }
#define U(name, value)		{ value, #name, SOE_OPTVAL_U32 }
#define IN(name, value)		{ value, #name, SOE_OPTVAL_INT_NET }
#define TS(name, value)		{ value, #name, SOE_OPTVAL_TIMESTAMPING }
#define F(name, value)		{ value, #name, SOE_OPTVAL_FANOUT }
#define PR(name, value)		{ value, #name, SOE_OPTVAL_PORT_RANGE }
#define TABLE(t)		{ t, sizeof(t) / sizeof((t)[0]) }

/* linux/socket.h */
static const struct soe_name families[] = {
	N(AF_UNSPEC, 0), N(AF_UNIX, 1), N(AF_INET, 2), N(AF_AX25, 3),
	N(AF_IPX, 4), N(AF_APPLETALK, 5), N(AF_NETROM, 6), N(AF_BRIDGE, 7),
	N(AF_ATMPVC, 8), N(AF_X25, 9), N(AF_INET6, 10), N(AF_ROSE, 11),
	N(AF_DECnet, 12), N(AF_NETBEUI, 13), N(AF_SECURITY, 14), N(AF_KEY, 15),
	N(AF_NETLINK, 16), N(AF_PACKET, 17), N(AF_ASH, 18), N(AF_ECONET, 19),
	N(AF_ATMSVC, 20), N(AF_RDS, 21), N(AF_SNA, 22), N(AF_IRDA, 23),
	N(AF_PPPOX, 24), N(AF_WANPIPE, 25), N(AF_LLC, 26), N(AF_IB, 27),
	N(AF_MPLS, 28), N(AF_CAN, 29), N(AF_TIPC, 30), N(AF_BLUETOOTH, 31),
	N(AF_IUCV, 32), N(AF_RXRPC, 33), N(AF_ISDN, 34), N(AF_PHONET, 35),
	N(AF_IEEE802154, 36), N(AF_CAIF, 37), N(AF_ALG, 38), N(AF_NFC, 39),
	N(AF_VSOCK, 40), N(AF_KCM, 41), N(AF_QIPCRTR, 42), N(AF_SMC, 43),
	N(AF_XDP, 44), N(AF_MCTP, 45),
};

/* linux/net.h: enum sock_type */
static const struct soe_name sock_types[] = {
	N(SOCK_STREAM, 1), N(SOCK_DGRAM, 2), N(SOCK_RAW, 3), N(SOCK_RDM, 4),
	N(SOCK_SEQPACKET, 5), N(SOCK_DCCP, 6), N(SOCK_PACKET, 10),
};

/*
 * net/tcp_states.h, without the TCP_ prefix, as ss(8) and /proc name them;
 * unix sockets use some of these too.
 */
static const struct soe_name tcp_states[] = {
	N(ESTABLISHED, 1), N(SYN_SENT, 2), N(SYN_RECV, 3),
	N(FIN_WAIT1, 4), N(FIN_WAIT2, 5), N(TIME_WAIT, 6),
	N(CLOSE, 7), N(CLOSE_WAIT, 8), N(LAST_ACK, 9),
	N(LISTEN, 10), N(CLOSING, 11), N(NEW_SYN_RECV, 12),
	N(BOUND_INACTIVE, 13),
};

/* linux/in.h, linux/in6.h (ICMPV6 only: the other IPv6 numbers are headers) */
static const struct soe_name ip_protocols[] = {
	N(IPPROTO_IP, 0), N(IPPROTO_ICMP, 1), N(IPPROTO_IGMP, 2),
	N(IPPROTO_IPIP, 4), N(IPPROTO_TCP, 6), N(IPPROTO_EGP, 8),
	N(IPPROTO_PUP, 12), N(IPPROTO_UDP, 17), N(IPPROTO_IDP, 22),
	N(IPPROTO_TP, 29), N(IPPROTO_DCCP, 33), N(IPPROTO_IPV6, 41),
	N(IPPROTO_RSVP, 46), N(IPPROTO_GRE, 47), N(IPPROTO_ESP, 50),
	N(IPPROTO_AH, 51), N(IPPROTO_ICMPV6, 58), N(IPPROTO_MTP, 92),
	N(IPPROTO_BEETPH, 94), N(IPPROTO_ENCAP, 98), N(IPPROTO_PIM, 103),
	N(IPPROTO_COMP, 108), N(IPPROTO_L2TP, 115), N(IPPROTO_SCTP, 132),
	N(IPPROTO_UDPLITE, 136), N(IPPROTO_MPLS, 137),
	N(IPPROTO_ETHERNET, 143), N(IPPROTO_RAW, 255), N(IPPROTO_SMC, 256),
	N(IPPROTO_MPTCP, 262),
};

/* linux/if_ether.h: the common ones a packet socket is opened with */
static const struct soe_name eth_protocols[] = {
	N(ETH_P_802_3, 0x0001), N(ETH_P_ALL, 0x0003), N(ETH_P_802_2, 0x0004),
	N(ETH_P_CAN, 0x000c), N(ETH_P_CANFD, 0x000d), N(ETH_P_LOOP, 0x0060),
	N(ETH_P_IP, 0x0800), N(ETH_P_ARP, 0x0806), N(ETH_P_RARP, 0x8035),
	N(ETH_P_8021Q, 0x8100), N(ETH_P_IPV6, 0x86dd),
	N(ETH_P_MPLS_UC, 0x8847), N(ETH_P_PAE, 0x888e),
	N(ETH_P_8021AD, 0x88a8), N(ETH_P_TIPC, 0x88ca), N(ETH_P_LLDP, 0x88cc),
};

/* linux/netlink.h: netlink_setsockopt() reads an unsigned int */
static const struct soe_name netlink_protocols[] = {
	N(NETLINK_ROUTE, 0), N(NETLINK_UNUSED, 1), N(NETLINK_USERSOCK, 2),
	N(NETLINK_FIREWALL, 3), N(NETLINK_SOCK_DIAG, 4), N(NETLINK_NFLOG, 5),
	N(NETLINK_XFRM, 6), N(NETLINK_SELINUX, 7), N(NETLINK_ISCSI, 8),
	N(NETLINK_AUDIT, 9), N(NETLINK_FIB_LOOKUP, 10),
	N(NETLINK_CONNECTOR, 11), N(NETLINK_NETFILTER, 12),
	N(NETLINK_IP6_FW, 13), N(NETLINK_DNRTMSG, 14),
	N(NETLINK_KOBJECT_UEVENT, 15), N(NETLINK_GENERIC, 16),
	N(NETLINK_SCSITRANSPORT, 18), N(NETLINK_ECRYPTFS, 19),
	N(NETLINK_RDMA, 20), N(NETLINK_CRYPTO, 21), N(NETLINK_SMC, 22),
};

/* uapi/sockopt_events.h: enum soe_syscall */
static const struct soe_name syscalls[] = {
	{ .value = SOE_SYSCALL_UNKNOWN, .name = "unknown" },
	{ .value = SOE_SYSCALL_SETSOCKOPT, .name = "setsockopt" },
	{ .value = SOE_SYSCALL_SOCKETCALL, .name = "socketcall" },
	{ .value = SOE_SYSCALL_IO_URING, .name = "io_uring" },
};

/*
 * asm-generic/socket.h.  20, 21, 29, 35 and 37 carry the names libc gives
 * them with a 64-bit or old 32-bit time_t; the _NEW numbers are the y2038
 * variants a 32-bit program built with a 64-bit time_t uses.  sock.c reads
 * an int for every option but SO_BINDTODEVICE; the mark becomes a u32.
 */
static const struct soe_name sol_socket[] = {
	I(SO_DEBUG, 1), I(SO_REUSEADDR, 2), I(SO_TYPE, 3), I(SO_ERROR, 4),
	I(SO_DONTROUTE, 5), I(SO_BROADCAST, 6), I(SO_SNDBUF, 7),
	I(SO_RCVBUF, 8), I(SO_KEEPALIVE, 9), I(SO_OOBINLINE, 10),
	I(SO_NO_CHECK, 11), I(SO_PRIORITY, 12), L(SO_LINGER, 13),
	I(SO_BSDCOMPAT, 14), I(SO_REUSEPORT, 15), I(SO_PASSCRED, 16),
	I(SO_PEERCRED, 17), I(SO_RCVLOWAT, 18), I(SO_SNDLOWAT, 19),
	T(SO_RCVTIMEO, 20), T(SO_SNDTIMEO, 21),
	I(SO_SECURITY_AUTHENTICATION, 22),
	I(SO_SECURITY_ENCRYPTION_TRANSPORT, 23),
	I(SO_SECURITY_ENCRYPTION_NETWORK, 24), S(SO_BINDTODEVICE, 25),
	N(SO_ATTACH_FILTER, 26), I(SO_DETACH_FILTER, 27), I(SO_PEERNAME, 28),
	I(SO_TIMESTAMP, 29), I(SO_ACCEPTCONN, 30), I(SO_PEERSEC, 31),
	I(SO_SNDBUFFORCE, 32), I(SO_RCVBUFFORCE, 33), I(SO_PASSSEC, 34),
	I(SO_TIMESTAMPNS, 35), U(SO_MARK, 36), TS(SO_TIMESTAMPING, 37),
	I(SO_PROTOCOL, 38), I(SO_DOMAIN, 39), I(SO_RXQ_OVFL, 40),
	I(SO_WIFI_STATUS, 41), I(SO_PEEK_OFF, 42), I(SO_NOFCS, 43),
	I(SO_LOCK_FILTER, 44), I(SO_SELECT_ERR_QUEUE, 45),
	I(SO_BUSY_POLL, 46), R(SO_MAX_PACING_RATE, 47),
	I(SO_BPF_EXTENSIONS, 48), I(SO_INCOMING_CPU, 49),
	I(SO_ATTACH_BPF, 50), N(SO_ATTACH_REUSEPORT_CBPF, 51),
	I(SO_ATTACH_REUSEPORT_EBPF, 52), I(SO_CNX_ADVICE, 53),
	I(SO_MEMINFO, 55), I(SO_INCOMING_NAPI_ID, 56), I(SO_COOKIE, 57),
	I(SO_PEERGROUPS, 59), I(SO_ZEROCOPY, 60), N(SO_TXTIME, 61),
	I(SO_BINDTOIFINDEX, 62), I(SO_TIMESTAMP_NEW, 63),
	I(SO_TIMESTAMPNS_NEW, 64), TS(SO_TIMESTAMPING_NEW, 65),
	T64(SO_RCVTIMEO_NEW, 66), T64(SO_SNDTIMEO_NEW, 67),
	I(SO_DETACH_REUSEPORT_BPF, 68), I(SO_PREFER_BUSY_POLL, 69),
	I(SO_BUSY_POLL_BUDGET, 70), I(SO_NETNS_COOKIE, 71),
	I(SO_BUF_LOCK, 72), I(SO_RESERVE_MEM, 73), I(SO_TXREHASH, 74),
	I(SO_RCVMARK, 75), I(SO_PASSPIDFD, 76), I(SO_PEERPIDFD, 77),
	I(SO_DEVMEM_LINEAR, 78), I(SO_DEVMEM_DMABUF, 79),
	N(SO_DEVMEM_DONTNEED, 80), I(SO_RCVPRIORITY, 82),
	I(SO_PASSRIGHTS, 83), I(SO_INQ, 84),
};

/*
 * linux/in.h; the netfilter tables' set options (64 and up) share the
 * level.  IB: do_ip_setsockopt() reads an int, or one unsigned byte when
 * optlen is 1 to 3; IN: IP_UNICAST_IF's ifindex is in network byte order;
 * PR: IP_LOCAL_PORT_RANGE, two ports in a u32 (optlen must be 4).
 */
static const struct soe_name ipproto_ip[] = {
	IB(IP_TOS, 1), IB(IP_TTL, 2), IB(IP_HDRINCL, 3), N(IP_OPTIONS, 4),
	IB(IP_ROUTER_ALERT, 5), IB(IP_RECVOPTS, 6), IB(IP_RETOPTS, 7),
	IB(IP_PKTINFO, 8), N(IP_PKTOPTIONS, 9), IB(IP_MTU_DISCOVER, 10),
	IB(IP_RECVERR, 11), IB(IP_RECVTTL, 12), IB(IP_RECVTOS, 13),
	N(IP_MTU, 14), IB(IP_FREEBIND, 15), N(IP_IPSEC_POLICY, 16),
	N(IP_XFRM_POLICY, 17), IB(IP_PASSSEC, 18), IB(IP_TRANSPARENT, 19),
	IB(IP_RECVORIGDSTADDR, 20), IB(IP_MINTTL, 21), IB(IP_NODEFRAG, 22),
	IB(IP_CHECKSUM, 23), IB(IP_BIND_ADDRESS_NO_PORT, 24),
	IB(IP_RECVFRAGSIZE, 25), IB(IP_RECVERR_RFC4884, 26),
	N(IP_MULTICAST_IF, 32), IB(IP_MULTICAST_TTL, 33),
	IB(IP_MULTICAST_LOOP, 34), N(IP_ADD_MEMBERSHIP, 35),
	N(IP_DROP_MEMBERSHIP, 36), N(IP_UNBLOCK_SOURCE, 37),
	N(IP_BLOCK_SOURCE, 38), N(IP_ADD_SOURCE_MEMBERSHIP, 39),
	N(IP_DROP_SOURCE_MEMBERSHIP, 40), N(IP_MSFILTER, 41),
	N(MCAST_JOIN_GROUP, 42), N(MCAST_BLOCK_SOURCE, 43),
	N(MCAST_UNBLOCK_SOURCE, 44), N(MCAST_LEAVE_GROUP, 45),
	N(MCAST_JOIN_SOURCE_GROUP, 46), N(MCAST_LEAVE_SOURCE_GROUP, 47),
	N(MCAST_MSFILTER, 48), IB(IP_MULTICAST_ALL, 49),
	IN(IP_UNICAST_IF, 50), PR(IP_LOCAL_PORT_RANGE, 51),
	N(IP_PROTOCOL, 52),
	/* linux/netfilter_ipv4/ip_tables.h, netfilter_arp/arp_tables.h,
	 * netfilter_bridge/ebtables.h */
	N(IPT_SO_SET_REPLACE, 64), N(IPT_SO_SET_ADD_COUNTERS, 65),
	N(ARPT_SO_SET_REPLACE, 96), N(ARPT_SO_SET_ADD_COUNTERS, 97),
	N(EBT_SO_SET_ENTRIES, 128), N(EBT_SO_SET_COUNTERS, 129),
};

/* linux/in6.h; MCAST_* are shared with IPv4 */
static const struct soe_name ipproto_ipv6[] = {
	I(IPV6_ADDRFORM, 1), I(IPV6_2292PKTINFO, 2), I(IPV6_2292HOPOPTS, 3),
	I(IPV6_2292DSTOPTS, 4), I(IPV6_2292RTHDR, 5),
	N(IPV6_2292PKTOPTIONS, 6), I(IPV6_CHECKSUM, 7),
	I(IPV6_2292HOPLIMIT, 8), N(IPV6_NEXTHOP, 9), N(IPV6_AUTHHDR, 10),
	I(IPV6_FLOWINFO, 11), I(IPV6_UNICAST_HOPS, 16),
	I(IPV6_MULTICAST_IF, 17), I(IPV6_MULTICAST_HOPS, 18),
	I(IPV6_MULTICAST_LOOP, 19), N(IPV6_ADD_MEMBERSHIP, 20),
	N(IPV6_DROP_MEMBERSHIP, 21), I(IPV6_ROUTER_ALERT, 22),
	I(IPV6_MTU_DISCOVER, 23), I(IPV6_MTU, 24), I(IPV6_RECVERR, 25),
	I(IPV6_V6ONLY, 26), N(IPV6_JOIN_ANYCAST, 27),
	N(IPV6_LEAVE_ANYCAST, 28), I(IPV6_MULTICAST_ALL, 29),
	I(IPV6_ROUTER_ALERT_ISOLATE, 30), I(IPV6_RECVERR_RFC4884, 31),
	N(IPV6_FLOWLABEL_MGR, 32), I(IPV6_FLOWINFO_SEND, 33),
	N(IPV6_IPSEC_POLICY, 34), N(IPV6_XFRM_POLICY, 35),
	I(IPV6_HDRINCL, 36),
	N(MCAST_JOIN_GROUP, 42), N(MCAST_BLOCK_SOURCE, 43),
	N(MCAST_UNBLOCK_SOURCE, 44), N(MCAST_LEAVE_GROUP, 45),
	N(MCAST_JOIN_SOURCE_GROUP, 46), N(MCAST_LEAVE_SOURCE_GROUP, 47),
	N(MCAST_MSFILTER, 48),
	I(IPV6_RECVPKTINFO, 49), N(IPV6_PKTINFO, 50),
	I(IPV6_RECVHOPLIMIT, 51), N(IPV6_HOPLIMIT, 52),
	I(IPV6_RECVHOPOPTS, 53), N(IPV6_HOPOPTS, 54),
	N(IPV6_RTHDRDSTOPTS, 55), I(IPV6_RECVRTHDR, 56), N(IPV6_RTHDR, 57),
	I(IPV6_RECVDSTOPTS, 58), N(IPV6_DSTOPTS, 59),
	I(IPV6_RECVPATHMTU, 60), N(IPV6_PATHMTU, 61), I(IPV6_DONTFRAG, 62),
	/* linux/netfilter_ipv6/ip6_tables.h */
	N(IP6T_SO_SET_REPLACE, 64), N(IP6T_SO_SET_ADD_COUNTERS, 65),
	I(IPV6_RECVTCLASS, 66), I(IPV6_TCLASS, 67),
	I(IPV6_AUTOFLOWLABEL, 70), I(IPV6_ADDR_PREFERENCES, 72),
	I(IPV6_MINHOPCOUNT, 73), I(IPV6_RECVORIGDSTADDR, 74),
	I(IPV6_TRANSPARENT, 75), IN(IPV6_UNICAST_IF, 76),
	I(IPV6_RECVFRAGSIZE, 77), I(IPV6_FREEBIND, 78),
};

/* linux/tcp.h */
static const struct soe_name ipproto_tcp[] = {
	I(TCP_NODELAY, 1), I(TCP_MAXSEG, 2), I(TCP_CORK, 3),
	I(TCP_KEEPIDLE, 4), I(TCP_KEEPINTVL, 5), I(TCP_KEEPCNT, 6),
	I(TCP_SYNCNT, 7), I(TCP_LINGER2, 8), I(TCP_DEFER_ACCEPT, 9),
	I(TCP_WINDOW_CLAMP, 10), N(TCP_INFO, 11), I(TCP_QUICKACK, 12),
	S(TCP_CONGESTION, 13), N(TCP_MD5SIG, 14),
	I(TCP_THIN_LINEAR_TIMEOUTS, 16), I(TCP_THIN_DUPACK, 17),
	I(TCP_USER_TIMEOUT, 18), I(TCP_REPAIR, 19), I(TCP_REPAIR_QUEUE, 20),
	I(TCP_QUEUE_SEQ, 21), N(TCP_REPAIR_OPTIONS, 22), I(TCP_FASTOPEN, 23),
	I(TCP_TIMESTAMP, 24), I(TCP_NOTSENT_LOWAT, 25), N(TCP_CC_INFO, 26),
	I(TCP_SAVE_SYN, 27), N(TCP_SAVED_SYN, 28), N(TCP_REPAIR_WINDOW, 29),
	I(TCP_FASTOPEN_CONNECT, 30), S(TCP_ULP, 31), N(TCP_MD5SIG_EXT, 32),
	N(TCP_FASTOPEN_KEY, 33), I(TCP_FASTOPEN_NO_COOKIE, 34),
	N(TCP_ZEROCOPY_RECEIVE, 35), I(TCP_INQ, 36), I(TCP_TX_DELAY, 37),
	N(TCP_AO_ADD_KEY, 38), N(TCP_AO_DEL_KEY, 39), N(TCP_AO_INFO, 40),
	N(TCP_AO_GET_KEYS, 41), N(TCP_AO_REPAIR, 42), N(TCP_IS_MPTCP, 43),
	I(TCP_RTO_MAX_MS, 44), I(TCP_RTO_MIN_US, 45),
	I(TCP_DELACK_MAX_US, 46),
};

/* linux/udp.h */
static const struct soe_name ipproto_udp[] = {
	I(UDP_CORK, 1), I(UDP_ENCAP, 100), I(UDP_NO_CHECK6_TX, 101),
	I(UDP_NO_CHECK6_RX, 102), I(UDP_SEGMENT, 103), I(UDP_GRO, 104),
};

/* linux/icmpv6.h */
static const struct soe_name ipproto_icmpv6[] = {
	N(ICMPV6_FILTER, 1),
};

/*
 * linux/icmp.h (IPv4 raw), linux/in6.h (IPv6 raw): rawv6_setsockopt()
 * reads an int for IPV6_CHECKSUM and IPV6_HDRINCL, at SOL_RAW as at
 * IPPROTO_IPV6
 */
static const struct soe_name sol_raw[] = {
	N(ICMP_FILTER, 1), I(IPV6_CHECKSUM, 7), I(IPV6_HDRINCL, 36),
};

/* linux/if_packet.h; 4 was the obsolete turbo-packet option */
static const struct soe_name sol_packet[] = {
	N(PACKET_ADD_MEMBERSHIP, 1), N(PACKET_DROP_MEMBERSHIP, 2),
	N(PACKET_RECV_OUTPUT, 3), N(PACKET_RX_RING, 5),
	N(PACKET_STATISTICS, 6), I(PACKET_COPY_THRESH, 7),
	I(PACKET_AUXDATA, 8), I(PACKET_ORIGDEV, 9), I(PACKET_VERSION, 10),
	N(PACKET_HDRLEN, 11), I(PACKET_RESERVE, 12), N(PACKET_TX_RING, 13),
	I(PACKET_LOSS, 14), I(PACKET_VNET_HDR, 15),
	I(PACKET_TX_TIMESTAMP, 16), I(PACKET_TIMESTAMP, 17),
	F(PACKET_FANOUT, 18), I(PACKET_TX_HAS_OFF, 19),
	I(PACKET_QDISC_BYPASS, 20), N(PACKET_ROLLOVER_STATS, 21),
	N(PACKET_FANOUT_DATA, 22), I(PACKET_IGNORE_OUTGOING, 23),
	I(PACKET_VNET_HDR_SZ, 24),
};

/* linux/netlink.h: netlink_setsockopt() reads an unsigned int */
static const struct soe_name sol_netlink[] = {
	U(NETLINK_ADD_MEMBERSHIP, 1), U(NETLINK_DROP_MEMBERSHIP, 2),
	U(NETLINK_PKTINFO, 3), U(NETLINK_BROADCAST_ERROR, 4),
	U(NETLINK_NO_ENOBUFS, 5), N(NETLINK_RX_RING, 6),
	N(NETLINK_TX_RING, 7), U(NETLINK_LISTEN_ALL_NSID, 8),
	N(NETLINK_LIST_MEMBERSHIPS, 9), U(NETLINK_CAP_ACK, 10),
	U(NETLINK_EXT_ACK, 11), U(NETLINK_GET_STRICT_CHK, 12),
};

/* linux/if_alg.h */
static const struct soe_name sol_alg[] = {
	N(ALG_SET_KEY, 1), N(ALG_SET_IV, 2), N(ALG_SET_OP, 3),
	N(ALG_SET_AEAD_ASSOCLEN, 4), N(ALG_SET_AEAD_AUTHSIZE, 5),
	N(ALG_SET_DRBG_ENTROPY, 6), N(ALG_SET_KEY_BY_KEY_SERIAL, 7),
};

/* linux/tls.h */
static const struct soe_name sol_tls[] = {
	N(TLS_TX, 1), N(TLS_RX, 2), N(TLS_TX_ZEROCOPY_RO, 3),
	N(TLS_RX_EXPECT_NO_PAD, 4),
};

/* linux/if_xdp.h */
static const struct soe_name sol_xdp[] = {
	N(XDP_MMAP_OFFSETS, 1), N(XDP_RX_RING, 2), N(XDP_TX_RING, 3),
	N(XDP_UMEM_REG, 4), N(XDP_UMEM_FILL_RING, 5),
	N(XDP_UMEM_COMPLETION_RING, 6), N(XDP_STATISTICS, 7),
	N(XDP_OPTIONS, 8),
};

const struct soe_name_table soe_families = TABLE(families);
const struct soe_name_table soe_sock_types = TABLE(sock_types);
const struct soe_name_table soe_tcp_states = TABLE(tcp_states);
const struct soe_name_table soe_ip_protocols = TABLE(ip_protocols);
const struct soe_name_table soe_eth_protocols = TABLE(eth_protocols);
const struct soe_name_table soe_netlink_protocols = TABLE(netlink_protocols);
const struct soe_name_table soe_syscalls = TABLE(syscalls);

static const struct soe_name_table sol_socket_table = TABLE(sol_socket);
static const struct soe_name_table ipproto_ip_table = TABLE(ipproto_ip);
static const struct soe_name_table ipproto_ipv6_table = TABLE(ipproto_ipv6);
static const struct soe_name_table ipproto_tcp_table = TABLE(ipproto_tcp);
static const struct soe_name_table ipproto_udp_table = TABLE(ipproto_udp);
static const struct soe_name_table ipproto_icmpv6_table = TABLE(ipproto_icmpv6);
static const struct soe_name_table sol_raw_table = TABLE(sol_raw);
static const struct soe_name_table sol_packet_table = TABLE(sol_packet);
static const struct soe_name_table sol_netlink_table = TABLE(sol_netlink);
static const struct soe_name_table sol_alg_table = TABLE(sol_alg);
static const struct soe_name_table sol_tls_table = TABLE(sol_tls);
static const struct soe_name_table sol_xdp_table = TABLE(sol_xdp);

/*
 * linux/socket.h.  Levels that are IP protocol numbers carry the IPPROTO_
 * name programs pass; SOL_RAW is 255 like IPPROTO_RAW.
 */
const struct soe_level soe_levels[] = {
	{ 0, "IPPROTO_IP", &ipproto_ip_table },
	{ 1, "SOL_SOCKET", &sol_socket_table },
	{ 6, "IPPROTO_TCP", &ipproto_tcp_table },
	{ 17, "IPPROTO_UDP", &ipproto_udp_table },
	{ 41, "IPPROTO_IPV6", &ipproto_ipv6_table },
	{ 58, "IPPROTO_ICMPV6", &ipproto_icmpv6_table },
	{ 132, "IPPROTO_SCTP", NULL },
	/* UDP-Lite takes the UDP options at its own level too */
	{ 136, "IPPROTO_UDPLITE", &ipproto_udp_table },
	{ 255, "SOL_RAW", &sol_raw_table },
	{ 256, "SOL_IPX", NULL },
	{ 257, "SOL_AX25", NULL },
	{ 258, "SOL_ATALK", NULL },
	{ 259, "SOL_NETROM", NULL },
	{ 260, "SOL_ROSE", NULL },
	{ 261, "SOL_DECNET", NULL },
	{ 262, "SOL_X25", NULL },
	{ 263, "SOL_PACKET", &sol_packet_table },
	{ 264, "SOL_ATM", NULL },
	{ 265, "SOL_AAL", NULL },
	{ 266, "SOL_IRDA", NULL },
	{ 267, "SOL_NETBEUI", NULL },
	{ 268, "SOL_LLC", NULL },
	{ 269, "SOL_DCCP", NULL },
	{ 270, "SOL_NETLINK", &sol_netlink_table },
	{ 271, "SOL_TIPC", NULL },
	{ 272, "SOL_RXRPC", NULL },
	{ 273, "SOL_PPPOL2TP", NULL },
	{ 274, "SOL_BLUETOOTH", NULL },
	{ 275, "SOL_PNPIPE", NULL },
	{ 276, "SOL_RDS", NULL },
	{ 277, "SOL_IUCV", NULL },
	{ 278, "SOL_CAIF", NULL },
	{ 279, "SOL_ALG", &sol_alg_table },
	{ 280, "SOL_NFC", NULL },
	{ 281, "SOL_KCM", NULL },
	{ 282, "SOL_TLS", &sol_tls_table },
	{ 283, "SOL_XDP", &sol_xdp_table },
	{ 284, "SOL_MPTCP", NULL },
	{ 285, "SOL_MCTP", NULL },
	{ 286, "SOL_SMC", NULL },
	{ 287, "SOL_VSOCK", NULL },
};

const size_t soe_levels_count = sizeof(soe_levels) / sizeof(soe_levels[0]);

const char *soe_name_find(const struct soe_name_table *table, int value)
{
	size_t i;

	for (i = 0; i < table->count; i++)
		if (table->names[i].value == value)
			return table->names[i].name;
	return NULL;
}

const char *soe_family_name(int family)
{
	return soe_name_find(&soe_families, family);
}

const char *soe_sock_type_name(int type)
{
	return soe_name_find(&soe_sock_types, type);
}

const char *soe_tcp_state_name(int state)
{
	return soe_name_find(&soe_tcp_states, state);
}

const char *soe_syscall_name(int syscall)
{
	return soe_name_find(&soe_syscalls, syscall);
}

const char *soe_protocol_name(int family, int protocol)
{
	switch (family) {
	case AF_INET:
	case AF_INET6:
		return soe_name_find(&soe_ip_protocols, protocol);
	case AF_NETLINK:
		return soe_name_find(&soe_netlink_protocols, protocol);
	case AF_PACKET:
		return soe_name_find(&soe_eth_protocols, protocol);
	}
	return NULL;
}

static const struct soe_level *find_level(int level)
{
	size_t i;

	for (i = 0; i < soe_levels_count; i++)
		if (soe_levels[i].level == level)
			return &soe_levels[i];
	return NULL;
}

const char *soe_level_name(int level)
{
	const struct soe_level *l = find_level(level);

	return l ? l->name : NULL;
}

static const struct soe_name *find_option(int level, int optname)
{
	const struct soe_level *l = find_level(level);
	size_t i;

	if (!l || !l->options)
		return NULL;
	for (i = 0; i < l->options->count; i++)
		if (l->options->names[i].value == optname)
			return &l->options->names[i];
	return NULL;
}

const char *soe_option_name(int level, int optname)
{
	const struct soe_name *o = find_option(level, optname);

	return o ? o->name : NULL;
}

enum soe_optval_kind soe_option_kind(int level, int optname)
{
	const struct soe_name *o = find_option(level, optname);

	return o ? (enum soe_optval_kind)o->kind : SOE_OPTVAL_BYTES;
}

static int find_name(const struct soe_name_table *table, const char *name, int *value)
{
	size_t i;

	for (i = 0; i < table->count; i++) {
		if (!strcasecmp(table->names[i].name, name)) {
			*value = table->names[i].value;
			return 0;
		}
	}
	return -1;
}

int soe_family_by_name(const char *name, int *family)
{
	char full[64];

	if (!find_name(&soe_families, name, family))
		return 0;
	if (!strncasecmp(name, "PF_", 3))
		name += 3;
	if (strlen(name) + 4 > sizeof(full))
		return -1;
	strcpy(full, "AF_");
	strcat(full, name);
	return find_name(&soe_families, full, family);
}

/* linux/socket.h: the SOL_ names libc gives the IP protocol levels. */
static const struct soe_name level_aliases[] = {
	N(SOL_IP, 0), N(SOL_TCP, 6), N(SOL_UDP, 17), N(SOL_IPV6, 41),
	N(SOL_ICMPV6, 58), N(SOL_SCTP, 132), N(SOL_UDPLITE, 136),
};

int soe_level_by_name(const char *name, int *level)
{
	static const struct soe_name_table aliases = TABLE(level_aliases);
	size_t i;

	for (i = 0; i < soe_levels_count; i++) {
		if (!strcasecmp(soe_levels[i].name, name)) {
			*level = soe_levels[i].level;
			return 0;
		}
	}
	return find_name(&aliases, name, level);
}

int soe_option_by_name(int level, const char *name, int *optname)
{
	const struct soe_level *l = find_level(level);

	if (!l || !l->options)
		return -1;
	return find_name(l->options, name, optname);
}
