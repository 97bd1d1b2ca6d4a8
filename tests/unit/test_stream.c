// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The input loop, fed from a file and from a socket that hands over the
 * capture in pieces of a chosen size (a SOCK_SEQPACKET socket returns one
 * written piece per read(), so "one byte at a time" really is that).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "craft.h"
#include "filter.h"
#include "decode.h"
#include "stream.h"
#include "tap.h"
#include "tests.h"

#define MAX_RECORDS	200

struct capture {
	unsigned char bytes[MAX_RECORDS * SOE_RECORD_SIZE];
	size_t len;
};

/* n records: events on IPv4, IPv6 and unix sockets, a loss now and then. */
static void make_capture(struct capture *cap, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char *rec = cap->bytes + i * SOE_RECORD_SIZE;
		struct soe_event ev;
		struct soe_loss loss;

		if (i % 7 == 3) {
			craft_loss(&loss, i, i * 3);
			memcpy(rec, &loss, sizeof(loss));
			continue;
		}
		craft_event(&ev);
		ev.hdr.seq = i;
		ev.fd = i;
		if (i % 3 == 1)
			craft_inet(&ev, AF_INET6, "2001:db8::1", i, "::", 0);
		else if (i % 3 == 2)
			craft_unix(&ev, "\0abstract", 9, NULL, 0);
		memcpy(rec, &ev, sizeof(ev));
	}
	cap->len = n * SOE_RECORD_SIZE;
}

static const struct soe_format_opts text_utc = { SOE_FORMAT_TEXT, true, false };

/* The lines the first n records of cap must give, each on its own. */
static char *expected(const struct capture *cap, size_t n)
{
	char *all = malloc(n * SOE_LINE_MAX + 1), line[SOE_LINE_MAX];
	size_t i, len = 0;

	if (!all)
		abort();
	all[0] = '\0';
	for (i = 0; i < n; i++) {
		int l = soe_record_format(cap->bytes + i * SOE_RECORD_SIZE, NULL, &text_utc,
					  line, sizeof(line));
		if (l < 0)
			abort();
		memcpy(all + len, line, l + 1);
		len += l;
	}
	return all;
}

struct result {
	int status;
	char *out;
	char *err;
};

static void run_filtered(int fd, uint64_t max_events, const struct rd_filter *filter,
			 struct result *r)
{
	struct soe_stream_opts opts = { text_utc, filter, max_events, NULL, false, 0 };
	size_t out_len, err_len;
	FILE *out = open_memstream(&r->out, &out_len);
	FILE *err = open_memstream(&r->err, &err_len);

	if (!out || !err)
		abort();
	r->status = soe_stream_run(fd, "the input", &opts, out, err);
	fclose(out);
	fclose(err);
}

static void run(int fd, uint64_t max_events, struct result *r)
{
	run_filtered(fd, max_events, NULL, r);
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

static int file_of(const unsigned char *bytes, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	if (!f || fwrite(bytes, 1, len, f) != len || fflush(f))
		abort();
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/*
 * A socket from which read() returns the bytes in pieces of piece bytes,
 * or of random sizes from 1 to 700 when piece is 0.  A child writes them.
 */
static int pieces_of(const unsigned char *bytes, size_t len, size_t piece, pid_t *child)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		abort();
	*child = fork();
	if (*child < 0)
		abort();
	if (*child == 0) {
		unsigned int seed = 12345;
		size_t off = 0;

		close(sv[0]);
		while (off < len) {
			size_t n = piece ? piece : 1 + (size_t)(rand_r(&seed) % 700);

			if (n > len - off)
				n = len - off;
			if (write(sv[1], bytes + off, n) != (ssize_t)n)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}

static void reap(int fd, pid_t child)
{
	close(fd);
	waitpid(child, NULL, 0);
}

static struct capture cap;

/*
 * A capture of `records` records read from a file, stopping after
 * max_events events (0: all), prints the first `shown` records.
 */
static void check_file(size_t records, size_t shown, uint64_t max_events)
{
	struct result r;
	char *want;
	int fd;

	make_capture(&cap, records);
	want = expected(&cap, shown);
	fd = file_of(cap.bytes, cap.len);
	run(fd, max_events, &r);
	close(fd);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	result_free(&r);
	free(want);
}

static void from_file(void)
{
	check_file(150, 150, 0);
}

static void pieces(size_t piece)
{
	struct result r;
	pid_t child;
	char *want;
	int fd;

	make_capture(&cap, 150);
	want = expected(&cap, 150);
	fd = pieces_of(cap.bytes, cap.len, piece, &child);
	run(fd, 0, &r);
	reap(fd, child);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	result_free(&r);
	free(want);
}

static void one_byte_at_a_time(void)
{
	pieces(1);
}

static void random_pieces(void)
{
	pieces(0);
}

static void record_and_a_bit(void)
{
	pieces(SOE_RECORD_SIZE + 1);
}

static void ends_inside_a_record(void)
{
	struct result r;
	pid_t child;
	char *want;
	int fd;

	make_capture(&cap, 4);
	want = expected(&cap, 3);
	fd = file_of(cap.bytes, 3 * SOE_RECORD_SIZE + 100);
	run(fd, 0, &r);
	close(fd);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "sockopt-reader: record at byte offset 768: the input ends "
		  "100 bytes into this 256-byte record\n");
	result_free(&r);

	/* the same, a byte at a time */
	fd = pieces_of(cap.bytes, 3 * SOE_RECORD_SIZE + 100, 1, &child);
	run(fd, 0, &r);
	reap(fd, child);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "sockopt-reader: record at byte offset 768: the input ends "
		  "100 bytes into this 256-byte record\n");
	result_free(&r);
	free(want);
}

static void bad_record_stops(void)
{
	struct soe_header *hdr;
	struct result r;
	char *want;
	int fd;

	make_capture(&cap, 5);
	hdr = (struct soe_header *)(cap.bytes + 2 * SOE_RECORD_SIZE);
	hdr->version = SOE_VERSION + 1;
	want = expected(&cap, 2);
	fd = file_of(cap.bytes, cap.len);
	run(fd, 0, &r);
	close(fd);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "sockopt-reader: record at byte offset 512: record version 4, "
		  "this reader understands versions 1 to 3\n");
	result_free(&r);
	free(want);
}

