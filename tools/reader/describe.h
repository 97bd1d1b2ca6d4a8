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
 * A name the record did not hold whole is cut: bytes and len are what it
 * held, which is not to be shown as the name, and whole_len is the name's
 * length in bytes (sun_path's, an abstract name's leading NUL included),
 * or 0 when the record does not say (version 1).
 */
struct soe_unix_name {
	const unsigned char *bytes;	/* points into the record */
	size_t len;
	bool abstract;
	bool cut;
	size_t whole_len;
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

/*
 * The local (remote false) or remote address of ev's socket; names: the
 * unix names record that came with ev, or NULL.
 */
void soe_addr_describe(const struct soe_event *ev,
		       const struct soe_unix_names *names, bool remote,
		       struct soe_addr *a);

/* The socket's state by name where the family uses the TCP states, else NULL. */
const char *soe_state_name(const struct soe_event *ev);

/*
 * The event's flags as they are shown: without SOE_F_UNIX_NAMES (version 2),
 * which says where the names are, and without SOE_F_ADDR_TRUNC when names,
 * the names record that came with ev, holds them whole.
 */
unsigned int soe_event_flags(const struct soe_event *ev,
			     const struct soe_unix_names *names);

/* flags as name|name, unknown bits as one hex number at the end. */
void soe_put_flags(struct soe_out *o, unsigned int flags);

/*
 * Version 3: the caller's effective capability set (the uapi's
 * cap_effective_lo and _hi) into *caps; false for an older record, which
 * does not have it.
 */
bool soe_event_caps(const struct soe_event *ev, uint64_t *caps);

/* Where the kernel's setsockopt() checks look for a capability. */
enum soe_cap_where {
	SOE_CAP_NETNS,	/* the user namespace owning the socket's net namespace */
	SOE_CAP_INIT,	/* the initial user namespace */
};

/*
 * Version 3: *held gets SOE_NET_CAP_*-style bits, 1 for CAP_NET_ADMIN and 2
 * for CAP_NET_RAW, that the caller had where says; false when the record
 * does not say (older than version 3, or for SOE_CAP_NETNS a socket
 * without a struct sock).
 */
bool soe_event_net_caps(const struct soe_event *ev, enum soe_cap_where where,
			unsigned int *held);

/*
 * held (from soe_event_net_caps()) as CAP_NET_ADMIN, CAP_NET_RAW, or both
 * with sep between; brief: as admin and raw; nothing when 0.
 */
void soe_put_net_caps(struct soe_out *o, unsigned int held, const char *sep,
		      bool brief);

/*
 * A call's result (SOE_RECORD_RESULT), or NULL when the reader does not
 * have it: into *ret the call's return value and into *lsm the LSMs'
 * verdict, each with whether it is known (the record has it).
 */
struct soe_call_result {
	bool expected;		/* the event announces a result (SOE_F_RESULT) */
	bool ret_known, lsm_known;
	int ret, lsm;
};

void soe_call_result(const struct soe_event *ev, const struct soe_result *r,
		     struct soe_call_result *out);

/* -EPERM as "-EPERM", an errno without a name as its number. */
void soe_put_errno(struct soe_out *o, int value);

#endif /* SOE_DESCRIBE_H */
