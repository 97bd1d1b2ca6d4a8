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
#include "json_valid.h"
#include "tap.h"
#include "tests.h"

/* Append code point c to out as UTF-8. */
static size_t put_utf8(unsigned char *out, unsigned int c)
{
	if (c < 0x80) {
		out[0] = c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = 0xc0 | c >> 6;
		out[1] = 0x80 | (c & 0x3f);
		return 2;
	}
	out[0] = 0xe0 | c >> 12;
	out[1] = 0x80 | (c >> 6 & 0x3f);
	out[2] = 0x80 | (c & 0x3f);
	return 3;
}

/*
 * Parse the JSON string at s (after its opening quote) as a JSON parser
 * would: into out, its length in *n.  Returns the end, past the closing
 * quote, or NULL.  Our lines hold no surrogate pairs.
 */
static const char *json_parse_string(const char *s, unsigned char *out, size_t *n)
{
	*n = 0;
	while (*s && *s != '"') {
		if (*s != '\\') {
			out[(*n)++] = (unsigned char)*s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'u': {
			char hex[5] = { 0 };

			memcpy(hex, s + 1, 4);
			*n += put_utf8(out + *n, (unsigned int)strtoul(hex, NULL, 16));
			s += 5;
			break;
		}
		case 'n':
			out[(*n)++] = '\n';
			s++;
			break;
		default:
			out[(*n)++] = (unsigned char)*s++;
			break;
		}
	}
	return *s == '"' ? s + 1 : NULL;
}

/*
 * The bytes a consumer gets back for key in line, as sockopt-reader(1)
 * says: the hex of hex_key when it follows the string, else the string's
 * UTF-8 without the '@' of an abstract name (sun_abstract true).  -1 when key is missing.
 */
static long json_exact(const char *line, const char *key, const char *hex_key,
		       unsigned char *out)
{
	char want[64];
	const char *p;
	bool hex = false;
	size_t n, i;

	snprintf(want, sizeof(want), "\"%s\":\"", key);
	p = strstr(line, want);
	if (!p)
		return -1;
	p = json_parse_string(p + strlen(want), out, &n);
	if (!p)
		return -1;
	snprintf(want, sizeof(want), ",\"%s\":\"", hex_key);
	if (!strncmp(p, want, strlen(want))) {
		p += strlen(want);
		for (n = 0; p[2 * n] != '"'; n++) {
			unsigned int b;

			sscanf(p + 2 * n, "%2x", &b);
			out[n] = (unsigned char)b;
		}
		p += 2 * n + 1;
		hex = true;
	}
	if (!hex && !strncmp(p, ",\"sun_abstract\":true", 20)) {
		if (!n || out[0] != '@')
			return -1;
		for (i = 1; i < n; i++)
			out[i - 1] = out[i];
		n--;
	}
	return (long)n;
}

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
	n = json_exact(line, "processName", "processNameHex", back);
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
	n = json_exact(line, "sun_path", "sun_path_hex", back);
	abstract = len && p[0] == '\0';
	if (abstract) {
		p++;
		len--;
	}
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
