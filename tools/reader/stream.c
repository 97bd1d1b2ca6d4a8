// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The input loops.  The device returns whole records, but a pipe or a
 * terminal may hand over any number of bytes at a time, so bytes collect in
 * buf until a whole record is there; the rest waits for the next read().
 * The mapped ring hands over one whole record at a time.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>
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

/*
 * Whether the filter, and --audit, let the event record at rec through,
 * with its call's result record (or NULL).
 */
static bool wanted(const struct soe_stream_opts *opts, const unsigned char *rec,
		   const void *result)
{
	struct soe_result r;
	struct soe_event ev;

	if (!opts->filter && !opts->audit)
		return true;
	memcpy(&ev, rec, sizeof(ev));
	if (result)
		memcpy(&r, result, sizeof(r));
	if (opts->audit && !(soe_event_tags(&ev) | soe_result_tags(result ? &r : NULL)))
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
 * Calls waiting for their records.  An event's filter record comes right
 * after it; its result record comes when the call returns, after other
 * records maybe.  So records wait in a queue, in the order of the stream,
 * and leave it from the front once complete: an event with its filter
 * (or once the record after it was not its filter) and with its result.
 * Everything else (loss records, filter and result records whose event
 * was not there) is complete when it comes.  The first record of the
 * queue waits at most SOE_HELD_MAX records, and, reading live, at most
 * opts->result_wait_ms: then its event is shown with its result unknown,
 * and the result, when it comes, on a line of its own.
 */
#define SOE_HELD_MAX	1024
#define SOE_LATE_MAX	256

struct held {
	unsigned char rec[SOE_RECORD_SIZE];
	unsigned char names[SOE_RECORD_SIZE];	/* the record before an event */
	unsigned char after[SOE_RECORD_SIZE];	/* its filter record */
	unsigned char result[SOE_RECORD_SIZE];	/* its result record */
	bool has_names, has_after, has_result;
	bool want_after;	/* the next record may be the filter */
	bool want_result;	/* the result has not come */
	uint64_t offset;	/* of rec in the input */
	struct timespec since;	/* when it came (CLOCK_MONOTONIC) */
};

/*
 * What the loop keeps from one record to the next: the events written, the
 * last record when it was a unix names record, which goes with the event
 * that follows it, the queue, and the events shown without their result
 * (late[]: seq, and whether shown or filtered out), whose results, when
 * they come, are shown alone or dropped.
 */
struct stream_state {
	uint64_t events;
	bool resumed;			/* a resumed reader got to its position */
	bool have_names;
	unsigned char names[SOE_RECORD_SIZE];
	struct held *held;		/* SOE_HELD_MAX of them, a ring */
	unsigned int first, count;
	uint64_t handled;		/* the seq after the last record taken in */
	struct { uint64_t seq; bool shown; } late[SOE_LATE_MAX];
	unsigned int late_next;
};

static struct held *held_at(struct stream_state *st, unsigned int i)
{
	return &st->held[(st->first + i) % SOE_HELD_MAX];
}

static uint64_t seq_of(const unsigned char *rec)
{
	struct soe_header hdr;

	memcpy(&hdr, rec, sizeof(hdr));
	return hdr.seq;
}

/* A resumed reader's position: before the first record still waiting. */
static void move_position(const struct soe_stream_opts *opts,
			  struct stream_state *st)
{
	uint64_t next = st->count ? seq_of(held_at(st, 0)->rec) : st->handled;

	if (!opts->resume)
		return;
	if (st->count && held_at(st, 0)->has_names)
		next--;
	if (!opts->resume->known || next > opts->resume->next)
		resume_moved(opts, next);
}

/*
 * Write the first record of the queue, complete or not, and drop it: an
 * event filtered (and with --audit, tagged), counted against max_events.
 * -1 to go on, or the exit status: after an error, or once max_events
 * are out.
 */
static int put_first(const struct soe_stream_opts *opts, struct stream_state *st,
		     FILE *out, FILE *err)
{
	struct held *h = held_at(st, 0);
	const void *result = h->has_result ? h->result : NULL;
	char line[SOE_LINE_MAX];
	struct soe_header hdr;
	bool event, show;
	int len;

	memcpy(&hdr, h->rec, sizeof(hdr));
	event = hdr.type == SOE_RECORD_EVENT;
	show = !event || wanted(opts, h->rec, result);

	if (h->want_result) {
		st->late[st->late_next].seq = seq_of(h->rec);
		st->late[st->late_next].shown = show;
		st->late_next = (st->late_next + 1) % SOE_LATE_MAX;
	}
	st->first = (st->first + 1) % SOE_HELD_MAX;
	st->count--;
	if (show) {
		len = soe_call_format(h->rec, h->has_names ? h->names : NULL,
				      h->has_after ? h->after : NULL, result,
				      &opts->format, line, sizeof(line));
		if (len < 0) {
			fprintf(err, "%s: record at byte offset %" PRIu64 ": cannot be formatted\n",
				SOE_READER_NAME, h->offset);
			return 1;
		}
		if (!put_line(out, line, len))
			return write_error(err);
	}
	move_position(opts, st);
	if (event && show && opts->max_events && ++st->events == opts->max_events)
		return fflush(out) ? write_error(err) : 0;
	return -1;
}

/*
 * Write what is complete at the front of the queue; with force, all of it.
 * -1 to go on, or the exit status.
 */
static int put_ready(const struct soe_stream_opts *opts, struct stream_state *st,
		     bool force, FILE *out, FILE *err)
{
	int status;

	while (st->count) {
		struct held *h = held_at(st, 0);

		if (!force && (h->want_after || h->want_result))
			break;
		status = put_first(opts, st, out, err);
		if (status >= 0)
			return status;
	}
	move_position(opts, st);
	return -1;
}

/* Live: write the first records that waited longer than result_wait_ms. */
static int put_overdue(const struct soe_stream_opts *opts, struct stream_state *st,
		       int *wait_ms, FILE *out, FILE *err)
{
	struct timespec now;
	long long waited;
	int status;

	*wait_ms = -1;
	if (!opts->result_wait_ms)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	while (st->count) {
		struct held *h = held_at(st, 0);

		waited = (now.tv_sec - h->since.tv_sec) * 1000LL +
			 (now.tv_nsec - h->since.tv_nsec) / 1000000;
		if (waited < opts->result_wait_ms) {
			*wait_ms = (int)(opts->result_wait_ms - waited);
			return -1;
		}
		status = put_first(opts, st, out, err);
		if (status >= 0)
			return status;
		status = put_ready(opts, st, false, out, err);
		if (status >= 0)
			return status;
	}
	return -1;
}

/* Queue a copy of rec; the first record goes out when the queue is full. */
static int hold(const unsigned char *rec, uint64_t offset,
		const struct soe_stream_opts *opts, struct stream_state *st,
		struct held **h, FILE *out, FILE *err)
{
	int status;

	if (st->count == SOE_HELD_MAX) {
		status = put_first(opts, st, out, err);
		if (status >= 0)
			return status;
	}
	*h = held_at(st, st->count++);
	memcpy((*h)->rec, rec, SOE_RECORD_SIZE);
	(*h)->has_names = (*h)->has_after = (*h)->has_result = false;
	(*h)->want_after = (*h)->want_result = false;
	(*h)->offset = offset;
	clock_gettime(CLOCK_MONOTONIC, &(*h)->since);
	return -1;
}

/*
 * A result record: to its event when that waits for it; alone when its
 * event was shown without it; else dropped (its event was filtered out,
 * or came before this reader started, or was lost, which a loss record
 * says).  -1 to go on, or the exit status.
 */
static int take_result(const unsigned char *rec, uint64_t offset,
		       const struct soe_stream_opts *opts, struct stream_state *st,
		       FILE *out, FILE *err)
{
	struct soe_result r;
	struct held *h;
	unsigned int i;

	for (i = 0; i < st->count; i++) {
		h = held_at(st, i);
		if (h->want_result && soe_result_of(h->rec, rec)) {
			memcpy(h->result, rec, SOE_RECORD_SIZE);
			h->has_result = true;
			h->want_result = false;
			return -1;
		}
	}
	memcpy(&r, rec, sizeof(r));
	/* A result is written after its event: one naming a later seq is not. */
	if (r.hdr.seq <= r.event_seq)
		return -1;
	for (i = 0; i < SOE_LATE_MAX; i++) {
		if (st->late[i].seq != r.event_seq)
			continue;
		st->late[i].seq = UINT64_MAX;
		if (!st->late[i].shown)
			return -1;
		return hold(rec, offset, opts, st, &h, out, err);
	}
	return -1;
}

static bool known_type(int type)
{
	return type == SOE_RECORD_EVENT || type == SOE_RECORD_LOSS ||
	       type == SOE_RECORD_UNIX_NAMES || type == SOE_RECORD_BPF_FILTER ||
	       type == SOE_RECORD_RESULT;
}

/*
 * One whole record, at byte offset in the input: checked, and queued,
 * joined to its event, or dropped; then what is complete is written.
 * Returns -1 to go on, or the exit status to stop with: after an error
 * (reported on err), or once max_events events are out.
 */
static int put_record(const unsigned char *in, uint64_t offset,
		      const struct soe_stream_opts *opts, struct stream_state *st,
		      FILE *out, FILE *err)
{
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_loss hdr;
	struct held *h, *last;
	char why[256];
	int type, status;

	type = soe_record_check(in, why, sizeof(why));
	if (type < 0) {
		status = put_ready(opts, st, true, out, err);
		if (status >= 0)
			return status;
		fprintf(err, "%s: record at byte offset %" PRIu64 ": %s\n",
			SOE_READER_NAME, offset, why);
		return 1;
	}
	memcpy(rec, in, sizeof(rec));
	if (opts->resume && opts->resume->skip && opts->resume->known &&
	    !st->resumed) {
		/* Until the first record from the position on. */
		memcpy(&hdr, rec, sizeof(hdr));
		status = resume_check(rec, type, hdr.hdr.seq, offset, opts, out, err);
		if (status == -2)
			return -1;
		if (status >= 0)
			return status;
		st->resumed = true;
	}
	memcpy(&hdr, rec, sizeof(hdr));
	last = st->count ? held_at(st, st->count - 1) : NULL;
	if (last && last->want_after) {
		last->want_after = false;
		if (soe_record_follows(last->rec, rec)) {
			memcpy(last->after, rec, SOE_RECORD_SIZE);
			last->has_after = true;
			st->handled = hdr.hdr.seq + 1;
			return put_ready(opts, st, false, out, err);
		}
	}
	if (type == SOE_RECORD_UNIX_NAMES) {
		/* Goes with the event after it. */
		memcpy(st->names, rec, SOE_RECORD_SIZE);
		st->have_names = true;
		return -1;
	}
	if (type == SOE_RECORD_EVENT) {
		status = hold(rec, offset, opts, st, &h, out, err);
		if (status >= 0)
			return status;
		if (st->have_names) {
			memcpy(h->names, st->names, SOE_RECORD_SIZE);
			h->has_names = seq_of(st->names) + 1 == hdr.hdr.seq;
		}
		h->want_after = hdr.hdr.version >= 3 && (hdr.hdr.flags & SOE_F_BPF_FILTER);
		h->want_result = hdr.hdr.version >= 3 && (hdr.hdr.flags & SOE_F_RESULT);
	} else if (type == SOE_RECORD_RESULT) {
		status = take_result(rec, offset, opts, st, out, err);
		if (status >= 0)
			return status;
	} else if (known_type(type)) {
		/* Loss records, and filter records without their event. */
		status = hold(rec, offset, opts, st, &h, out, err);
		if (status >= 0)
			return status;
	}
	/* A later record type is skipped, as the header says. */
	st->have_names = false;
	st->handled = hdr.hdr.seq + (type == SOE_RECORD_LOSS ? hdr.lost : 1);
	return put_ready(opts, st, false, out, err);
}

static int stream_init(struct stream_state *st, FILE *err)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < SOE_LATE_MAX; i++)
		st->late[i].seq = UINT64_MAX;
	st->held = malloc(SOE_HELD_MAX * sizeof(*st->held));
	if (!st->held) {
		fprintf(err, "%s: out of memory\n", SOE_READER_NAME);
		return 1;
	}
	return -1;
}

