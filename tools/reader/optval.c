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
#include <arpa/inet.h>
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

/* The longest name SO_BINDTODEVICE, TCP_CONGESTION and TCP_ULP read (IFNAMSIZ - 1...). */
#define NAME_MAX_KERNEL	15

static const char *const timestamping_fields[] = { "flags", "bind_phc" };
static const char *const fanout_fields[] = { "id", "type_flags", "max_num_members" };
static const char *const port_range_fields[] = { "lo", "hi" };

/*
 * A struct the kernel reads instead of an int when optlen is exactly 8:
 * struct so_timestamping { int flags; int bind_phc; } (sock.c, 5.15 and
 * later) or struct fanout_args { __u16 id; __u16 type_flags;
 * __u32 max_num_members; } (af_packet.c, 5.13 and later).
 */
static int int_or_struct(const struct soe_event *ev, const unsigned char *p, size_t n,
			 enum soe_optval_kind kind, struct soe_value *v)
{
	uint16_t half[2];

	if (ev->optlen != 8) {
		if (n < 4)
			return -1;
		v->type = SOE_VALUE_INT;
		v->i[0] = s32_at(p);
		return 0;
	}
	if (n < 8)
		return -1;
	v->type = SOE_VALUE_FIELDS;
	if (kind == SOE_OPTVAL_TIMESTAMPING) {
		v->names = timestamping_fields;
		v->nfields = 2;
		v->i[0] = s32_at(p);
		v->i[1] = s32_at(p + 4);
	} else {
		memcpy(half, p, sizeof(half));
		v->names = fanout_fields;
		v->nfields = 3;
		v->i[0] = half[0];
		v->i[1] = half[1];
		v->i[2] = u32_at(p + 4);
	}
	return 0;
}

void soe_optval_decode(const struct soe_event *ev, struct soe_value *v)
{
	const unsigned char *p = ev->optval;
	size_t n = soe_optval_len(ev);
	enum soe_optval_kind kind;
	int done = -1;

	memset(v, 0, sizeof(*v));
	v->bytes = p;
	v->len = n;
	if (!n)
		return;		/* SOE_VALUE_NONE */

	kind = soe_option_kind(ev->level, ev->optname);
	switch (kind) {
	case SOE_OPTVAL_INT:
		if (n >= 4) {
			v->type = SOE_VALUE_INT;
			v->i[0] = s32_at(p);
			done = 0;
		}
		break;
	case SOE_OPTVAL_INT_OR_BYTE:
		if (ev->optlen >= 4 && n >= 4) {
			v->type = SOE_VALUE_INT;
			v->i[0] = s32_at(p);
			done = 0;
		} else if (ev->optlen >= 1 && ev->optlen < 4) {
			v->type = SOE_VALUE_INT;
			v->i[0] = p[0];
			done = 0;
		}
		break;
	case SOE_OPTVAL_U32:
		if (n >= 4) {
			v->type = SOE_VALUE_UINT;
			v->u = u32_at(p);
			done = 0;
		}
		break;
	case SOE_OPTVAL_INT_NET:
		if (n >= 4) {
			v->type = SOE_VALUE_INT;
			v->i[0] = (int32_t)ntohl(u32_at(p));
			done = 0;
		}
		break;
	case SOE_OPTVAL_PORT_RANGE:
		/* do_ip_setsockopt(): lo = val, hi = val >> 16, as u16 */
		if (n >= 4 && ev->optlen == 4) {
			v->type = SOE_VALUE_FIELDS;
			v->names = port_range_fields;
			v->nfields = 2;
			v->i[0] = u32_at(p) & 0xffff;
			v->i[1] = u32_at(p) >> 16;
			done = 0;
		}
		break;
	case SOE_OPTVAL_TIMESTAMPING:
	case SOE_OPTVAL_FANOUT:
		done = int_or_struct(ev, p, n, kind, v);
		break;
	case SOE_OPTVAL_RATE:
		/* The kernel reads an unsigned long when optlen has room for one. */
		if (n >= 8 && ev->optlen >= 8) {
			v->type = SOE_VALUE_UINT;
			v->u = u64_at(p);
			done = 0;
		} else if (n >= 4) {
			/* sk_setsockopt(): a 32-bit ~0U is ~0UL, no limit */
			v->type = SOE_VALUE_UINT;
			v->u = u32_at(p) == UINT32_MAX ? UINT64_MAX : u32_at(p);
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
		/* the kernel copies at most 15 bytes and ends the name at a NUL */
		size_t max = n < NAME_MAX_KERNEL ? n : NAME_MAX_KERNEL;
		const unsigned char *nul = memchr(p, '\0', max);

		v->type = SOE_VALUE_STRING;
		v->len = nul ? (size_t)(nul - p) : max;
		v->ignored = nul ? 0 : n - max;
		done = 0;
		break;
	}
	case SOE_OPTVAL_BYTES:
		break;
	}
	if (done)
		v->type = SOE_VALUE_BYTES;
}
