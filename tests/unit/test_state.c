// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * --state: the file (state.c) and a reader resumed at a position
 * (struct soe_resume in stream.c): what it drops, what it reports lost,
 * where it ends up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "craft.h"
#include "state.h"
#include "stream.h"
#include "tap.h"
#include "tests.h"

static char dir[] = "/tmp/soe-state-XXXXXX";
static char path[64], tmp[64];

static bool make_dir(void)
{
	if (!mkdtemp(dir))
		return false;
	snprintf(path, sizeof(path), "%s/state", dir);
	snprintf(tmp, sizeof(tmp), "%s/state.tmp", dir);
	return true;
}

static void remove_dir(void)
{
	unlink(path);
	unlink(tmp);
	rmdir(dir);
	strcpy(dir, "/tmp/soe-state-XXXXXX");
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

static char *read_all(const char *name)
{
	static char buf[256];
	FILE *f = fopen(name, "r");
	size_t n;

	if (!f)
		return strcpy(buf, "(none)");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void state_file(void)
{
	struct soe_state st = { 4294967295U, 18446744073709551615ULL }, got;
	char why[256];
	struct stat sb;

	if (!CHECK(make_dir()))
		return;
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), ENOENT);
	CHECK_INT(soe_state_save(path, tmp, &st), 0);
	CHECK_STR(read_all(path), "load_id 4294967295\nnext_seq 18446744073709551615\n");
	CHECK(stat(tmp, &sb) && errno == ENOENT);	/* renamed, not left */
	memset(&got, 0, sizeof(got));
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), 0);
	CHECK(got.load_id == st.load_id && got.next_seq == st.next_seq);

	/* saved again: replaced whole */
	st.load_id = 7;
	st.next_seq = 0;
	CHECK_INT(soe_state_save(path, tmp, &st), 0);
	CHECK_STR(read_all(path), "load_id 7\nnext_seq 0\n");

	/* either order; nothing else */
	write_file("next_seq 12\nload_id 3\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), 0);
	CHECK(got.load_id == 3 && got.next_seq == 12);
	write_file("load_id 3\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);
	CHECK(strstr(why, "not a state file (no next_seq line)") != NULL);
	write_file("load_id 3\nnext_seq 12\nnext_seq 13\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);
	CHECK(strstr(why, "line 3 is not") != NULL);
	write_file("load_id 4294967296\nnext_seq 12\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);
	write_file("load_id 3\nnext_seq -1\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);
	write_file("load_id 3\nnext_seq 12 13\n");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);
	write_file("");
	CHECK_INT(soe_state_load(path, &got, why, sizeof(why)), EINVAL);

	/* a directory that is not there: the error, no file */
	CHECK_INT(soe_state_save("/nonexistent/state", "/nonexistent/state.tmp", &st), -1);
	CHECK_INT(errno, ENOENT);
	remove_dir();
}

/* Records: events with seqs from..to-1, or one loss record. */
static size_t put_events(unsigned char *buf, uint64_t from, uint64_t to)
{
	struct soe_event ev;
	uint64_t s;

	for (s = from; s < to; s++) {
		craft_event(&ev);
		ev.hdr.seq = s;
		ev.fd = (int)s;
		memcpy(buf + (s - from) * SOE_RECORD_SIZE, &ev, sizeof(ev));
	}
	return (size_t)(to - from) * SOE_RECORD_SIZE;
}

static size_t put_loss(unsigned char *buf, uint64_t seq, uint64_t lost)
{
	struct soe_loss loss;

	craft_loss(&loss, seq, lost);
	memcpy(buf, &loss, sizeof(loss));
	return SOE_RECORD_SIZE;
}

static int moves;

static void count_moves(struct soe_resume *r)
{
	(void)r;
	moves++;
}

/* Run the loop over len bytes of buf from a file, JSON out. */
static char *run(const unsigned char *buf, size_t len, struct soe_resume *r,
		 uint64_t max_events, int *status)
{
	struct soe_stream_opts opts = { { SOE_FORMAT_JSON, true, false }, NULL, max_events, r, false, 0 };
	static char *out;
	size_t out_len, err_len;
	char *err;
	FILE *o, *e, *f = tmpfile();
	int fd;

	free(out);
	if (!f || fwrite(buf, 1, len, f) != len || fflush(f))
		abort();
	fd = dup(fileno(f));
	fclose(f);
	lseek(fd, 0, SEEK_SET);
	o = open_memstream(&out, &out_len);
	e = open_memstream(&err, &err_len);
	if (!o || !e)
		abort();
	*status = soe_stream_run(fd, "the input", &opts, o, e);
	close(fd);
	fclose(o);
	fclose(e);
	if (err[0])
		printf("# stderr: %s", err);
	free(err);
	return out;
}

/* The seqs of the lines of JSON out, and "lost:SEQ+N" for losses. */
static const char *seqs(const char *out)
{
	static char buf[4096];
	const char *p = out, *s;
	size_t len = 0;

	buf[0] = '\0';
	while ((s = strstr(p, "\"seq\":"))) {
		unsigned long long seq = strtoull(s + 6, NULL, 10), lost;
		const char *l = strstr(s, "\"lost\":"), *nl = strchr(s, '\n');

		if (l && (!nl || l < nl)) {
			lost = strtoull(l + 7, NULL, 10);
			len += snprintf(buf + len, sizeof(buf) - len, "%slost:%llu+%llu",
					len ? " " : "", seq, lost);
		} else {
			len += snprintf(buf + len, sizeof(buf) - len, "%s%llu",
					len ? " " : "", seq);
		}
		p = nl ? nl : s + 6;
	}
	return buf;
}

static void resume_skips_what_was_handled(void)
{
	unsigned char buf[64 * SOE_RECORD_SIZE];
	struct soe_resume r = { 0, false, false, count_moves };
	int status;
	size_t n;

	/* a fresh reader: everything, and the position after the last */
	n = put_events(buf, 3, 8);
	moves = 0;
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "3 4 5 6 7");
	CHECK_INT(status, 0);
	CHECK(r.known && r.next == 8);
	CHECK_INT(moves, 5);

	/* resumed at 6: what was handled is dropped */
	r = (struct soe_resume){ 6, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "6 7");
	CHECK(r.next == 8);

	/* resumed at 8 with nothing new: nothing, the position stays */
	r = (struct soe_resume){ 8, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "");
	CHECK(r.next == 8);

	/* --count counts the events printed after the resumption */
	r = (struct soe_resume){ 4, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 2, &status)), "4 5");
	CHECK(r.next == 6);
}

