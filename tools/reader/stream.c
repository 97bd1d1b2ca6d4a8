// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The input loops.  The device returns whole records, but a pipe or a
 * terminal may hand over any number of bytes at a time, so bytes collect in
 * buf until a whole record is there; the rest waits for the next read().
 * The mapped ring hands over one whole record at a time.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "sockopt_events.h"
#include "ringmap.h"
#include "stream.h"
#include "tags.h"

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

/* Whether the filter, and --audit, let the event record at rec through. */
static bool wanted(const struct soe_stream_opts *opts, const unsigned char *rec)
{
	struct soe_event ev;

	if (!opts->filter && !opts->audit)
		return true;
	memcpy(&ev, rec, sizeof(ev));
	if (opts->audit && !soe_event_tags(&ev))
		return false;
	return !opts->filter || rd_filter_match(opts->filter, &ev);
}

/*
 * Format and write one checked record (names: the record before it, after:
 * the record after it, see soe_event_format()): -1 to go on, or the exit
 * status.
 */
static int put_checked(const unsigned char *rec, const void *names,
		       const void *after, uint64_t offset,
		       const struct soe_stream_opts *opts, FILE *out, FILE *err)
{
	char line[SOE_LINE_MAX];
	int len;

	len = soe_event_format(rec, names, after, &opts->format, line, sizeof(line));
	if (len < 0) {
		fprintf(err, "%s: record at byte offset %" PRIu64 ": cannot be formatted\n",
			SOE_READER_NAME, offset);
		return 1;
	}
	if (!put_line(out, line, len))
		return write_error(err);
	return -1;
}

/*
 * A resumed reader (struct soe_resume): whether the record, type and seq
 * given, is still to be handled; a loss record is cut to start at next,
 * and a loss record for a gap before it is written first.  -1 to go on
 * with the record, -2 to drop it, or the exit status.
 */
static int resume_check(unsigned char *rec, int type, uint64_t seq, uint64_t offset,
			const struct soe_stream_opts *opts, FILE *out, FILE *err)
{
	struct soe_resume *r = opts->resume;
	unsigned char gap[SOE_RECORD_SIZE];
	struct soe_loss loss;
	uint64_t end = seq + 1;

	if (type == SOE_RECORD_LOSS) {
		memcpy(&loss, rec, sizeof(loss));
		end = seq + loss.lost;
	}
	if (end <= r->next)
		return -2;
	if (seq < r->next) {		/* a loss record that began before */
		loss.hdr.seq = r->next;
		loss.lost = end - r->next;
		memcpy(rec, &loss, sizeof(loss));
	} else if (seq > r->next) {
		soe_ringmap_loss(gap, r->next, seq - r->next);
		return put_checked(gap, NULL, NULL, offset, opts, out, err);
	}
	return -1;
}

/* The position after a record handled: next moves to end. */
static void resume_moved(const struct soe_stream_opts *opts, uint64_t end)
{
	struct soe_resume *r = opts->resume;

	__atomic_store_n(&r->next, end, __ATOMIC_RELAXED);
	__atomic_store_n(&r->known, true, __ATOMIC_RELAXED);
	if (r->moved)
		r->moved(r);
}

/*
 * What the loop keeps from one record to the next: the events written, the
 * last record when it was a unix names record, which is shown with the
 * event that follows it, and an event with SOE_F_BPF_FILTER (with its
 * names), which waits for the record after it, its filter.
 */
struct stream_state {
	uint64_t events;
	bool have_names;
	unsigned char names[SOE_RECORD_SIZE];
	bool have_event;
	bool event_has_names;
	uint64_t event_offset;
	unsigned char event[SOE_RECORD_SIZE];
	unsigned char event_names[SOE_RECORD_SIZE];
};

/*
 * Write the event rec (names: its names record, or NULL; after: the record
 * after it, or NULL), filtered, and move the position past end.  -1 to go
 * on, or the exit status: after an error, or once max_events are out.
 */
static int put_event(const unsigned char *rec, const void *names, const void *after,
		     uint64_t offset, uint64_t end, const struct soe_stream_opts *opts,
		     struct stream_state *st, FILE *out, FILE *err)
{
	bool show = wanted(opts, rec);
	int status;

	if (show) {
		status = put_checked(rec, names, after, offset, opts, out, err);
		if (status >= 0)
			return status;
	}
	if (opts->resume)
		resume_moved(opts, end);
	if (show && opts->max_events && ++st->events == opts->max_events)
		return fflush(out) ? write_error(err) : 0;
	return -1;
}

/*
 * The waiting event, with after when that is its filter record (then
 * *used is set), else shown without it: the filter it announced did not
 * come.  -1 to go on, or the exit status.
 */
static int put_waiting(const unsigned char *after, bool *used,
		       const struct soe_stream_opts *opts, struct stream_state *st,
		       FILE *out, FILE *err)
{
	struct soe_header hdr;

	*used = false;
	if (!st->have_event)
		return -1;
	st->have_event = false;
	memcpy(&hdr, st->event, sizeof(hdr));
	if (after && soe_record_follows(st->event, after)) {
		*used = true;
		return put_event(st->event, st->event_has_names ? st->event_names : NULL,
				 after, st->event_offset, hdr.seq + 2, opts, st, out, err);
	}
	return put_event(st->event, st->event_has_names ? st->event_names : NULL,
			 NULL, st->event_offset, hdr.seq + 1, opts, st, out, err);
}

