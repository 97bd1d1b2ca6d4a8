// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Socket filter records: how an event shows the filter record after it,
 * and how the input loop pairs the two (by seq and flag, never with
 * another event's record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "craft.h"
#include "decode.h"
#include "stream.h"
#include "tap.h"
#include "tests.h"

/* ldh [12]; jeq #0x800 jt 2 jf 3; ret #262144; ret #0 */
static const struct soe_sock_filter prog[] = {
	{ 0x28, 0, 0, 12 },
	{ 0x15, 0, 1, 0x800 },
	{ 0x06, 0, 0, 0x40000 },
	{ 0x06, 0, 0, 0 },
};

#define NPROG	(sizeof(prog) / sizeof(prog[0]))

static char line[SOE_LINE_MAX];

static const char *fmt(const void *ev, const void *after, enum soe_format format,
		       bool bpf)
{
	struct soe_format_opts opts = { format, true, bpf };

	if (soe_event_format(ev, NULL, after, &opts, line, sizeof(line)) < 0)
		return "(not formatted)";
	return line;
}

static void text_shows_len_and_crc(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " flags=optval_pointer filter=len:4,crc32:1a2b3c4d tags=privileged|socket_filter\n") != NULL);
	/* the flag is not printed: the filter field says it */
	CHECK(strstr(line, "bpf") == NULL);
}

static void text_bpf_listing(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;
	const char *nl;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	nl = strchr(fmt(&ev, &f, SOE_FORMAT_TEXT, true), '\n');
	CHECK(nl != NULL);
	CHECK_STR(nl ? nl + 1 : "",
		  "(000) ldh      [12]\n"
		  "(001) jeq      #0x800           jt 2\tjf 3\n"
		  "(002) ret      #262144\n"
		  "(003) ret      #0\n");
}

static void text_partial_and_long(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, 40, 0xdeadbeef);
	f.read = 30;
	f.listed = 26;
	f.flags = SOE_BPF_F_FAULT;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " filter=len:40,read:30,crc32:deadbeef,partial tags=privileged|socket_filter\n") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, true),
		     "; 4 more instructions read, not in the record\n") != NULL);
	f.len = 5000;
	f.read = 4096;
	f.flags = SOE_BPF_F_TOO_LONG;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " filter=len:5000,read:4096,crc32:deadbeef,too_long tags=privileged|socket_filter\n") != NULL);
	/* a listed count past the record is clamped */
	f.listed = 60000;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, true), "(025) ") != NULL);
	CHECK(strstr(line, "(026) ") == NULL);
}

static void json_carries_listing(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, false),
		     "],\"bpfFilter\":{\"len\":4,\"read\":4,\"crc32\":\"1a2b3c4d\","
		     "\"partial\":false,\"tooLong\":false,\"noProgram\":false,\"listed\":4,\"insns\":["
		     "{\"code\":40,\"jt\":0,\"jf\":0,\"k\":12},"
		     "{\"code\":21,\"jt\":0,\"jf\":1,\"k\":2048},"
		     "{\"code\":6,\"jt\":0,\"jf\":0,\"k\":262144},"
		     "{\"code\":6,\"jt\":0,\"jf\":0,\"k\":0}]},"
		     "\"tags\":[\"privileged\",\"socket_filter\"]}\n") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, true),
		     "\"listing\":[\"(000) ldh      [12]\","
		     "\"(001) jeq      #0x800           jt 2\\u0009jf 3\",") != NULL);
}

static const uint8_t tag[SOE_BPF_TAG_SIZE] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

static void ebpf_text_and_json(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_ebpf_filter(&f, &ev, 42, tag, 1);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " SOL_SOCKET SO_ATTACH_BPF=5 ") != NULL);
	CHECK(strstr(line, " filter=ebpf:id:42,tag:0123456789abcdef tags=socket_filter\n") != NULL);
	/* nothing to list: the line is the only one */
	CHECK(strchr(fmt(&ev, &f, SOE_FORMAT_TEXT, true), '\n') == line + strlen(line) - 1);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, false),
		     ",\"bpfFilter\":{\"kind\":\"ebpf\",\"noProgram\":false,\"id\":42,"
		     "\"tag\":\"0123456789abcdef\",\"type\":\"socket_filter\"},"
		     "\"tags\":[\"socket_filter\"]}\n") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, true),
		     "\"type\":\"socket_filter\",\"listing\":[]}") != NULL);
	/* SO_ATTACH_REUSEPORT_EBPF, a type with a name and one without */
	ev.optname = 52;
	f.ebpf.prog_type = 21;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, false),
		     "\"type\":\"sk_reuseport\"}") != NULL);
	f.ebpf.prog_type = 7;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, false), "\"type\":7}") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " SOL_SOCKET SO_ATTACH_REUSEPORT_EBPF=5 ") != NULL);
}

