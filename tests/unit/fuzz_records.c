// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: arbitrary bytes as records, through the checker, the
 * option decoder, the filters and both formatters.  Built with clang's
 * -fsanitize=fuzzer,address,undefined by the Makefile; fuzz.sh runs it for
 * a bounded time over the corpus in corpus/.
 *
 * The input is cut into records (the last one padded with zeros).  Each is
 * formatted as it is, and once more with a valid header forced on it, so
 * the fuzzer reaches the formatters without having to find the magic
 * first; a forced event is formatted with the last forced unix names
 * record as its own (its seq made the event's - 1).  Every line must be one line; a JSON line must be valid JSON, a
 * text line printable ASCII.  A small output buffer, sized by the input,
 * must be refused without a byte written past it.  Anything else aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "filter.h"
#include "json_valid.h"
#include "optval.h"
#include "sockopt_events.h"

static struct rd_filter filter;

static void fail(const char *what, const char *line)
{
	fprintf(stderr, "fuzz_records: %s: %s\n", what, line);
	abort();
}

static void check_line(const char *line, int len, enum soe_format format)
{
	int i;

	if (len <= 0 || line[len - 1] != '\n' || strlen(line) != (size_t)len ||
	    memchr(line, '\n', len - 1))
		fail("not one line", line);
	if (format == SOE_FORMAT_JSON) {
		if (!json_valid(line, len))
			fail("invalid JSON", line);
		return;
	}
	for (i = 0; i + 1 < len; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			fail("text not printable ASCII", line);
}

static void format_all(const unsigned char *rec, const unsigned char *names,
		       unsigned int small)
{
	static const enum soe_format formats[] = { SOE_FORMAT_JSON, SOE_FORMAT_TEXT };
	char line[SOE_LINE_MAX], why[256];
	int type = soe_record_check(rec, why, sizeof(why));
	size_t i;

	if (type < 0) {
		if (!why[0] || strchr(why, '\n'))
			fail("a refused record without one line of reason", why);
		return;
	}
	if (type == SOE_RECORD_EVENT) {
		struct soe_event ev;
		struct soe_value v;

		memcpy(&ev, rec, sizeof(ev));
		soe_optval_decode(&ev, &v);
		if (v.len > SOE_OPTVAL_MAX)
			fail("optval longer than the record holds", "");
		rd_filter_match(&filter, &ev);
	}
	for (i = 0; i < 2; i++) {
		struct soe_format_opts opts = { formats[i], small & 1, false };
		char *tight;
		int len;

		len = soe_record_format(rec, names, &opts, line, sizeof(line));
		if (type != SOE_RECORD_EVENT && type != SOE_RECORD_LOSS &&
		    type != SOE_RECORD_UNIX_NAMES && type != SOE_RECORD_BPF_FILTER &&
		    type != SOE_RECORD_RESULT) {
			/* a later type (version 3 on): the stream skips it */
			if (len != -1)
				fail("a record of an unknown type formatted", line);
			continue;
		}
		if (type == SOE_RECORD_UNIX_NAMES) {
			/* shown with its event, not on its own */
			if (len != 0 || line[0])
				fail("a names record printed on its own", line);
			continue;
		}
		check_line(line, len, formats[i]);

		/* the same into a buffer too small for it: refused, nothing past it */
		tight = malloc(small % (unsigned int)len + 1);
		if (!tight)
			abort();
		if (soe_record_format(rec, names, &opts, tight,
				      small % (unsigned int)len + 1) != -1)
			fail("a line in a buffer too small for it", line);
		free(tight);
	}
}

/*
 * An event and a record that comes with it, both of rec's bytes: ev gets
 * flag; after gets the header of rec with type and seq.
 */
static void pair_of(const unsigned char *rec, uint16_t flag, uint16_t type,
		    uint64_t seq, unsigned char *ev, unsigned char *after)
{
	struct soe_header hdr;

	memcpy(ev, rec, SOE_RECORD_SIZE);
	memcpy(&hdr, ev, sizeof(hdr));
	hdr.flags |= flag;
	memcpy(ev, &hdr, sizeof(hdr));
	memcpy(after, rec, SOE_RECORD_SIZE);
	hdr.type = type;
	hdr.seq = seq;
	memcpy(after, &hdr, sizeof(hdr));
}

/*
 * An event with the filter record after it, made of the event's own bytes
 * under a filter record's header (seq + 1, the flag set on the event): one
 * line, the filter's fields from random bytes, read as they came and as a
 * classic and an eBPF program's record (SOE_BPF_F_EBPF).
 */
static void format_with_filter(const unsigned char *rec, const unsigned char *names)
{
	static const enum soe_format formats[] = { SOE_FORMAT_JSON, SOE_FORMAT_TEXT };
	unsigned char *ev = malloc(SOE_RECORD_SIZE), *after = malloc(SOE_RECORD_SIZE);
	struct soe_header hdr;
	char line[SOE_LINE_MAX];
	size_t i;

	if (!ev || !after)
		abort();
	memcpy(&hdr, rec, sizeof(hdr));
	pair_of(rec, SOE_F_BPF_FILTER, SOE_RECORD_BPF_FILTER, hdr.seq + 1, ev, after);
	/*
	 * As it came, then as a classic and as an eBPF program's, JSON with
	 * --bpf (text with --bpf is more than one line).
	 */
	for (i = 0; i < 6; i++) {
		struct soe_format_opts opts = { formats[i % 2], true,
						i >= 2 && formats[i % 2] == SOE_FORMAT_JSON };
		struct soe_bpf_filter f;

		if (i == 2 || i == 4) {
			memcpy(&f, after, sizeof(f));
			if (i == 2)
				f.flags &= ~SOE_BPF_F_EBPF;
			else
				f.flags |= SOE_BPF_F_EBPF;
			memcpy(after, &f, sizeof(f));
		}
		check_line(line, soe_event_format(ev, names, after, &opts, line,
						  sizeof(line)), formats[i % 2]);
	}
	free(ev);
	free(after);
}

/*
 * An event with its result record, made of the event's own bytes under a
 * result record's header and event_seq (a later seq, the flag set on the
 * event): one line, the result's fields from random bytes.
 */
static void format_with_result(const unsigned char *rec, const unsigned char *names)
{
	static const enum soe_format formats[] = { SOE_FORMAT_JSON, SOE_FORMAT_TEXT };
	unsigned char *ev = malloc(SOE_RECORD_SIZE), *res = malloc(SOE_RECORD_SIZE);
	struct soe_header hdr;
	char line[SOE_LINE_MAX];
	uint64_t seq;
	size_t i;

	if (!ev || !res)
		abort();
	memcpy(&hdr, rec, sizeof(hdr));
	seq = hdr.seq;
	pair_of(rec, SOE_F_RESULT, SOE_RECORD_RESULT, seq + 1 + rec[SOE_RECORD_SIZE - 5],
		ev, res);
	/* both of this version; the result's flags from random bytes */
	memcpy(&hdr, ev, sizeof(hdr));
	hdr.version = SOE_VERSION;
	memcpy(ev, &hdr, sizeof(hdr));
	memcpy(&hdr, res, sizeof(hdr));
	hdr.version = SOE_VERSION;
	hdr.flags = rec[SOE_RECORD_SIZE - 4];
	memcpy(res, &hdr, sizeof(hdr));
	memcpy(res + offsetof(struct soe_result, event_seq), &seq, sizeof(seq));
	for (i = 0; i < 2; i++) {
		struct soe_format_opts opts = { formats[i], true, false };

		check_line(line, soe_call_format(ev, names, NULL, res, &opts, line,
						 sizeof(line)), formats[i]);
	}
	free(ev);
	free(res);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char why[256];

	(void)argc;
	(void)argv;
	/* a filter of every kind, so matching runs over every field */
	rd_filter_init(&filter);
	if (rd_filter_add(&filter, RD_FILTER_COMM, "nginx", why, sizeof(why)) ||
	    rd_filter_add(&filter, RD_FILTER_OPTNAME, "SO_RCVBUF,7", why, sizeof(why)) ||
	    rd_filter_finish(&filter, why, sizeof(why)))
		fail("filter", why);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a heap block of exactly one record, so a read past it is caught */
	unsigned char *rec = malloc(SOE_RECORD_SIZE);
	unsigned char *names = calloc(1, SOE_RECORD_SIZE);
	static const unsigned short types[] = {
		SOE_RECORD_EVENT, SOE_RECORD_LOSS, SOE_RECORD_UNIX_NAMES,
		SOE_RECORD_BPF_FILTER, SOE_RECORD_RESULT,
	};
	size_t off = 0;

	if (!rec || !names)
		abort();
	do {
		size_t n = size - off < SOE_RECORD_SIZE ? size - off : SOE_RECORD_SIZE;
		struct soe_header hdr;

		memset(rec, 0, SOE_RECORD_SIZE);
		if (n)
			memcpy(rec, data + off, n);
		format_all(rec, NULL,
			   rec[SOE_RECORD_SIZE - 1] | rec[SOE_RECORD_SIZE - 2] << 8);

		memcpy(&hdr, rec, sizeof(hdr));
		hdr.magic = SOE_MAGIC;
		hdr.version = hdr.version & 1 ? SOE_VERSION_MIN : SOE_VERSION;
		hdr.size = SOE_RECORD_SIZE;
		hdr.type = types[hdr.type % (sizeof(types) / sizeof(types[0]))];
		if (hdr.type == SOE_RECORD_UNIX_NAMES || hdr.type == SOE_RECORD_BPF_FILTER ||
		    hdr.type == SOE_RECORD_RESULT)
			hdr.version = SOE_VERSION;
		memcpy(rec, &hdr, sizeof(hdr));
		if (hdr.type == SOE_RECORD_EVENT) {
			struct soe_header nh;

			memcpy(&nh, names, sizeof(nh));
			nh.magic = SOE_MAGIC;
			nh.version = hdr.version;
			nh.size = SOE_RECORD_SIZE;
			nh.type = SOE_RECORD_UNIX_NAMES;
			nh.seq = hdr.seq - 1;
			memcpy(names, &nh, sizeof(nh));
		}
		format_all(rec, names, rec[SOE_RECORD_SIZE - 3]);
		if (hdr.type == SOE_RECORD_EVENT) {
			format_with_filter(rec, names);
			format_with_result(rec, names);
		}
		if (hdr.type == SOE_RECORD_UNIX_NAMES)
			memcpy(names, rec, SOE_RECORD_SIZE);
		off += n;
	} while (off < size);
	free(names);
	free(rec);
	return 0;
}
