/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Tags: words the reader works out from an event for the audit view, such
 * as "privileged" for an option the kernel lets only CAP_NET_ADMIN or
 * CAP_NET_RAW holders set.  soe_tags[] is the one list of them: JSON's
 * "tags", text's tags=, --audit, --help and the man page's list (checked
 * by tests/unit/docs.sh) all come from it.  tags.c says how to add one.
 */
#ifndef SOE_TAGS_H
#define SOE_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "out.h"
#include "sockopt_events.h"

enum soe_tag {
	SOE_TAG_PRIVILEGED,
	SOE_TAG_DENIED,
	SOE_TAG_FAILED,
	SOE_TAG_SOCKET_FILTER,
	SOE_TAG_REDACTED,
	SOE_TAG_RAW_SOCKET,
	SOE_TAG_COUNT,
};

/* A tag is decided by one of the two: from the event, or from the result. */
struct soe_tag_info {
	const char *name;
	bool (*applies)(const struct soe_event *ev);
	bool (*applies_result)(const struct soe_result *r);
};

/* Indexed by enum soe_tag; shown in this order. */
extern const struct soe_tag_info soe_tags[SOE_TAG_COUNT];

/* The event's tags, bit (1 << SOE_TAG_x) each. */
unsigned int soe_event_tags(const struct soe_event *ev);

/* The tags of a call's result record (NULL: none, no tags). */
unsigned int soe_result_tags(const struct soe_result *r);

/* The tags joined with sep; quote: each one in double quotes (JSON). */
void soe_put_tags(struct soe_out *o, unsigned int tags, const char *sep, bool quote);

/*
 * One rule of the privileged tag: an option at a level from optname to
 * last, on a socket of family (0: any; SOE_PRIV_INET: AF_INET or AF_INET6,
 * which both reach the IPv4 options), and when it needs the capability.
 */
#define SOE_PRIV_INET	(-1)
enum soe_priv_when {
	SOE_PRIV_ALWAYS,
	SOE_PRIV_NONZERO,	/* an int value other than 0 */
	SOE_PRIV_POSITIVE,	/* an int value above 0 */
	SOE_PRIV_PRIORITY,	/* an int value outside 0..6 */
	SOE_PRIV_BELOW_2,	/* an int value below 2 */
	SOE_PRIV_TCP,		/* on a TCP socket */
	SOE_PRIV_IP_OPTIONS,	/* IP options: source route, CIPSO, SID, prespecified timestamps */
};

struct soe_priv_rule {
	int family;
	int level;
	int optname;
	int last;
	enum soe_priv_when when;
	const char *name;	/* the option's (or the range's first) name */
};

extern const struct soe_priv_rule soe_priv_rules[];
extern const size_t soe_priv_rules_count;

#endif /* SOE_TAGS_H */
