// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A call's result record: how the reader shows it with its event, and how
 * the input loop joins the two when other records come between them, when
 * the result comes late or never.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "craft.h"
#include "decode.h"
#include "filter.h"
#include "stream.h"
#include "tap.h"
#include "tests.h"

#define BOTH	(SOE_RESULT_F_LSM | SOE_RESULT_F_RET)

static const struct soe_format_opts text_utc = { SOE_FORMAT_TEXT, true, false };
static const struct soe_format_opts json = { SOE_FORMAT_JSON, true, false };

static const char *line_of(const struct soe_event *ev, const struct soe_result *r,
			   const struct soe_format_opts *opts)
{
	static char line[SOE_LINE_MAX];

	if (soe_call_format(ev, NULL, NULL, r, opts, line, sizeof(line)) < 0)
		return "(cannot be formatted)";
	return line;
}

#define HAS(line, s)	CHECK(strstr((line), (s)) != NULL)
#define HAS_NOT(line, s) CHECK(strstr((line), (s)) == NULL)

static void shown_with_event(void)
{
	struct soe_event ev;
	struct soe_result r;

	/* success: JSON says 0, text says nothing */
	craft_event(&ev);
	craft_result(&r, &ev, 9, BOTH, 0, 0);
	HAS(line_of(&ev, &r, &json), "\"seq\":7,\"returnValue\":0,\"lsmReturnValue\":0,\"args\":[");
	HAS(line_of(&ev, &r, &json), ",\"tags\":[]}\n");
	HAS_NOT(line_of(&ev, &r, &text_utc), " ret=");
	HAS_NOT(line_of(&ev, &r, &text_utc), " lsm=");
	HAS_NOT(line_of(&ev, &r, &text_utc), "flags=");

	/* failed */
	craft_result(&r, &ev, 9, BOTH, 0, -EPERM);
	HAS(line_of(&ev, &r, &json), "\"returnValue\":-1,\"lsmReturnValue\":0,");
	HAS(line_of(&ev, &r, &json), ",\"tags\":[\"failed\"]}\n");
	HAS(line_of(&ev, &r, &text_utc), " ret=-EPERM tags=failed\n");

	/* denied by an LSM: both say so */
	craft_result(&r, &ev, 9, BOTH, -EACCES, -EACCES);
	HAS(line_of(&ev, &r, &json), "\"returnValue\":-13,\"lsmReturnValue\":-13,");
	HAS(line_of(&ev, &r, &json), ",\"tags\":[\"denied\"]}\n");
	HAS(line_of(&ev, &r, &text_utc), " ret=-EACCES lsm=-EACCES tags=denied\n");

	/* an errno without a name: its number */
	craft_result(&r, &ev, 9, BOTH, 0, -4000);
	HAS(line_of(&ev, &r, &text_utc), " ret=-4000 ");

	/* the return unknown (the module loaded mid-call): not 0 */
	craft_result(&r, &ev, 9, SOE_RESULT_F_LSM, 0, 0);
	HAS(line_of(&ev, &r, &json), "\"returnValue\":null,\"lsmReturnValue\":0,");
	HAS(line_of(&ev, &r, &text_utc), " ret=?");

	/* announced, not there: unknown */
	HAS(line_of(&ev, NULL, &json), "\"returnValue\":null,\"lsmReturnValue\":null,");
	HAS(line_of(&ev, NULL, &text_utc), " ret=?");

	/* an older module's event announces none: nothing in text */
	craft_event(&ev);
	HAS(line_of(&ev, NULL, &json), "\"returnValue\":null,\"lsmReturnValue\":null,");
	HAS_NOT(line_of(&ev, NULL, &text_utc), "ret=");
}

static void not_its_result(void)
{
	struct soe_event ev;
	struct soe_result r;

	craft_event(&ev);
	craft_result(&r, &ev, 9, BOTH, 0, -EPERM);
	CHECK(soe_result_of(&ev, &r));
	r.event_seq = 6;
	CHECK(!soe_result_of(&ev, &r));
	HAS(line_of(&ev, &r, &json), "\"returnValue\":null");
	r.event_seq = 7;
	r.hdr.seq = 7;		/* not after its event */
	CHECK(!soe_result_of(&ev, &r));
	r.hdr.seq = 9;
	ev.hdr.flags &= ~SOE_F_RESULT;
	CHECK(!soe_result_of(&ev, &r));
	ev.hdr.flags |= SOE_F_RESULT;
	r.hdr.type = SOE_RECORD_LOSS;
	CHECK(!soe_result_of(&ev, &r));
}

