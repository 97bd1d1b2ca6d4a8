// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The input loop.  The device returns whole records, but a pipe or a
 * terminal may hand over any number of bytes at a time, so bytes collect in
 * buf until a whole record is there; the rest waits for the next read().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "sockopt_events.h"
#include "stream.h"

/* Write one line; false when out failed.  EPIPE is left in errno. */
static bool put_line(FILE *out, const char *line, size_t len)
{
	return fwrite(line, 1, len, out) == len;
}

static int write_error(FILE *err)
{
	if (errno == EPIPE)
		return 0;
	fprintf(err, "%s: cannot write the output: %s\n", SOE_READER_NAME,
		strerror(errno));
	return 1;
}

/* Whether the filter lets the event record at rec through. */
static bool wanted(const struct soe_stream_opts *opts, const unsigned char *rec)
{
	struct soe_event ev;

	if (!opts->filter)
		return true;
	memcpy(&ev, rec, sizeof(ev));
	return soe_filter_match(opts->filter, &ev);
}

int soe_stream_run(int fd, const char *name, const struct soe_stream_opts *opts,
		   FILE *out, FILE *err)
{
	unsigned char buf[SOE_READ_RECORDS * SOE_RECORD_SIZE];
	char line[SOE_LINE_MAX], why[256];
	uint64_t offset = 0, events = 0;	/* offset: of buf[0] in the input */
	size_t have = 0;

	for (;;) {
		size_t done = 0;
		ssize_t n;

		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(err, "%s: cannot read %s: %s\n", SOE_READER_NAME,
				name, strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		have += n;

		while (have - done >= SOE_RECORD_SIZE) {
			const unsigned char *rec = buf + done;
			int type, len;

			type = soe_record_check(rec, why, sizeof(why));
			if (type < 0) {
				fprintf(err, "%s: record at byte offset %" PRIu64 ": %s\n",
					SOE_READER_NAME, offset + done, why);
				return 1;
			}
			if (type == SOE_RECORD_EVENT && !wanted(opts, rec)) {
				done += SOE_RECORD_SIZE;
				continue;
			}
			len = soe_record_format(rec, &opts->format, line, sizeof(line));
			if (len < 0) {
				fprintf(err, "%s: record at byte offset %" PRIu64 ": cannot be formatted\n",
					SOE_READER_NAME, offset + done);
				return 1;
			}
			if (!put_line(out, line, len))
				return write_error(err);
			done += SOE_RECORD_SIZE;
			if (type == SOE_RECORD_EVENT && opts->max_events &&
			    ++events == opts->max_events)
				return fflush(out) ? write_error(err) : 0;
		}
		memmove(buf, buf + done, have - done);
		have -= done;
		offset += done;
	}

	if (fflush(out))
		return write_error(err);
	if (have) {
		fprintf(err, "%s: record at byte offset %" PRIu64 ": the input ends %zu bytes into this %d-byte record\n",
			SOE_READER_NAME, offset, have, SOE_RECORD_SIZE);
		return 1;
	}
	return 0;
}
