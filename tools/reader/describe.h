/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What both renderers print, worked out once from a record: the task's
 * name, the socket's addresses, its state, the flags.  json.c and text.c
 * only choose how it looks.
 */
#ifndef SOE_DESCRIBE_H
#define SOE_DESCRIBE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "out.h"
#include "sockopt_events.h"

/* The task's name: NUL-terminated within SOE_COMM_LEN, or all of it. */
size_t soe_comm_len(const struct soe_event *ev);

enum soe_addr_kind {
	SOE_ADDR_NONE,		/* the family has no such address to show */
	SOE_ADDR_UNKNOWN,	/* it has one, the module could not read it */
	SOE_ADDR_INET,		/* ip, port if has_port (AF_INET) */
	SOE_ADDR_INET6,		/* ip, port if has_port, flowinfo, scope_id */
	SOE_ADDR_UNIX,		/* un */
	SOE_ADDR_NETLINK,	/* nl_pid, nl_groups */
	SOE_ADDR_PACKET,	/* ifindex, protocol (the local address only) */
};

/*
 * A unix socket's name: none (len 0, not abstract), an abstract name (the
 * bytes after its leading NUL) or a filesystem path (up to its first NUL).
 */
struct soe_unix_name {
	const unsigned char *bytes;	/* points into the event */
	size_t len;
	bool abstract;
};

struct soe_addr {
	enum soe_addr_kind kind;
	char ip[INET6_ADDRSTRLEN];
	bool has_port;		/* false for a raw socket: see describe.c */
	unsigned int port;
	unsigned int flowinfo;
	unsigned int scope_id;
	struct soe_unix_name un;
	unsigned int nl_pid;
	unsigned int nl_groups;
	int ifindex;
	unsigned int protocol;
};

/* The local (remote false) or remote address of ev's socket. */
void soe_addr_describe(const struct soe_event *ev, bool remote, struct soe_addr *a);

/* The socket's state by name where the family uses the TCP states, else NULL. */
const char *soe_state_name(const struct soe_event *ev);

/* flags as name|name, unknown bits as one hex number at the end. */
void soe_put_flags(struct soe_out *o, unsigned int flags);

#endif /* SOE_DESCRIBE_H */
