// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Names exactly as the kernel saw them (issue #15): every two different
 * names print differently, in text and JSON, and the JSON gives back the
 * exact bytes: each case is parsed back here and compared with the record.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "craft.h"
#include "decode.h"
#include "json_exact.h"
#include "json_valid.h"
#include "tap.h"
#include "tests.h"

/* The record's comm comes back from its JSON line byte for byte. */
static bool comm_round_trips(const char *comm)
{
	unsigned char back[256];
	struct soe_event ev;
	const char *line;
	long n;

	craft_event(&ev);
	memset(ev.comm, 0, sizeof(ev.comm));
	memcpy(ev.comm, comm, strlen(comm));
	line = craft_json(&ev);
	n = json_exact(line, NULL, "processName", "processNameHex", back);
	return CHECK(json_valid(line, strlen(line))) &&
	       CHECK_INT(n, (long)strlen(comm)) && CHECK(!memcmp(back, comm, n));
}

/* The local name comes back from the JSON line byte for byte, and its kind. */
static bool unix_round_trips(const void *name, size_t len)
{
	const unsigned char *p = name;
	unsigned char back[256];
	struct soe_event ev;
	const char *line;
	bool abstract;
	long n;

	craft_event(&ev);
	craft_unix(&ev, name, len, NULL, 0);
	line = craft_json(&ev);
	/* an abstract name comes back with its leading NUL */
	n = json_exact(line, NULL, "sun_path", "sun_path_hex", back);
	abstract = len && p[0] == '\0';
	return CHECK(json_valid(line, strlen(line))) &&
	       CHECK(strstr(line, abstract ? "\"sun_abstract\":true" :
				  "\"sun_abstract\":false") != NULL) &&
	       CHECK_INT(n, (long)len) && CHECK(!memcmp(back, p, len));
}

static void unix_markers(void)
{
	struct soe_event ev;
	char text[SOE_LINE_MAX];

	/* a path named @evil and the abstract name evil */
	craft_event(&ev);
	craft_unix(&ev, "@evil", 5, "\0evil", 5);
	snprintf(text, sizeof(text), "%s", craft_text(&ev));
	CHECK(strstr(text, " local=\\x40evil remote=@evil ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     "{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"@evil\",\"sun_abstract\":false}") != NULL);
	CHECK(strstr(craft_json(&ev),
		     "{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"@evil\",\"sun_abstract\":true}") != NULL);
	unix_round_trips("@evil", 5);
	unix_round_trips("\0evil", 5);

	/* a peer bound to the path ?, and a peer not read */
	craft_event(&ev);
	craft_unix(&ev, "/s", 2, "?", 1);
	CHECK(strstr(craft_text(&ev), " remote=\\x3f ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     "\"remote_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		     "{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"?\",\"sun_abstract\":false}")
	      != NULL);
	ev.hdr.flags = SOE_F_REMOTE_UNKNOWN;
	CHECK(strstr(craft_text(&ev), " remote=? ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     "\"remote_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		     "{\"sa_family\":\"AF_UNIX\"}") != NULL);

	/* the abstract name ?, the path "", the empty abstract name, unnamed */
	craft_event(&ev);
	craft_unix(&ev, "\0?", 2, "\"\"", 2);
	CHECK(strstr(craft_text(&ev), " local=@? remote=\\x22\\x22 ") != NULL);
	craft_unix(&ev, "\0", 1, NULL, 0);
	CHECK(strstr(craft_text(&ev), " local=@ remote=\"\" ") != NULL);
	unix_round_trips("\0?", 2);
	unix_round_trips("\"\"", 2);
	unix_round_trips("\0", 1);
	unix_round_trips("?x", 2);
}

static void comm_bytes_exact(void)
{
	char a[SOE_LINE_MAX];
	struct soe_event ev;

	/* \xff and \xc3\xbf (U+00FF, ÿ) are different names */
	craft_event(&ev);
	memset(ev.comm, 0, sizeof(ev.comm));
	memcpy(ev.comm, "\xff", 1);
	snprintf(a, sizeof(a), "%s", craft_json(&ev));
	memcpy(ev.comm, "\xc3\xbf", 2);
	CHECK(strcmp(a, craft_json(&ev)) != 0);
	CHECK(strstr(a, "\"processName\":\"\\u00ff\",\"processNameHex\":\"ff\",") != NULL);
	CHECK(strstr(craft_json(&ev), "\"processName\":\"\xc3\xbf\",\"cgroupId\"") != NULL);
	comm_round_trips("\xff");
	comm_round_trips("\xc3\xbf");
	comm_round_trips("a\xc3\xbf\xff\x80z");
	comm_round_trips("nginx");
	comm_round_trips("\x01\"\\\x7f");
}

static void unix_bytes_exact(void)
{
	/* the same for unix names, path and abstract */
	unix_round_trips("/tmp/\xff", 6);
	unix_round_trips("/tmp/\xc3\xbf", 7);
	unix_round_trips("\0\xff\0\xc3\xbf", 5);
	unix_round_trips("\0\xc2\x85\xe2\x80\xa8", 6);
}

/* U+0085, U+009B, U+2028, U+2029: escaped in JSON, \xNN in text. */
static void line_breakers_escaped(void)
{
	static const char *const chars[] = {
		"\xc2\x85", "\xc2\x9b", "\xc2\x80", "\xc2\x9f", "\xe2\x80\xa8", "\xe2\x80\xa9",
	};
	static const char *const json[] = {
		"\\u0085", "\\u009b", "\\u0080", "\\u009f", "\\u2028", "\\u2029",
	};
	static const char *const text[] = {
		"\\xc2\\x85", "\\xc2\\x9b", "\\xc2\\x80", "\\xc2\\x9f",
		"\\xe2\\x80\\xa8", "\\xe2\\x80\\xa9",
	};
	char want[64], comm[16];
	struct soe_event ev;
	size_t i;

	for (i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		craft_event(&ev);
		memset(ev.comm, 0, sizeof(ev.comm));
		snprintf(comm, sizeof(comm), "a%sb", chars[i]);
		memcpy(ev.comm, comm, strlen(comm));
		snprintf(want, sizeof(want), "\"processName\":\"a%sb\",\"cgroupId\"", json[i]);
		CHECK(strstr(craft_json(&ev), want) != NULL);
		CHECK(strstr(craft_json(&ev), chars[i]) == NULL);
		snprintf(want, sizeof(want), "Z a%sb ", text[i]);
		CHECK(strstr(craft_text(&ev), want) != NULL);
		CHECK(strstr(craft_text(&ev), chars[i]) == NULL);
		comm_round_trips(comm);
	}
	/* the characters next to them stay as they are */
	comm_round_trips("\xc2\xa0\xe2\x80\xa7\xe2\x80\xaa");
	craft_event(&ev);
	memcpy(ev.comm, "\xc2\xa0\xe2\x80\xa7\xe2\x80\xaa", 9);
	ev.comm[9] = '\0';
	CHECK(strstr(craft_json(&ev), "\"processName\":\"\xc2\xa0\xe2\x80\xa7\xe2\x80\xaa\",") != NULL);
}

static const struct tap_test tests[] = {
	{ "exact: unix names: @ and ? in a path are not the markers", unix_markers },
	{ "exact: comm bytes that are not UTF-8 come back from the JSON", comm_bytes_exact },
	{ "exact: unix name bytes that are not UTF-8 come back from the JSON", unix_bytes_exact },
	{ "exact: C1 controls and U+2028/U+2029 escaped in JSON and text", line_breakers_escaped },
};

const struct tap_group exact_tests = TAP_TESTS(tests);
