// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <string.h>

#include "json_valid.h"

struct parser {
	const unsigned char *p;
	const unsigned char *end;
	int depth;
};

static bool value(struct parser *ps);

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool eat(struct parser *ps, char c)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == (unsigned char)c) {
		ps->p++;
		return true;
	}
	return false;
}

/* Decode one UTF-8 character; false on any malformed or non-shortest form. */
static bool utf8_char(struct parser *ps)
{
	unsigned int c = *ps->p, cp, min;
	size_t len, i;

	if (c < 0x80) {
		ps->p++;
		return true;
	}
	if ((c & 0xe0) == 0xc0) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return false;
	}
	if ((size_t)(ps->end - ps->p) < len)
		return false;
	for (i = 1; i < len; i++) {
		if ((ps->p[i] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (ps->p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	ps->p += len;
	return true;
}

static bool string(struct parser *ps)
{
	if (!eat(ps, '"'))
		return false;
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;

		if (c == '"') {
			ps->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			ps->p++;
			if (ps->p >= ps->end)
				return false;
			if (*ps->p == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (ps->p + i >= ps->end ||
					    !strchr("0123456789abcdefABCDEF", ps->p[i]) ||
					    !ps->p[i])
						return false;
				ps->p += 5;
			} else if (*ps->p && strchr("\"\\/bfnrt", *ps->p)) {
				ps->p++;
			} else {
				return false;
			}
			continue;
		}
		if (!utf8_char(ps))
			return false;
	}
	return false;
}

static bool digits(struct parser *ps)
{
	const unsigned char *start = ps->p;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++;
	return ps->p > start;
}

static bool number(struct parser *ps)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return false;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digits(ps))
			return false;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return false;
	}
	return true;
}

static bool word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n))
		return false;
	ps->p += n;
	return true;
}

static bool object(struct parser *ps)
{
	if (eat(ps, '}'))
		return true;
	do {
		if (!string(ps) || !eat(ps, ':') || !value(ps))
			return false;
	} while (eat(ps, ','));
	return eat(ps, '}');
}

static bool array(struct parser *ps)
{
	if (eat(ps, ']'))
		return true;
	do {
		if (!value(ps))
			return false;
	} while (eat(ps, ','));
	return eat(ps, ']');
}

static bool value(struct parser *ps)
{
	bool ok;

	skip_ws(ps);
	if (ps->p >= ps->end || ++ps->depth > 64)
		return false;
	switch (*ps->p) {
	case '{':
		ps->p++;
		ok = object(ps);
		break;
	case '[':
		ps->p++;
		ok = array(ps);
		break;
	case '"':
		ok = string(ps);
		break;
	case 't':
		ok = word(ps, "true");
		break;
	case 'f':
		ok = word(ps, "false");
		break;
	case 'n':
		ok = word(ps, "null");
		break;
	default:
		ok = number(ps);
	}
	ps->depth--;
	return ok;
}

bool json_valid(const char *s, size_t n)
{
	struct parser ps = { (const unsigned char *)s, (const unsigned char *)s + n, 0 };

	if (!value(&ps))
		return false;
	skip_ws(&ps);
	return ps.p == ps.end;
}
