// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Output lines: the bounded buffer, and how bytes from a record are
 * escaped in a JSON string and in a text field.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

void soe_put_mem(struct soe_out *o, const char *s, size_t n)
{
	if (o->full || n >= o->size - o->len) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void soe_put_str(struct soe_out *o, const char *s)
{
	soe_put_mem(o, s, strlen(s));
}

void soe_put_char(struct soe_out *o, char c)
{
	soe_put_mem(o, &c, 1);
}

void soe_put_fmt(struct soe_out *o, const char *fmt, ...)
{
	size_t room = o->size - o->len;
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		o->buf[o->len] = '\0';
		o->full = true;
		return;
	}
	o->len += n;
}

void soe_put_hex(struct soe_out *o, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		soe_put_fmt(o, "%02x", p[i]);
}

/*
 * The length of the valid UTF-8 sequence at s (at most n bytes), or 0 when
 * s does not start one: no overlong forms, no surrogates, nothing past
 * U+10FFFF (RFC 3629).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/*
 * The inside of a JSON string.  Valid UTF-8 is kept as it is, except the
 * characters a log viewer or a terminal acts on: control characters, DEL,
 * the C1 controls U+0080-U+009F and the line and paragraph separators
 * U+2028 and U+2029 are written as \uXXXX, which a JSON parser turns back
 * into the same characters.  A byte that is not part of valid UTF-8 is
 * written as \u00XX too, so the line stays valid JSON, but it parses back
 * to the character U+00XX, not to the byte: the caller learns of it from
 * the return value, true when the string parses back to exactly the n
 * bytes, false when it does not (json.c then adds the bytes in hex).
 */
bool soe_json_chars(struct soe_out *o, const unsigned char *s, size_t n)
{
	size_t i = 0, len;
	bool exact = true;

	while (i < n) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			soe_put_char(o, '\\');
			soe_put_char(o, c);
			i++;
		} else if (c >= 0x20 && c < 0x7f) {
			soe_put_char(o, c);
			i++;
		} else if (c >= 0x80 && (len = utf8_len(s + i, n - i))) {
			if (c == 0xc2 && s[i + 1] < 0xa0)
				soe_put_fmt(o, "\\u%04x", s[i + 1]);
			else if (c == 0xe2 && s[i + 1] == 0x80 &&
				 (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
				soe_put_fmt(o, "\\u20%02x", s[i + 2] - 0x80);
			else
				soe_put_mem(o, (const char *)s + i, len);
			i += len;
		} else {
			soe_put_fmt(o, "\\u%04x", c);
			if (c >= 0x80)
				exact = false;
			i++;
		}
	}
	return exact;
}

/*
 * Text fields are split on spaces, so a string in one shows only the bytes
 * 0x21-0x7e, except the backslash and the double quote; every other byte
 * is written as \xNN.
 */
void soe_text_chars(struct soe_out *o, const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] > 0x20 && s[i] < 0x7f && s[i] != '\\' && s[i] != '"')
			soe_put_char(o, s[i]);
		else
			soe_put_fmt(o, "\\x%02x", s[i]);
	}
}