static void offsets_across_reads(void)
{
	struct soe_header *hdr;
	struct result r;
	pid_t child;
	char *want;
	int fd;

	/* past the first buffer of SOE_READ_RECORDS records, in odd pieces */
	make_capture(&cap, 150);
	hdr = (struct soe_header *)(cap.bytes + 130 * SOE_RECORD_SIZE);
	hdr->magic = 0x12345678;
	want = expected(&cap, 130);
	fd = pieces_of(cap.bytes, cap.len, 0, &child);
	run(fd, 0, &r);
	reap(fd, child);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "sockopt-reader: record at byte offset 33280: bad magic "
		  "0x12345678 (expected 0x56454f53)\n");
	result_free(&r);
	free(want);
}

static void count_events_not_losses(void)
{
	/* records 0-2 are events, 3 a loss, 4 an event: 4 events take 5 records */
	check_file(10, 5, 4);
}

/* The lines of the records of cap whose index passes keep(). */
static char *expected_some(const struct capture *cap, size_t n, bool (*keep)(size_t i))
{
	char *all = malloc(n * SOE_LINE_MAX + 1), line[SOE_LINE_MAX];
	size_t i, len = 0;

	if (!all)
		abort();
	all[0] = '\0';
	for (i = 0; i < n; i++) {
		int l;

		if (!keep(i))
			continue;
		l = soe_record_format(cap->bytes + i * SOE_RECORD_SIZE, NULL, &text_utc,
				      line, sizeof(line));
		if (l < 0)
			abort();
		memcpy(all + len, line, l + 1);
		len += l;
	}
	return all;
}

/* make_capture(): unix sockets are i % 3 == 2, losses i % 7 == 3. */
static bool unix_or_loss(size_t i)
{
	return i % 7 == 3 || i % 3 == 2;
}

static void filter_skips_events_keeps_losses(void)
{
	struct rd_filter filter;
	struct result r;
	char why[256], *want;
	int fd;

	rd_filter_init(&filter);
	CHECK_INT(rd_filter_add(&filter, RD_FILTER_FAMILY, "unix", why, sizeof(why)), 0);
	make_capture(&cap, 40);
	want = expected_some(&cap, 40, unix_or_loss);
	fd = file_of(cap.bytes, cap.len);
	run_filtered(fd, 0, &filter, &r);
	close(fd);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	result_free(&r);
	free(want);

	/* --count counts the events printed: records 2 and 3 (a loss) and 5 */
	want = expected_some(&cap, 6, unix_or_loss);
	fd = file_of(cap.bytes, cap.len);
	run_filtered(fd, 2, &filter, &r);
	close(fd);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	result_free(&r);
	free(want);
}

/*
 * --audit: make_capture()'s records with SO_MARK (privileged) on every
 * fifth event from 0 and a raw socket on every fifth from 1; the loss
 * records stay.
 */