static void resume_reports_the_gap(void)
{
	unsigned char buf[64 * SOE_RECORD_SIZE];
	struct soe_resume r;
	int status;
	size_t n;

	/* the ring overwrote 10-14 while no reader had the position */
	n = put_events(buf, 15, 20);
	r = (struct soe_resume){ 10, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "lost:10+5 15 16 17 18 19");
	CHECK(r.next == 20);

	/* the device's own loss record, begun before the position: cut */
	n = put_loss(buf, 8, 5);
	n += put_events(buf + n, 13, 15);
	r = (struct soe_resume){ 10, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "lost:10+3 13 14");
	CHECK(r.next == 15);

	/* ... wholly before it: dropped */
	n = put_loss(buf, 2, 5);
	n += put_events(buf + n, 7, 12);
	r = (struct soe_resume){ 10, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "10 11");

	/* ... past it: a loss for the gap, then the record */
	n = put_loss(buf, 12, 3);
	n += put_events(buf + n, 15, 16);
	r = (struct soe_resume){ 10, true, true, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "lost:10+2 lost:12+3 15");
	CHECK(r.next == 16);

	/* not resumed (another load): nothing dropped, no gap made up */
	n = put_events(buf, 0, 3);
	r = (struct soe_resume){ 0, false, false, NULL };
	CHECK_STR(seqs(run(buf, n, &r, 0, &status)), "0 1 2");
	CHECK(r.next == 3);
}

static const struct tap_test tests[] = {
	{ "state: the file is written whole and read back; bad ones refused", state_file },
	{ "state: a resumed reader drops what it handled before", resume_skips_what_was_handled },
	{ "state: a resumed reader reports what it missed as lost", resume_reports_the_gap },
};

const struct tap_group state_tests = TAP_TESTS(tests);
