/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reader's input loop: records from a file descriptor to lines on a
 * stream.  Kept apart from main.c so the unit tests can feed it a pipe.
 */
#ifndef SOE_STREAM_H
#define SOE_STREAM_H

#include <stdint.h>
#include <stdio.h>

#include "decode.h"
#include "filter.h"

#define SOE_READER_NAME		"sockopt-reader"

/* Records asked for by one read(): a multiple of the record size. */
#define SOE_READ_RECORDS	64

/*
 * The position of a reader that keeps one (--state): the records handled
 * so far, as the seq of the next one.  The loops store next and known
 * with atomic stores after each record, so a signal handler may read
 * them (and save them on the way out).
 *
 * With skip set (a reader resumed at next), a record wholly before next
 * was handled before and is dropped, a loss record is cut down to the part
 * from next on, and a first record past next comes after a loss record
 * for the records from next up to it (the ring overwrote them while no
 * reader had the position): so the stream goes on from next as if the
 * reader had never stopped.
 */
struct soe_resume {
	uint64_t next;		/* seq after the last record handled */
	bool known;		/* next holds a position: resumed, or a record handled */
	bool skip;		/* resumed at next: drop what comes before it */
	void (*moved)(struct soe_resume *r);	/* called after next moved; or NULL */
};

struct soe_stream_opts {
	struct soe_format_opts format;
	const struct rd_filter *filter;	/* NULL: every event */
	uint64_t max_events;			/* stop after this many; 0: never */
	struct soe_resume *resume;		/* NULL: no position kept */
	bool audit;				/* only events with a tag (tags.h) */
	/*
	 * Reading live: how long, in ms, an event waits for its call's
	 * result before it is shown without it; 0: no limit (a file), the
	 * input's end or SOE_HELD_MAX later records end the wait.
	 */
	unsigned int result_wait_ms;
};

/*
 * Read records from fd until the input ends or max_events events have been
 * written, one line each, to out.  Events the filter rejects, and with
 * audit those without a tag, are skipped and not counted; loss records
 * are always written.  An event is written with its call's result, so
 * once the result has come (see stream.c).  Records may arrive in
 * pieces of any size; they are put back together first.  A bad record,
 * input that ends inside a record, or a read or write error stops the
 * loop with one message on err, naming the input as name.
 *
 * Returns the exit status: 0, or 1 after an error.  A reader of out that
 * went away (EPIPE) is not an error.
 */
int soe_stream_run(int fd, const char *name, const struct soe_stream_opts *opts,
		   FILE *out, FILE *err);

/*
 * The same from the mapped ring m (tools/reader/ringmap.h), from its
 * position on, a record at a time (loss records made by ringmap.h).  When
 * nothing is new it flushes out and calls wait(m, arg, wait_ms), which
 * returns -1 once there may be something new or wait_ms ms passed (-1:
 * no limit), or the exit status to stop with.
 */
struct soe_ringmap;
typedef int (*soe_ring_wait_fn)(struct soe_ringmap *m, void *arg, int wait_ms);
int soe_stream_run_ring(struct soe_ringmap *m, soe_ring_wait_fn wait, void *arg,
			const struct soe_stream_opts *opts, FILE *out, FILE *err);

#endif /* SOE_STREAM_H */