static void make_audit_capture(struct capture *cap, size_t n)
{
	uint32_t mark = 7;
	size_t i;

	make_capture(cap, n);
	for (i = 0; i < n; i++) {
		struct soe_event ev;

		if (i % 7 == 3)
			continue;
		memcpy(&ev, cap->bytes + i * SOE_RECORD_SIZE, sizeof(ev));
		if (i % 5 == 0)
			craft_option(&ev, 1, 36, &mark, sizeof(mark));
		else if (i % 5 == 1)
			ev.sock_type = SOCK_RAW;
		memcpy(cap->bytes + i * SOE_RECORD_SIZE, &ev, sizeof(ev));
	}
}

static bool tagged_or_loss(size_t i)
{
	return i % 7 == 3 || i % 5 == 0 || i % 5 == 1;
}

static bool tagged_unix_or_loss(size_t i)
{
	return i % 7 == 3 || ((i % 5 == 0 || i % 5 == 1) && i % 3 == 2);
}

static void run_audit(const struct capture *cap, uint64_t max_events,
		      const struct rd_filter *filter, struct result *r)
{
	struct soe_stream_opts opts = { text_utc, filter, max_events, NULL, true, 0 };
	size_t out_len, err_len;
	FILE *out = open_memstream(&r->out, &out_len);
	FILE *err = open_memstream(&r->err, &err_len);
	int fd = file_of(cap->bytes, cap->len);

	if (!out || !err)
		abort();
	r->status = soe_stream_run(fd, "the input", &opts, out, err);
	fclose(out);
	fclose(err);
	close(fd);
}

static void audit_skips_untagged_keeps_losses(void)
{
	struct rd_filter filter;
	struct result r;
	char why[256], *want;

	make_audit_capture(&cap, 40);
	want = expected_some(&cap, 40, tagged_or_loss);
	run_audit(&cap, 0, NULL, &r);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	CHECK_STR(r.err, "");
	result_free(&r);
	free(want);

	/* with a filter: tagged and passing it */
	rd_filter_init(&filter);
	CHECK_INT(rd_filter_add(&filter, RD_FILTER_FAMILY, "unix", why, sizeof(why)), 0);
	want = expected_some(&cap, 40, tagged_unix_or_loss);
	run_audit(&cap, 0, &filter, &r);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	result_free(&r);
	free(want);

	/* --count counts the events printed: 0, 1, (3 lost), 5 */
	want = expected_some(&cap, 6, tagged_or_loss);
	run_audit(&cap, 3, NULL, &r);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, want);
	result_free(&r);
	free(want);
}

static void empty_input(void)
{
	struct result r;
	int fd = file_of(cap.bytes, 0);

	run(fd, 0, &r);
	close(fd);
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "");
	CHECK_STR(r.err, "");
	result_free(&r);
}

static void closed_output_pipe(void)
{
	size_t err_len;
	char *err_text;
	FILE *out, *err;
	int fd, p[2], status;

	make_capture(&cap, 150);
	if (!CHECK(pipe(p) == 0))
		return;
	close(p[0]);
	out = fdopen(p[1], "w");
	err = open_memstream(&err_text, &err_len);
	if (!CHECK(out && err))
		return;
	setvbuf(out, NULL, _IOLBF, 0);
	fd = file_of(cap.bytes, cap.len);
	status = soe_stream_run(fd, "the input", &(struct soe_stream_opts){ text_utc, NULL, 0, NULL, false, 0 },
				out, err);
	close(fd);
	fclose(out);
	fclose(err);
	CHECK_INT(status, 0);
	CHECK_STR(err_text, "");
	free(err_text);
}

static void read_error(void)
{
	struct result r;
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	if (!CHECK(fd >= 0))
		return;
	run(fd, 0, &r);
	close(fd);
	CHECK_INT(r.status, 1);
	CHECK_STR(r.out, "");
	CHECK_STR(r.err, "sockopt-reader: cannot read the input: Is a directory\n");
	result_free(&r);
}

static const struct tap_test tests[] = {
	{ "stream: a capture file gives one line per record", from_file },
	{ "stream: one byte per read() gives the same lines", one_byte_at_a_time },
	{ "stream: pieces of random sizes give the same lines", random_pieces },
	{ "stream: pieces of 257 bytes give the same lines", record_and_a_bit },
	{ "stream: input ending inside a record: whole records, then the error", ends_inside_a_record },
	{ "stream: a bad record stops the reader after the good ones", bad_record_stops },
	{ "stream: byte offsets count across reads", offsets_across_reads },
	{ "stream: --count counts events, not losses", count_events_not_losses },
	{ "stream: a filter skips events, not losses; --count counts what it prints",
	  filter_skips_events_keeps_losses },
	{ "stream: --audit skips untagged events, not losses; with filters, --count",
	  audit_skips_untagged_keeps_losses },
	{ "stream: empty input", empty_input },
	{ "stream: a closed output pipe ends quietly, status 0", closed_output_pipe },
	{ "stream: a read error is reported", read_error },
};

const struct tap_group stream_tests = TAP_TESTS(tests);