static bool known_type(int type)
{
	return type == SOE_RECORD_EVENT || type == SOE_RECORD_LOSS ||
	       type == SOE_RECORD_UNIX_NAMES || type == SOE_RECORD_BPF_FILTER;
}

/*
 * One whole record, at byte offset in the input: checked, filtered,
 * formatted and written.  Returns -1 to go on, or the exit status to stop
 * with: after an error (reported on err), or once max_events events are out.
 */
static int put_record(const unsigned char *in, uint64_t offset,
		      const struct soe_stream_opts *opts, struct stream_state *st,
		      FILE *out, FILE *err)
{
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_loss hdr;
	const void *names;
	char why[256];
	int type, status;
	uint64_t end;
	bool used;

	type = soe_record_check(in, why, sizeof(why));
	if (type < 0) {
		status = put_waiting(NULL, &used, opts, st, out, err);
		if (status >= 0)
			return status;
		fprintf(err, "%s: record at byte offset %" PRIu64 ": %s\n",
			SOE_READER_NAME, offset, why);
		return 1;
	}
	memcpy(rec, in, sizeof(rec));
	if (opts->resume && opts->resume->skip && opts->resume->known) {
		memcpy(&hdr, rec, sizeof(hdr));
		status = resume_check(rec, type, hdr.hdr.seq, offset, opts, out, err);
		if (status == -2)
			return -1;
		if (status >= 0)
			return status;
	}
	status = put_waiting(rec, &used, opts, st, out, err);
	if (status >= 0 || used)
		return status;
	memcpy(&hdr, rec, sizeof(hdr));
	if (!known_type(type)) {
		/* A later record type: skipped, as the header says. */
		st->have_names = false;
		if (opts->resume)
			resume_moved(opts, hdr.hdr.seq + 1);
		return -1;
	}
	names = st->have_names ? st->names : NULL;
	st->have_names = type == SOE_RECORD_UNIX_NAMES;
	if (st->have_names) {
		/* Shown, and handled (the position), with its event. */
		memcpy(st->names, rec, SOE_RECORD_SIZE);
		return -1;
	}
	if (type == SOE_RECORD_EVENT && hdr.hdr.version >= 3 &&
	    (hdr.hdr.flags & SOE_F_BPF_FILTER)) {
		/* Shown, and handled, with the record after it. */
		memcpy(st->event, rec, SOE_RECORD_SIZE);
		st->event_has_names = names != NULL;
		if (names)
			memcpy(st->event_names, names, SOE_RECORD_SIZE);
		st->event_offset = offset;
		st->have_event = true;
		return -1;
	}
	end = hdr.hdr.seq + (type == SOE_RECORD_LOSS ? hdr.lost : 1);
	if (type == SOE_RECORD_EVENT)
		return put_event(rec, names, NULL, offset, end, opts, st, out, err);
	/* Loss records, and filter records without their event. */
	status = put_checked(rec, names, NULL, offset, opts, out, err);
	if (status >= 0)
		return status;
	if (opts->resume)
		resume_moved(opts, end);
	return -1;
}

int soe_stream_run(int fd, const char *name, const struct soe_stream_opts *opts,
		   FILE *out, FILE *err)
{
	unsigned char buf[SOE_READ_RECORDS * SOE_RECORD_SIZE];
	struct stream_state st = { 0 };
	uint64_t offset = 0;	/* of buf[0] in the input */
	size_t have = 0;
	bool used;
	int status;

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
			status = put_record(buf + done, offset + done, opts,
					    &st, out, err);
			if (status >= 0)
				return status;
			done += SOE_RECORD_SIZE;
		}
		memmove(buf, buf + done, have - done);
		have -= done;
		offset += done;
	}

	status = put_waiting(NULL, &used, opts, &st, out, err);
	if (status >= 0)
		return status;
	if (fflush(out))
		return write_error(err);
	if (have) {
		fprintf(err, "%s: record at byte offset %" PRIu64 ": the input ends %zu bytes into this %d-byte record\n",
			SOE_READER_NAME, offset, have, SOE_RECORD_SIZE);
		return 1;
	}
	return 0;
}

int soe_stream_run_ring(struct soe_ringmap *m, soe_ring_wait_fn wait, void *arg,
			const struct soe_stream_opts *opts, FILE *out, FILE *err)
{
	unsigned char rec[SOE_RECORD_SIZE];
	struct stream_state st = { 0 };
	uint64_t records = 0;
	bool used;
	int status;

	for (;;) {
		if (soe_ringmap_next(m, rec)) {
			status = put_record(rec, records++ * SOE_RECORD_SIZE, opts,
					    &st, out, err);
			if (status >= 0)
				return status;
			continue;
		}
		/*
		 * Nothing new: what is written goes out before the wait.  A
		 * filter is published with its event, so a waiting event's did
		 * not come.
		 */
		status = put_waiting(NULL, &used, opts, &st, out, err);
		if (status >= 0)
			return status;
		if (fflush(out))
			return write_error(err);
		status = wait(m, arg);
		if (status >= 0)
			return status;
	}
}