static void shown_alone(void)
{
	struct soe_event ev;
	struct soe_result r;
	char line[SOE_LINE_MAX];

	craft_event(&ev);
	craft_result(&r, &ev, 9, BOTH, 0, -ENOPROTOOPT);
	CHECK(soe_record_format(&r, NULL, &text_utc, line, sizeof(line)) > 0);
	HAS(line, " result of seq=7 tid=412: ret=-ENOPROTOOPT tags=failed\n");
	CHECK(soe_record_format(&r, NULL, &json, line, sizeof(line)) > 0);
	HAS(line, "\"eventName\":\"result\",\"syscall\":\"setsockopt\",\"seq\":9,\"eventSeq\":7,"
		  "\"returnValue\":-92,\"lsmReturnValue\":0,\"tags\":[\"failed\"]}\n");
	craft_result(&r, &ev, 9, BOTH, 0, 0);
	CHECK(soe_record_format(&r, NULL, &text_utc, line, sizeof(line)) > 0);
	HAS(line, ": ret=0\n");
}

/* ---- the input loop ---- */

#define MAX_RECS	1200

struct recs {
	unsigned char b[MAX_RECS * SOE_RECORD_SIZE];
	size_t n;
};

static void add(struct recs *c, const void *rec)
{
	memcpy(c->b + c->n++ * SOE_RECORD_SIZE, rec, SOE_RECORD_SIZE);
}

/* An event at seq on fd, flagged SOE_F_RESULT when announce. */
static void add_event(struct recs *c, struct soe_event *ev, uint64_t seq, int fd,
		      bool announce)
{
	craft_event(ev);
	ev->hdr.seq = seq;
	ev->fd = fd;
	if (announce)
		ev->hdr.flags |= SOE_F_RESULT;
	add(c, ev);
}

static void add_result(struct recs *c, struct soe_event *ev, uint64_t seq, int ret)
{
	struct soe_result r;

	craft_result(&r, ev, seq, BOTH, 0, ret);
	add(c, &r);
}

struct run {
	int status;
	char *out;
	size_t len;
};

static void run_opts(int fd, const struct soe_stream_opts *opts, struct run *r)
{
	FILE *out = open_memstream(&r->out, &r->len);

	if (!out)
		abort();
	r->status = soe_stream_run(fd, "the input", opts, out, stderr);
	fclose(out);
	close(fd);
}

