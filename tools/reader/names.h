/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Names for the numbers in a record: families, socket types, protocols,
 * TCP states and, per level, the socket options.
 *
 * The tables hold explicit numbers taken from the kernel's uapi headers, so
 * the reader names options its libc headers may not know yet.  Option
 * numbers follow asm-generic/socket.h (x86, arm, arm64, riscv, s390 and
 * others); alpha, mips, parisc, powerpc and sparc number a few SOL_SOCKET
 * options differently and are not covered.
 */
#ifndef SOE_NAMES_H
#define SOE_NAMES_H

#include <stddef.h>

/*
 * How the kernel reads an option's value, so how the reader decodes the
 * bytes it has of it.  Every option not marked otherwise is SOE_OPTVAL_BYTES.
 */
enum soe_optval_kind {
	SOE_OPTVAL_BYTES,	/* a structure or raw bytes: shown in hex */
	SOE_OPTVAL_INT,		/* an int */
	SOE_OPTVAL_LINGER,	/* struct linger: two ints */
	SOE_OPTVAL_TIMEVAL,	/* struct timeval: two longs, two s32 for a compat task */
	SOE_OPTVAL_TIMEVAL64,	/* struct __kernel_sock_timeval: two s64 */
	SOE_OPTVAL_STRING,	/* a name of at most 15 bytes, up to its first NUL */
	SOE_OPTVAL_RATE,	/* SO_MAX_PACING_RATE: a u32, or a u64 when optlen has room */
	SOE_OPTVAL_INT_OR_BYTE,	/* IPv4: an int, or one unsigned byte when optlen is 1-3 */
	SOE_OPTVAL_U32,		/* an unsigned 32-bit number (SOL_NETLINK, SO_MARK) */
	SOE_OPTVAL_INT_NET,	/* an int in network byte order (IP_UNICAST_IF) */
	SOE_OPTVAL_TIMESTAMPING, /* an int, or struct so_timestamping when optlen is 8 */
	SOE_OPTVAL_FANOUT,	/* an int, or struct fanout_args when optlen is 8 */
	SOE_OPTVAL_PORT_RANGE,	/* IP_LOCAL_PORT_RANGE: a u32, the low port in its low 16 bits */
};

struct soe_name {
	int value;
	const char *name;
	unsigned char kind;	/* options only: enum soe_optval_kind */
};

struct soe_name_table {
	const struct soe_name *names;
	size_t count;
};

/* A setsockopt() level and the options it understands. */
struct soe_level {
	int level;
	const char *name;
	const struct soe_name_table *options;	/* NULL: none named */
};

extern const struct soe_name_table soe_families;
extern const struct soe_name_table soe_sock_types;
extern const struct soe_name_table soe_tcp_states;
extern const struct soe_name_table soe_ip_protocols;
extern const struct soe_name_table soe_eth_protocols;
extern const struct soe_name_table soe_netlink_protocols;
extern const struct soe_name_table soe_syscalls;

extern const struct soe_level soe_levels[];
extern const size_t soe_levels_count;

/* The name of value in table, or NULL when it has none. */
const char *soe_name_find(const struct soe_name_table *table, int value);

const char *soe_family_name(int family);
const char *soe_sock_type_name(int type);
const char *soe_tcp_state_name(int state);
const char *soe_syscall_name(int syscall);
/* Protocols are named by family: IPPROTO_*, ETH_P_* or NETLINK_*. */
const char *soe_protocol_name(int family, int protocol);
const char *soe_level_name(int level);
/* Options are named by level: 1 is SO_DEBUG at SOL_SOCKET, TCP_NODELAY at IPPROTO_TCP. */
const char *soe_option_name(int level, int optname);
/* How the option's value is read; SOE_OPTVAL_BYTES when the reader does not know. */
enum soe_optval_kind soe_option_kind(int level, int optname);

/*
 * The other way, for the command line: the number of a name, compared
 * without regard to case; -1 when there is no such name.  A family may be
 * given as AF_INET, PF_INET or INET; a level as its name here or as the
 * SOL_ alias libc has for an IP protocol level (SOL_TCP, SOL_IPV6...).
 */
int soe_family_by_name(const char *name, int *family);
int soe_level_by_name(const char *name, int *level);
/* The option called name at level, or -1 when that level has none. */
int soe_option_by_name(int level, const char *name, int *optname);

#endif /* SOE_NAMES_H */
