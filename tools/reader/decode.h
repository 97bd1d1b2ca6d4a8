/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Record validation and formatting: no I/O, so the unit tests link it as is.
 *
 * A record is SOE_RECORD_SIZE bytes of untrusted input.  soe_record_check()
 * looks at its header; soe_record_format() turns a checked record into one
 * line of text or JSON.  Neither reads outside the record, whatever it holds.
 */
#ifndef SOE_DECODE_H
#define SOE_DECODE_H

#include <stdbool.h>
#include <stddef.h>

enum soe_format {
	SOE_FORMAT_TEXT,
	SOE_FORMAT_JSON,
};

struct soe_format_opts {
	enum soe_format format;
	bool utc;		/* text: UTC times instead of local ones */
	bool bpf;		/* socket filters' instructions, as tcpdump -d */
};

/* Room for the longest line soe_record_format() writes, newline and NUL included. */
#define SOE_LINE_MAX	8192

/*
 * Check the header of the record at rec (SOE_RECORD_SIZE bytes).  Returns
 * its type (SOE_RECORD_EVENT, SOE_RECORD_LOSS, SOE_RECORD_UNIX_NAMES,
 * SOE_RECORD_BPF_FILTER, or since version 3 any other, which the caller
 * skips), or -1 with why set to a sentence fragment saying what is wrong, e.g.
 * "record version 3, this reader understands versions 1 to 2".
 */
int soe_record_check(const void *rec, char *why, size_t why_size);

/*
 * Write a checked record as one line ending in '\n' into line.  names is the
 * checked record that came just before rec in the stream, or NULL: when it
 * is the SOE_RECORD_UNIX_NAMES record of the event rec (one seq lower, rec
 * flagged SOE_F_UNIX_NAMES), the event's unix names are shown whole from
 * it.  A names record is shown only with its event: for one, this writes
 * an empty line and returns 0.  Returns the line's length, or -1 when the
 * record's type is unknown or size is too small.
 */
int soe_record_format(const void *rec, const void *names,
		      const struct soe_format_opts *opts, char *line, size_t size);

/*
 * The same, for an event rec and the checked record after it in the
 * stream, or NULL: when after is the SOE_RECORD_BPF_FILTER record of rec
 * (soe_record_follows()), the event is shown with its filter; an event
 * with SOE_F_BPF_FILTER without it shows that the filter is missing.  A
 * filter record formatted on its own is one whose event was not there: it
 * gets a line of its own that says so.
 */
int soe_event_format(const void *rec, const void *names, const void *after,
		     const struct soe_format_opts *opts, char *line, size_t size);

/*
 * Whether after is the filter record of the event at event: one seq higher,
 * the same version (3 on), the event flagged SOE_F_BPF_FILTER.
 */
bool soe_record_follows(const void *event, const void *after);

/*
 * The same, with result: the checked SOE_RECORD_RESULT of the event's call
 * (soe_result_of()), or NULL.  The event then shows the call's result; an
 * event flagged SOE_F_RESULT without it shows that the result is unknown.
 * A result record formatted on its own is one whose event was shown
 * without it: it gets a line of its own.
 */
int soe_call_format(const void *rec, const void *names, const void *after,
		    const void *result, const struct soe_format_opts *opts,
		    char *line, size_t size);

/*
 * Whether result is the result record of the event at event: the same
 * version (3 on), a later seq, event_seq the event's, the event flagged
 * SOE_F_RESULT.
 */
bool soe_result_of(const void *event, const void *result);

#endif /* SOE_DECODE_H */