static int file_of(const struct recs *c)
{
	FILE *f = tmpfile();
	int fd;

	if (!f || fwrite(c->b, SOE_RECORD_SIZE, c->n, f) != c->n || fflush(f))
		abort();
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void run_text(const struct recs *c, struct run *r)
{
	struct soe_stream_opts opts = { text_utc, NULL, 0, NULL, false, 0 };

	run_opts(file_of(c), &opts, r);
}

/* The number of lines in s, and where the one with needle starts. */
static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int line_no(const char *s, const char *needle)
{
	const char *at = strstr(s, needle);
	int n = 1;

	if (!at)
		return 0;
	for (; s < at; s++)
		n += *s == '\n';
	return n;
}

static void joined_in_order(void)
{
	struct soe_event a, b;
	struct recs *c = calloc(1, sizeof(*c));
	struct run r;

	add_event(c, &a, 1, 11, true);
	add_event(c, &b, 2, 22, true);
	add_result(c, &b, 3, -EPERM);	/* b returned first */
	add_result(c, &a, 4, -ENOPROTOOPT);
	run_text(c, &r);
	CHECK_INT(r.status, 0);
	CHECK_INT(lines(r.out), 2);
	/* in the order the calls entered the hook, each with its own result */
	CHECK_INT(line_no(r.out, "   11 "), 1);
	CHECK_INT(line_no(r.out, " ret=-ENOPROTOOPT"), 1);
	CHECK_INT(line_no(r.out, "   22 "), 2);
	CHECK_INT(line_no(r.out, " ret=-EPERM"), 2);
	free(r.out);
	free(c);
}

static void late_and_missing(void)
{
	struct soe_event a, b;
	struct recs *c = calloc(1, sizeof(*c));
	struct run r;
	size_t i;

	/* a's result comes after more records than the reader holds */
	add_event(c, &a, 0, 11, true);
	for (i = 1; i < 1100; i++)
		add_event(c, &b, i, 22, false);
	add_result(c, &a, 1100, -EINVAL);
	/* a result for an event the stream never had: dropped */
	craft_event(&b);
	b.hdr.seq = 5000;
	add_result(c, &b, 1101, -EPERM);
	/* b's result never comes: shown unknown at the end */
	add_event(c, &b, 1102, 33, true);
	run_text(c, &r);
	CHECK_INT(r.status, 0);
	CHECK_INT(lines(r.out), 1100 + 1 + 1);
	CHECK_INT(line_no(r.out, "   11 "), 1);
	CHECK(strstr(r.out, "   11 ") < strstr(r.out, " ret=?"));
	CHECK_INT(line_no(r.out, " result of seq=0 tid=412: ret=-EINVAL tags=failed\n"), 1101);
	CHECK_INT(line_no(r.out, "   33 "), 1102);
	CHECK(strstr(strstr(r.out, "   33 "), " ret=?") != NULL);
	HAS_NOT(r.out, "seq=5000");
	free(r.out);
	free(c);
}

static void audit_and_filter_see_the_result(void)
{
	struct soe_stream_opts opts = { json, NULL, 0, NULL, true, 0 };
	struct soe_event a, b;
	struct recs *c = calloc(1, sizeof(*c));
	struct rd_filter filter;
	char why[256];
	struct run r;

	/* SO_REUSEADDR on TCP has no tag of its own: only its result's */
	add_event(c, &a, 1, 11, true);
	add_event(c, &b, 2, 22, true);
	add_result(c, &a, 3, 0);
	add_result(c, &b, 4, -EPERM);
	run_opts(file_of(c), &opts, &r);
	CHECK_INT(lines(r.out), 1);
	HAS(r.out, "\"returnValue\":-1,");
	HAS(r.out, "\"tags\":[\"failed\"]");
	free(r.out);

	/* an event filtered out: its late result is not shown either */
	c->n = 0;
	add_event(c, &a, 1, 11, true);
	add_result(c, &a, 2, -EPERM);
	rd_filter_init(&filter);
	CHECK(!rd_filter_add(&filter, RD_FILTER_COMM, "other", why, sizeof(why)) &&
	      !rd_filter_finish(&filter, why, sizeof(why)));
	opts.filter = &filter;
	opts.audit = false;
	run_opts(file_of(c), &opts, &r);
	CHECK_INT(r.len, 0);
	free(r.out);
	free(c);
}

/* Live: a result that does not come within result_wait_ms comes alone. */
static void live_wait_is_bounded(void)
{
	struct soe_stream_opts opts = { text_utc, NULL, 0, NULL, false, 100 };
	struct timespec pause = { 1, 500 * 1000000L };
	struct soe_event a;
	struct soe_result res;
	int sv[2];
	struct run r;
	pid_t child;

	craft_event(&a);
	craft_result(&res, &a, 8, BOTH, 0, -EPERM);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		abort();
	child = fork();
	if (child == 0) {
		close(sv[0]);
		if (write(sv[1], &a, sizeof(a)) != sizeof(a))
			_exit(1);
		nanosleep(&pause, NULL);
		if (write(sv[1], &res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(sv[1]);
	run_opts(sv[0], &opts, &r);
	waitpid(child, NULL, 0);
	CHECK_INT(r.status, 0);
	CHECK_INT(lines(r.out), 2);
	CHECK_INT(line_no(r.out, " ret=?"), 1);
	CHECK_INT(line_no(r.out, " result of seq=7 tid=412: ret=-EPERM"), 2);
	free(r.out);
}

static const struct tap_test tests[] = {
	{ "result: shown with its event (0, failed, denied, unknown)", shown_with_event },
	{ "result: only its own event's", not_its_result },
	{ "result: a late one gets a line of its own", shown_alone },
	{ "result: stream: results joined to their events, in the events' order",
	  joined_in_order },
	{ "result: stream: a result too late, one for no event, one missing",
	  late_and_missing },
	{ "result: stream: --audit and filters see the result", audit_and_filter_see_the_result },
	{ "result: stream: live, an event waits for its result a bounded time",
	  live_wait_is_bounded },
};

const struct tap_group result_tests = TAP_TESTS(tests);
