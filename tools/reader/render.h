/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The two renderers of a checked record, called by soe_record_format():
 * json.c writes one JSON object, text.c one text line, each ending in '\n'.
 */
#ifndef SOE_RENDER_H
#define SOE_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "out.h"
#include "sockopt_events.h"

/*
 * A checked event, and the unix names record that came just before it, or
 * NULL.  The renderers' field functions get &e->ev: soe_names_of() finds
 * the names from there.
 */
struct soe_event_names {
	struct soe_event ev;
	const struct soe_unix_names *names;
	const struct soe_bpf_filter *filter;	/* the record after it, or NULL */
	const struct soe_result *result;	/* its call's result, or NULL */
	bool bpf;				/* --bpf: the listing too */
};

static inline const struct soe_unix_names *soe_names_of(const struct soe_event *ev)
{
	return ((const struct soe_event_names *)
		((const char *)ev - offsetof(struct soe_event_names, ev)))->names;
}

static inline const struct soe_event_names *soe_event_of(const struct soe_event *ev)
{
	return (const struct soe_event_names *)
		((const char *)ev - offsetof(struct soe_event_names, ev));
}

void soe_json_event(struct soe_out *o, const struct soe_event_names *e);
/* A filter record without its event; bpf: the listing too (text). */
void soe_json_filter(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf);
void soe_text_filter(struct soe_out *o, const struct soe_bpf_filter *f, bool bpf,
		     bool utc);
void soe_json_loss(struct soe_out *o, const struct soe_loss *loss);
/* A result whose event was shown before it came (or never). */
void soe_json_result(struct soe_out *o, const struct soe_result *r);
void soe_text_result(struct soe_out *o, const struct soe_result *r, bool utc);

/* utc: times in UTC instead of local time. */
void soe_text_event(struct soe_out *o, const struct soe_event_names *e, bool utc);
void soe_text_loss(struct soe_out *o, const struct soe_loss *loss, bool utc);

#endif /* SOE_RENDER_H */