static void ebpf_no_program(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_ebpf_filter(&f, &ev, 0, (const uint8_t[SOE_BPF_TAG_SIZE]){ 0 }, 0);
	f.flags |= SOE_BPF_F_NO_PROGRAM;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false),
		     " filter=none tags=") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, false),
		     ",\"bpfFilter\":{\"kind\":\"ebpf\",\"noProgram\":true,"
		     "\"id\":null,\"tag\":null,\"type\":null},") != NULL);
}

/* Bytes in insns[] of an eBPF record are never listed as instructions. */
static void ebpf_lists_nothing(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_ebpf_filter(&f, &ev, 7, tag, 1);
	f.listed = 26;
	f.read = 26;
	f.len = 26;
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, true), "(000)") == NULL);
	CHECK(strstr(line, "filter=ebpf:id:7,") != NULL);
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_JSON, true), "\"listing\":[]}") != NULL);
	CHECK(strstr(line, "\"insns\"") == NULL);
}

static void missing_or_wrong_filter(void)
{
	struct soe_bpf_filter f;
	struct soe_event ev;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	CHECK(strstr(fmt(&ev, NULL, SOE_FORMAT_TEXT, false), " filter=? tags=privileged|socket_filter\n") != NULL);
	CHECK(strstr(fmt(&ev, NULL, SOE_FORMAT_JSON, false), "],\"bpfFilter\":null,\"tags\":") != NULL);
	/* another event's record: one seq too far */
	f.hdr.seq++;
	CHECK(!soe_record_follows(&ev, &f));
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false), " filter=? tags=privileged|socket_filter\n") != NULL);
	f.hdr.seq--;
	/* the event does not announce one */
	ev.hdr.flags &= ~SOE_F_BPF_FILTER;
	CHECK(!soe_record_follows(&ev, &f));
	CHECK(strstr(fmt(&ev, &f, SOE_FORMAT_TEXT, false), "filter=") == NULL);
	/* a record of another version */
	ev.hdr.flags |= SOE_F_BPF_FILTER;
	f.hdr.version = 2;
	CHECK(!soe_record_follows(&ev, &f));
	f.hdr.version = SOE_VERSION;
	CHECK(soe_record_follows(&ev, &f));
	/* alone, the filter record says its event is missing */
	CHECK(strstr(fmt(&f, NULL, SOE_FORMAT_TEXT, false),
		     "Z filter record seq=8 without its event: filter=len:4,crc32:1a2b3c4d\n")
	      != NULL);
	CHECK(strstr(fmt(&f, NULL, SOE_FORMAT_JSON, false),
		     "\"eventName\":\"bpf_filter\",\"seq\":8,\"eventMissing\":true,"
		     "\"bpfFilter\":{\"len\":4,") != NULL);
}

/* The input loop over records, text in UTC: its output, or NULL. */
static char *stream(const void *recs, size_t n, bool bpf, int *status)
{
	struct soe_stream_opts opts = { { SOE_FORMAT_TEXT, true, bpf }, NULL, 0, NULL, false, 0 };
	FILE *in = tmpfile(), *out, *err;
	char *o = NULL, *e = NULL;
	size_t ol, el;

	if (!in || fwrite(recs, SOE_RECORD_SIZE, n, in) != n || fflush(in))
		abort();
	rewind(in);
	out = open_memstream(&o, &ol);
	err = open_memstream(&e, &el);
	if (!out || !err)
		abort();
	*status = soe_stream_run(fileno(in), "the input", &opts, out, err);
	fclose(out);
	fclose(err);
	fclose(in);
	if (*e)
		fprintf(stderr, "# %s", e);
	free(e);
	return o;
}

