// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Option values.  The record holds the first SOE_OPTVAL_MAX bytes the
 * caller passed, in its byte order; which C type they are follows from the
 * level and the option, and for the old SO_RCVTIMEO and SO_SNDTIMEO from
 * the caller too: a 32-bit task (SOE_F_COMPAT) passes a timeval of two
 * 32-bit longs, a 64-bit one two 64-bit longs.  A record written by a
 * 32-bit kernel cannot be told apart from one written by a 64-bit kernel
 * for a 64-bit task, so its old timeouts decode as the latter.
 */
#include <string.h>

#include "names.h"
#include "optval.h"

size_t soe_optval_len(const struct soe_event *ev)
{
	return ev->optval_len < SOE_OPTVAL_MAX ? ev->optval_len : SOE_OPTVAL_MAX;
}

static int32_t s32_at(const unsigned char *p)
{
	int32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t u32_at(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int64_t s64_at(const unsigned char *p)
{
	int64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t u64_at(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Two numbers of size bytes each, when n bytes hold them. */
static int pair(const unsigned char *p, size_t n, size_t size, struct soe_value *v,
		enum soe_value_type type)
{
	if (n < 2 * size)
		return -1;
	v->type = type;
	v->i[0] = size == 4 ? s32_at(p) : s64_at(p);
	v->i[1] = size == 4 ? s32_at(p + 4) : s64_at(p + 8);
	return 0;
}

void soe_optval_decode(const struct soe_event *ev, struct soe_value *v)
{
	const unsigned char *p = ev->optval;
	size_t n = soe_optval_len(ev);
	int done = -1;

	memset(v, 0, sizeof(*v));
	v->bytes = p;
	v->len = n;
	if (!n)
		return;		/* SOE_VALUE_NONE */

	switch (soe_option_kind(ev->level, ev->optname)) {
	case SOE_OPTVAL_INT:
		if (n >= 4) {
			v->type = SOE_VALUE_INT;
			v->i[0] = s32_at(p);
			done = 0;
		}
		break;
	case SOE_OPTVAL_RATE:
		/* The kernel reads an unsigned long when optlen has room for one. */
		if (n >= 8 && ev->optlen >= 8) {
			v->type = SOE_VALUE_UINT;
			v->u = u64_at(p);
			done = 0;
		} else if (n >= 4) {
			v->type = SOE_VALUE_UINT;
			v->u = u32_at(p);
			done = 0;
		}
		break;
	case SOE_OPTVAL_LINGER:
		done = pair(p, n, 4, v, SOE_VALUE_LINGER);
		break;
	case SOE_OPTVAL_TIMEVAL:
		done = pair(p, n, ev->hdr.flags & SOE_F_COMPAT ? 4 : 8, v,
			    SOE_VALUE_TIMEVAL);
		break;
	case SOE_OPTVAL_TIMEVAL64:
		done = pair(p, n, 8, v, SOE_VALUE_TIMEVAL);
		break;
	case SOE_OPTVAL_STRING: {
		const unsigned char *nul = memchr(p, '\0', n);

		v->type = SOE_VALUE_STRING;
		v->len = nul ? (size_t)(nul - p) : n;
		done = 0;
		break;
	}
	case SOE_OPTVAL_BYTES:
		break;
	}
	if (done)
		v->type = SOE_VALUE_BYTES;
}