/* Wait up to wait_ms (-1: for ever) for fd to be readable; false on EINTR. */
static bool wait_input(int fd, int wait_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (wait_ms < 0)
		return true;	/* read() waits */
	return poll(&p, 1, wait_ms) > 0;
}

static int run_fd(int fd, const char *name, const struct soe_stream_opts *opts,
		  struct stream_state *st, FILE *out, FILE *err)
{
	unsigned char buf[SOE_READ_RECORDS * SOE_RECORD_SIZE];
	uint64_t offset = 0;	/* of buf[0] in the input */
	size_t have = 0;
	int status, wait_ms;

	for (;;) {
		size_t done = 0;
		ssize_t n;

		status = put_overdue(opts, st, &wait_ms, out, err);
		if (status >= 0)
			return status;
		if (wait_ms >= 0 && fflush(out))
			return write_error(err);
		if (!wait_input(fd, wait_ms))
			continue;
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
					    st, out, err);
			if (status >= 0)
				return status;
			done += SOE_RECORD_SIZE;
		}
		memmove(buf, buf + done, have - done);
		have -= done;
		offset += done;
	}

	/* The input ended: what waits for a record goes out without it. */
	status = put_ready(opts, st, true, out, err);
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

int soe_stream_run(int fd, const char *name, const struct soe_stream_opts *opts,
		   FILE *out, FILE *err)
{
	struct stream_state st;
	int status = stream_init(&st, err);

	if (status < 0)
		status = run_fd(fd, name, opts, &st, out, err);
	free(st.held);
	return status;
}

