// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Check a record's header, and hand a checked record to its renderer.
 *
 * A record is copied into an aligned struct before any field is read, and
 * every length in it is clamped to the buffer it describes (describe.c,
 * optval.c), so a record of random bytes formats to something, never to a
 * read past its end.  The renderers are json.c and text.c; what both print
 * is worked out in describe.c, option values in optval.c, and the line and
 * its escaping are out.c's.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "render.h"
#include "sockopt_events.h"

_Static_assert(sizeof(struct soe_header) == 32, "soe_header is 32 bytes");
_Static_assert(sizeof(struct soe_event) == SOE_RECORD_SIZE, "soe_event fills a record");
_Static_assert(sizeof(struct soe_loss) == SOE_RECORD_SIZE, "soe_loss fills a record");
_Static_assert(sizeof(struct soe_unix_names) == SOE_RECORD_SIZE,
	       "soe_unix_names fills a record");
_Static_assert(sizeof(struct soe_bpf_filter) == SOE_RECORD_SIZE,
	       "soe_bpf_filter fills a record");
_Static_assert(sizeof(struct soe_result) == SOE_RECORD_SIZE,
	       "soe_result fills a record");

static uint32_t swab32(uint32_t x)
{
	return (x >> 24) | ((x >> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24);
}

int soe_record_check(const void *rec, char *why, size_t why_size)
{
	struct soe_header hdr;

	memcpy(&hdr, rec, sizeof(hdr));
	if (hdr.magic == swab32(SOE_MAGIC)) {
		snprintf(why, why_size,
			 "bad magic 0x%08" PRIx32 " (expected 0x%08x): the record was written by a machine of the other byte order",
			 hdr.magic, SOE_MAGIC);
		return -1;
	}
	if (hdr.magic != SOE_MAGIC) {
		snprintf(why, why_size, "bad magic 0x%08" PRIx32 " (expected 0x%08x)",
			 hdr.magic, SOE_MAGIC);
		return -1;
	}
	if (hdr.version < SOE_VERSION_MIN || hdr.version > SOE_VERSION) {
		snprintf(why, why_size,
			 "record version %u, this reader understands versions %u to %u",
			 hdr.version, SOE_VERSION_MIN, SOE_VERSION);
		return -1;
	}
	if (hdr.size != SOE_RECORD_SIZE) {
		snprintf(why, why_size, "record size %u, expected %u",
			 hdr.size, SOE_RECORD_SIZE);
		return -1;
	}
	/* Since version 3 a type this reader does not know is skipped. */
	if (hdr.version >= 3)
		return hdr.type;
	if (hdr.type != SOE_RECORD_EVENT && hdr.type != SOE_RECORD_LOSS &&
	    (hdr.type != SOE_RECORD_UNIX_NAMES || hdr.version < 2)) {
		snprintf(why, why_size, "unknown record type %u in version %u",
			 hdr.type, hdr.version);
		return -1;
	}
	return hdr.type;
}

/* Whether the names record at names (or NULL) goes with the event ev. */
static bool names_of_event(const struct soe_event *ev, const void *names,
			   struct soe_unix_names *out)
{
	if (!names || ev->hdr.version < 2 || !(ev->hdr.flags & SOE_F_UNIX_NAMES))
		return false;
	memcpy(out, names, sizeof(*out));
	return out->hdr.type == SOE_RECORD_UNIX_NAMES &&
	       out->hdr.version == ev->hdr.version &&
	       out->hdr.seq + 1 == ev->hdr.seq;
}

bool soe_record_follows(const void *event, const void *after)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	if (!after)
		return false;
	memcpy(&ev, event, sizeof(ev));
	memcpy(&f, after, sizeof(f));
	return ev.hdr.type == SOE_RECORD_EVENT && ev.hdr.version >= 3 &&
	       (ev.hdr.flags & SOE_F_BPF_FILTER) &&
	       f.hdr.type == SOE_RECORD_BPF_FILTER &&
	       f.hdr.version == ev.hdr.version &&
	       f.hdr.seq == ev.hdr.seq + 1;
}

int soe_record_format(const void *rec, const void *names,
		      const struct soe_format_opts *opts, char *line, size_t size)
{
	return soe_event_format(rec, names, NULL, opts, line, size);
}

int soe_event_format(const void *rec, const void *names, const void *after,
		     const struct soe_format_opts *opts, char *line, size_t size)
{
	return soe_call_format(rec, names, after, NULL, opts, line, size);
}

bool soe_result_of(const void *event, const void *result)
{
	struct soe_result r;
	struct soe_event ev;

	if (!result)
		return false;
	memcpy(&ev, event, sizeof(ev));
	memcpy(&r, result, sizeof(r));
	return ev.hdr.type == SOE_RECORD_EVENT && ev.hdr.version >= 3 &&
	       (ev.hdr.flags & SOE_F_RESULT) &&
	       r.hdr.type == SOE_RECORD_RESULT &&
	       r.hdr.version == ev.hdr.version &&
	       r.event_seq == ev.hdr.seq && r.hdr.seq > ev.hdr.seq;
}

int soe_call_format(const void *rec, const void *names, const void *after,
		    const void *result, const struct soe_format_opts *opts,
		    char *line, size_t size)
{
	struct soe_out o = { line, size, 0, false };
	struct soe_unix_names un;
	struct soe_bpf_filter bf;
	struct soe_result res;
	union {
		struct soe_header hdr;
		struct soe_event_names ev;
		struct soe_loss loss;
		struct soe_bpf_filter filter;
		struct soe_result result;
	} r;

	if (!size)
		return -1;
	line[0] = '\0';
	memset(&r, 0, sizeof(r));
	memcpy(&r, rec, SOE_RECORD_SIZE);
	switch (r.hdr.type) {
	case SOE_RECORD_UNIX_NAMES:
		return 0;	/* shown with its event */
	case SOE_RECORD_BPF_FILTER:
		/* Not after its event: shown alone, attached to none. */
		if (r.hdr.version < 3)
			return -1;
		if (opts->format == SOE_FORMAT_JSON)
			soe_json_filter(&o, &r.filter, opts->bpf);
		else
			soe_text_filter(&o, &r.filter, opts->bpf, opts->utc);
		break;
	case SOE_RECORD_EVENT:
		r.ev.names = names_of_event(&r.ev.ev, names, &un) ? &un : NULL;
		r.ev.filter = NULL;
		if (soe_record_follows(rec, after)) {
			memcpy(&bf, after, sizeof(bf));
			r.ev.filter = &bf;
		}
		r.ev.result = NULL;
		if (soe_result_of(rec, result)) {
			memcpy(&res, result, sizeof(res));
			r.ev.result = &res;
		}
		r.ev.bpf = opts->bpf;
		if (opts->format == SOE_FORMAT_JSON)
			soe_json_event(&o, &r.ev);
		else
			soe_text_event(&o, &r.ev, opts->utc);
		break;
	case SOE_RECORD_RESULT:
		/* Not with its event: shown alone. */
		if (r.hdr.version < 3)
			return -1;
		if (opts->format == SOE_FORMAT_JSON)
			soe_json_result(&o, &r.result);
		else
			soe_text_result(&o, &r.result, opts->utc);
		break;
	case SOE_RECORD_LOSS:
		if (opts->format == SOE_FORMAT_JSON)
			soe_json_loss(&o, &r.loss);
		else
			soe_text_loss(&o, &r.loss, opts->utc);
		break;
	default:
		return -1;
	}
	return o.full ? -1 : (int)o.len;
}
