/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * json_exact.h: the bytes a consumer gets back from a string of the
 * reader's JSON, parsed as a JSON parser does and then as
 * sockopt-reader(1) says (the hex field when there is one, a NUL for the
 * '@' of an abstract unix name).  Header-only, for the unit tests
 * (test_exact.c) and the guest programs (soe_exact.c), which check the
 * same promise on crafted records and on real calls.
 */
#ifndef SOE_JSON_EXACT_H
#define SOE_JSON_EXACT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Append code point c to out as UTF-8 (up to U+FFFF: no surrogate pairs here). */
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
 * The JSON string at s (past its opening quote), parsed as a JSON parser
 * does, into out (*n bytes; room for 3 bytes a character of s).  Returns
 * the end, past the closing quote, or NULL for a string that is not valid.
 */
static const char *json_string(const char *s, unsigned char *out, size_t *n)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	const char *e;
	unsigned int c;

	*n = 0;
	while (*s && *s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;	/* raw control characters are not JSON */
		if (*s != '\\') {
			out[(*n)++] = (unsigned char)*s++;
			continue;
		}
		s++;
		if (*s == 'u') {
			if (sscanf(s + 1, "%4x", &c) != 1)
				return NULL;
			*n += put_utf8(out + *n, c);
			s += 5;
			continue;
		}
		for (e = esc; *e && *e != *s; e += 2)
			;
		if (!*e)
			return NULL;
		out[(*n)++] = (unsigned char)e[1];
		s++;
	}
	return *s == '"' ? s + 1 : NULL;
}

/*
 * The exact bytes a consumer gets back for key in line, after start when
 * start is given, as sockopt-reader(1) says: the hex of hex_key when it
 * follows the string, else the string's UTF-8; for a unix name, with
 * sun_abstract true, a NUL instead of the leading '@'.  -1 when the key is
 * missing or its string is not valid.
 */
static long json_exact(const char *line, const char *start, const char *key,
		       const char *hex_key, unsigned char *out)
{
	char want[64];
	const char *p = line;
	bool hex = false;
	unsigned int b;
	size_t n;

	if (start)
		p = strstr(line, start);
	if (!p)
		return -1;
	snprintf(want, sizeof(want), "\"%s\":\"", key);
	p = strstr(p, want);
	if (!p)
		return -1;
	p = json_string(p + strlen(want), out, &n);
	if (!p)
		return -1;
	snprintf(want, sizeof(want), ",\"%s\":\"", hex_key);
	if (!strncmp(p, want, strlen(want))) {
		p += strlen(want);
		for (n = 0; p[2 * n] != '"'; n++) {
			if (sscanf(p + 2 * n, "%2x", &b) != 1)
				return -1;
			out[n] = (unsigned char)b;
		}
		p += 2 * n + 1;
		hex = true;
	}
	if (strncmp(p, ",\"sun_abstract\":true", 20))
		return (long)n;
	/* abstract: the string has '@' for the NUL, the hex has no NUL */
	if (hex) {
		memmove(out + 1, out, n);
		n++;
	} else if (!n || out[0] != '@') {
		return -1;
	}
	out[0] = '\0';
	return (long)n;
}

#endif /* SOE_JSON_EXACT_H */