static int run_ring(struct soe_ringmap *m, soe_ring_wait_fn wait, void *arg,
		    const struct soe_stream_opts *opts, struct stream_state *st,
		    FILE *out, FILE *err)
{
	unsigned char rec[SOE_RECORD_SIZE];
	uint64_t records = 0;
	int status, wait_ms;

	for (;;) {
		if (soe_ringmap_next(m, rec)) {
			status = put_record(rec, records++ * SOE_RECORD_SIZE, opts,
					    st, out, err);
			if (status >= 0)
				return status;
			continue;
		}
		/*
		 * Nothing new.  A filter is published with its event, so a
		 * waiting event's did not come; a result may still.  What is
		 * complete goes out before the wait.
		 */
		if (st->count)
			held_at(st, st->count - 1)->want_after = false;
		status = put_ready(opts, st, false, out, err);
		if (status >= 0)
			return status;
		status = put_overdue(opts, st, &wait_ms, out, err);
		if (status >= 0)
			return status;
		if (fflush(out))
			return write_error(err);
		status = wait(m, arg, wait_ms);
		if (status >= 0)
			return status;
	}
}

int soe_stream_run_ring(struct soe_ringmap *m, soe_ring_wait_fn wait, void *arg,
			const struct soe_stream_opts *opts, FILE *out, FILE *err)
{
	struct stream_state st;
	int status = stream_init(&st, err);

	if (status < 0)
		status = run_ring(m, wait, arg, opts, &st, out, err);
	free(st.held);
	return status;
}