/* Lines of s that contain what, counted. */
static int count(const char *s, const char *what)
{
	int n = 0;

	while (s && (s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void stream_pairs_event_and_filter(void)
{
	unsigned char recs[4][SOE_RECORD_SIZE];
	struct soe_bpf_filter f;
	struct soe_event ev, next;
	char *out;
	int status;

	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	craft_event(&next);
	next.hdr.seq = 9;
	memcpy(recs[0], &ev, sizeof(ev));
	memcpy(recs[1], &f, sizeof(f));
	memcpy(recs[2], &next, sizeof(next));
	out = stream(recs, 3, true, &status);
	CHECK_INT(status, 0);
	CHECK_INT(count(out, "\n"), 6);
	CHECK_INT(count(out, " filter=len:4,crc32:1a2b3c4d tags=privileged|socket_filter\n(000) ldh      [12]\n"), 1);
	CHECK_INT(count(out, "without its event"), 0);
	CHECK_INT(count(out, "SO_REUSEADDR"), 1);
	free(out);
}

static void stream_reports_orphans(void)
{
	unsigned char recs[5][SOE_RECORD_SIZE];
	struct soe_bpf_filter f, f2;
	struct soe_event ev, other;
	char *out;
	int status;

	/* an event that announces a filter, then another event: no filter */
	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	craft_event(&other);
	other.hdr.seq = 8;
	memcpy(recs[0], &ev, sizeof(ev));
	memcpy(recs[1], &other, sizeof(other));
	/* a filter record whose seq follows an event that announced none */
	craft_event(&other);
	other.hdr.seq = 20;
	craft_bpf_filter(&f2, &other, prog, NPROG, NPROG, 0x55aa55aa);
	other.hdr.flags &= ~SOE_F_BPF_FILTER;
	memcpy(recs[2], &other, sizeof(other));
	memcpy(recs[3], &f2, sizeof(f2));
	/* an event that announces one at the end of the input */
	ev.hdr.seq = 30;
	memcpy(recs[4], &ev, sizeof(ev));
	out = stream(recs, 5, false, &status);
	CHECK_INT(status, 0);
	CHECK_INT(count(out, "\n"), 5);
	CHECK_INT(count(out, " filter=? tags=privileged|socket_filter\n"), 2);
	CHECK_INT(count(out, "filter record seq=21 without its event: "
			"filter=len:4,crc32:55aa55aa\n"), 1);
	CHECK_INT(count(out, "crc32:1a2b3c4d"), 0);
	free(out);
}

static void stream_filter_after_a_gap(void)
{
	unsigned char recs[3][SOE_RECORD_SIZE];
	struct soe_bpf_filter f;
	struct soe_loss loss;
	struct soe_event ev;
	char *out;
	int status;

	/* the event's filter was overwritten: a loss record comes between */
	craft_event(&ev);
	craft_bpf_filter(&f, &ev, prog, NPROG, NPROG, 0x1a2b3c4d);
	craft_loss(&loss, 8, 3);
	f.hdr.seq = 11;
	memcpy(recs[0], &ev, sizeof(ev));
	memcpy(recs[1], &loss, sizeof(loss));
	memcpy(recs[2], &f, sizeof(f));
	out = stream(recs, 3, false, &status);
	CHECK_INT(status, 0);
	CHECK_INT(count(out, " filter=? tags=privileged|socket_filter\n"), 1);
	CHECK_INT(count(out, " lost 3 events\n"), 1);
	CHECK_INT(count(out, "filter record seq=11 without its event"), 1);
	free(out);
}

static void stream_skips_unknown_types(void)
{
	unsigned char recs[2][SOE_RECORD_SIZE];
	struct soe_event ev;
	char *out;
	int status;

	craft_event(&ev);
	ev.hdr.type = 99;	/* a record type from a later module */
	memcpy(recs[0], &ev, sizeof(ev));
	craft_event(&ev);
	ev.hdr.seq = 8;
	memcpy(recs[1], &ev, sizeof(ev));
	out = stream(recs, 2, false, &status);
	CHECK_INT(status, 0);
	CHECK_INT(count(out, "\n"), 1);
	CHECK_INT(count(out, "SO_REUSEADDR"), 1);
	free(out);
}

static const struct tap_test tests[] = {
	{ "bpf: text shows the filter's length and CRC-32", text_shows_len_and_crc },
	{ "bpf: --bpf lists the instructions as tcpdump -d", text_bpf_listing },
	{ "bpf: a partial or too long program says what was read", text_partial_and_long },
	{ "bpf: JSON carries length, CRC-32, what was read and the listing", json_carries_listing },
	{ "bpf: an eBPF program's id, tag and type in text and JSON", ebpf_text_and_json },
	{ "bpf: an eBPF attach without a program shows none", ebpf_no_program },
	{ "bpf: an eBPF record lists no instructions", ebpf_lists_nothing },
	{ "bpf: a missing or mismatched filter record is never attached", missing_or_wrong_filter },
	{ "bpf: stream: an event is shown with the filter record after it",
	  stream_pairs_event_and_filter },
	{ "bpf: stream: filters without their event, events without their filter",
	  stream_reports_orphans },
	{ "bpf: stream: a loss between event and filter pairs nothing",
	  stream_filter_after_a_gap },
	{ "bpf: stream: a record of an unknown type is skipped", stream_skips_unknown_types },
};

const struct tap_group bpf_tests = TAP_TESTS(tests);
