// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The mapping reader (tools/reader/ringmap.h), on a ring in memory written
 * the way module/ring.c writes the mapped one: claim the slot, write it,
 * publish the head.  Single steps first, a writer caught in a slot, then a
 * writer thread racing reader threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "craft.h"
#include "ringmap.h"
#include "stream.h"
#include "tap.h"
#include "tests.h"

#define CAP 8

struct fake_ring {
	struct soe_ring_ctl ctl;
	unsigned char slots[CAP][SOE_RECORD_SIZE];
};

static void fake_init(struct fake_ring *r)
{
	memset(r, 0, sizeof(*r));
	r->ctl.capacity = CAP;
	r->ctl.record_size = SOE_RECORD_SIZE;
	r->ctl.version = SOE_VERSION;
}

/* Claim the next slot and fill it with seq's pattern; the head is left. */
static uint64_t fake_claim_and_fill(struct fake_ring *r)
{
	uint64_t seq = r->ctl.head;
	unsigned char *slot = r->slots[seq % CAP];
	struct soe_header h = { 0 };

	__atomic_store_n(&r->ctl.claimed, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memset(slot, (int)(seq & 0xff), SOE_RECORD_SIZE);
	h.magic = SOE_MAGIC;
	h.version = SOE_VERSION;
	h.size = SOE_RECORD_SIZE;
	h.type = SOE_RECORD_EVENT;
	h.seq = seq;
	memcpy(slot, &h, sizeof(h));
	return seq;
}

static void fake_write(struct fake_ring *r)
{
	uint64_t seq = fake_claim_and_fill(r);

	__atomic_store_n(&r->ctl.head, seq + 1, __ATOMIC_RELEASE);
}

static void fake_write_n(struct fake_ring *r, uint64_t n)
{
	while (n--)
		fake_write(r);
}

/* Is rec the record seq wrote, whole? */
static bool is_record(const unsigned char *rec, uint64_t seq)
{
	struct soe_header h;
	size_t i;

	memcpy(&h, rec, sizeof(h));
	if (h.type != SOE_RECORD_EVENT || h.seq != seq)
		return false;
	for (i = sizeof(h); i < SOE_RECORD_SIZE; i++)
		if (rec[i] != (unsigned char)(seq & 0xff))
			return false;
	return true;
}

/* Is rec a loss record of lost records from seq? */
static bool is_loss(const unsigned char *rec, uint64_t seq, uint64_t lost)
{
	struct soe_loss l;

	memcpy(&l, rec, sizeof(l));
	return l.hdr.magic == SOE_MAGIC && l.hdr.version == SOE_VERSION &&
	       l.hdr.size == SOE_RECORD_SIZE && l.hdr.type == SOE_RECORD_LOSS &&
	       l.hdr.seq == seq && l.lost == lost;
}

/* The reader gets records from to to - 1, whole and in order, then nothing. */
static void expect_records(struct soe_ringmap *m, uint64_t from, uint64_t to)
{
	unsigned char rec[SOE_RECORD_SIZE];
	uint64_t i;

	for (i = from; i < to; i++) {
		CHECK_INT(soe_ringmap_next(m, rec), 1);
		CHECK(is_record(rec, i));
	}
	CHECK_INT(soe_ringmap_next(m, rec), 0);
}

static void empty_ring(void)
{
	static struct fake_ring r;
	struct soe_ringmap m;
	unsigned char rec[SOE_RECORD_SIZE];

	fake_init(&r);
	soe_ringmap_attach(&m, &r.ctl, r.slots);
	CHECK_INT(m.pos, 0);
	CHECK_INT(soe_ringmap_next(&m, rec), 0);
}

static void records_in_order(void)
{
	static struct fake_ring r;
	struct soe_ringmap m;
	unsigned char rec[SOE_RECORD_SIZE];

	fake_init(&r);
	soe_ringmap_attach(&m, &r.ctl, r.slots);
	fake_write_n(&r, 5);
	expect_records(&m, 0, 5);
	fake_write(&r);
	CHECK_INT(soe_ringmap_next(&m, rec), 1);
	CHECK(is_record(rec, 5));
}

/* A reader that comes late starts at the oldest record still held. */
static void attach_starts_at_oldest(void)
{
	static struct fake_ring r;
	struct soe_ringmap m;

	fake_init(&r);
	fake_write_n(&r, 20);
	soe_ringmap_attach(&m, &r.ctl, r.slots);
	CHECK_INT(m.pos, 20 - CAP);
	expect_records(&m, 20 - CAP, 20);
}

/* Overrun between two reads: one loss record, then the oldest held. */
static void overrun_gives_loss_record(void)
{
	static struct fake_ring r;
	struct soe_ringmap m;
	unsigned char rec[SOE_RECORD_SIZE];

	fake_init(&r);
	soe_ringmap_attach(&m, &r.ctl, r.slots);
	fake_write_n(&r, 20);
	CHECK_INT(soe_ringmap_next(&m, rec), 1);
	CHECK(is_loss(rec, 0, 20 - CAP));
	expect_records(&m, 20 - CAP, 20);
}

/*
 * A full ring whose next writer has claimed the oldest slot and is writing
 * it: the reader's copy of that slot may be torn, so it is reported lost,
 * and the record after it is read.
 */
static void writer_in_slot_gives_loss_record(void)
{
	static struct fake_ring r;
	struct soe_ringmap m;
	unsigned char rec[SOE_RECORD_SIZE];

	fake_init(&r);
	soe_ringmap_attach(&m, &r.ctl, r.slots);
	fake_write_n(&r, CAP);
	fake_claim_and_fill(&r);	/* record CAP, in the slot of record 0 */
	CHECK_INT(soe_ringmap_next(&m, rec), 1);
	CHECK(is_loss(rec, 0, 1));
	CHECK_INT(soe_ringmap_next(&m, rec), 1);
	CHECK(is_record(rec, 1));
}

/*
 * A writer thread against two reader threads, on a ring of 8: every
 * record a reader gets is whole and in order, and records read plus
 * records reported lost equal records written.
 */
#define RACE_RECORDS 300000

static struct fake_ring race_ring;
static volatile int race_done;

struct race_reader {
	uint64_t start, read, lost, bad, next;
};

static void *race_writer(void *arg)
{
	uint64_t i;

	(void)arg;
	for (i = 0; i < RACE_RECORDS; i++)
		fake_write(&race_ring);
	race_done = 1;
	return NULL;
}

static void *race_read(void *arg)
{
	struct race_reader *rr = arg;
	struct soe_ringmap m;
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_loss l;

	soe_ringmap_attach(&m, &race_ring.ctl, race_ring.slots);
	rr->start = m.pos;
	rr->next = m.pos;
	for (;;) {
		if (!soe_ringmap_next(&m, rec)) {
			if (race_done && m.pos == RACE_RECORDS)
				break;
			continue;
		}
		memcpy(&l, rec, sizeof(l));
		if (l.hdr.type == SOE_RECORD_LOSS) {
			if (l.hdr.seq != rr->next)
				rr->bad++;
			rr->lost += l.lost;
			rr->next += l.lost;
		} else {
			if (!is_record(rec, rr->next))
				rr->bad++;
			rr->read++;
			rr->next++;
		}
	}
	return NULL;
}

static void race(void)
{
	struct race_reader rr[2] = { { 0 } };
	pthread_t w, r[2];
	int i;

	fake_init(&race_ring);
	race_done = 0;
	for (i = 0; i < 2; i++)
		pthread_create(&r[i], NULL, race_read, &rr[i]);
	pthread_create(&w, NULL, race_writer, NULL);
	pthread_join(w, NULL);
	for (i = 0; i < 2; i++) {
		pthread_join(r[i], NULL);
		CHECK_INT(rr[i].bad, 0);
		CHECK_INT(rr[i].start + rr[i].read + rr[i].lost, RACE_RECORDS);
		CHECK(rr[i].read > 0);
	}
}

/* Publish a crafted event (pid n) as the next record. */
static void fake_write_event(struct fake_ring *r, int pid)
{
	uint64_t seq = r->ctl.head;
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.seq = seq;
	ev.host_pid = ev.pid = pid;
	__atomic_store_n(&r->ctl.claimed, seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(r->slots[seq % CAP], &ev, sizeof(ev));
	__atomic_store_n(&r->ctl.head, seq + 1, __ATOMIC_RELEASE);
}

struct stream_run {
	struct fake_ring *ring;
	int waits;
	int more;		/* events written at the first wait */
};

/* The first wait writes more events; the second ends the run. */
static int stream_wait(struct soe_ringmap *m, void *arg, int wait_ms)
{
	struct stream_run *run = arg;
	int i;

	(void)m, (void)wait_ms;
	if (run->waits++)
		return 0;
	for (i = 0; i < run->more; i++)
		fake_write_event(run->ring, 100 + i);
	return -1;
}

/* Run soe_stream_run_ring() on r from pos; the output's lines in *lines. */
static int stream_ring(struct fake_ring *r, uint64_t pos, int more,
		       const struct soe_stream_opts *opts, char **out, int *waits)
{
	struct stream_run run = { r, 0, more };
	struct soe_ringmap m;
	size_t len;
	FILE *f = open_memstream(out, &len);
	int status;

	soe_ringmap_attach(&m, &r->ctl, r->slots);
	m.pos = pos;
	status = soe_stream_run_ring(&m, stream_wait, &run, opts, f, stderr);
	fclose(f);
	*waits = run.waits;
	return status;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* Events as lines, more at the first wait, the end at the second. */
static void stream_from_ring(void)
{
	static struct fake_ring r;
	struct soe_stream_opts opts = { { SOE_FORMAT_JSON, true, false }, NULL, 0, NULL, false, 0 };
	char *out = NULL;
	int waits, i;

	fake_init(&r);
	for (i = 0; i < 3; i++)
		fake_write_event(&r, i + 1);
	CHECK_INT(stream_ring(&r, 0, 2, &opts, &out, &waits), 0);
	CHECK_INT(waits, 2);
	CHECK_INT(count_lines(out), 5);
	CHECK(strstr(out, "\"eventName\":\"lost\"") == NULL);
	CHECK(strstr(out, "\"processId\":3,") != NULL);
	CHECK(strstr(out, "\"processId\":101,") != NULL);
	free(out);
}

/* An overrun reader gets the loss line first; --count stops the run. */
static void stream_from_ring_loss_and_count(void)
{
	static struct fake_ring r;
	struct soe_stream_opts opts = { { SOE_FORMAT_JSON, true, false }, NULL, 4, NULL, false, 0 };
	char *out = NULL;
	int waits, i;

	fake_init(&r);
	for (i = 0; i < CAP + 3; i++)
		fake_write_event(&r, i + 1);
	CHECK_INT(stream_ring(&r, 0, 0, &opts, &out, &waits), 0);
	CHECK_INT(waits, 0);
	/* The loss line, then four events: the 4th, 5th, 6th and 7th. */
	CHECK_INT(count_lines(out), 5);
	CHECK(out && strstr(out, "\"eventName\":\"lost\",\"seq\":0,\"lost\":3}\n") ==
	      strchr(out, '\n') - strlen("\"eventName\":\"lost\",\"seq\":0,\"lost\":3}"));
	CHECK(strstr(out, "\"processId\":7,") != NULL);
	CHECK(strstr(out, "\"processId\":8,") == NULL);
	free(out);
}

static const struct tap_test tests[] = {
	{ "ringmap: an empty ring has nothing", empty_ring },
	{ "ringmap: records in order, then nothing", records_in_order },
	{ "ringmap: a late reader starts at the oldest record held", attach_starts_at_oldest },
	{ "ringmap: an overrun reader gets one loss record", overrun_gives_loss_record },
	{ "ringmap: a slot being written is reported lost, not read", writer_in_slot_gives_loss_record },
	{ "ringmap: a writer racing two readers: whole records, read + lost = written", race },
	{ "ringmap: the reader's loop prints the ring's events, and waits for more", stream_from_ring },
	{ "ringmap: the reader's loop prints a loss line first, and stops at --count", stream_from_ring_loss_and_count },
};

const struct tap_group ringmap_tests = TAP_TESTS(tests);
