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

struct soe_name {
	int value;
	const char *name;
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

#endif /* SOE_NAMES_H */
