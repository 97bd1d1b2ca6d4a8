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
};

/* Room for the longest line soe_record_format() writes, newline and NUL included. */
#define SOE_LINE_MAX	4096

/*
 * Check the header of the record at rec (SOE_RECORD_SIZE bytes).  Returns
 * its type (SOE_RECORD_EVENT or SOE_RECORD_LOSS), or -1 with why set to a
 * sentence fragment saying what is wrong, e.g. "record version 2, this
 * reader understands version 1".
 */
int soe_record_check(const void *rec, char *why, size_t why_size);

/*
 * Write a checked record as one line ending in '\n' into line.  Returns the
 * line's length, or -1 when the record's type is unknown or size is too small.
 */
int soe_record_format(const void *rec, const struct soe_format_opts *opts,
		      char *line, size_t size);

#endif /* SOE_DECODE_H */
