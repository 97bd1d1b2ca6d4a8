/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * An option's value, decoded from the bytes a record holds of it, the way
 * the kernel reads that option (names.h says how, per level and option).
 */
#ifndef SOE_OPTVAL_H
#define SOE_OPTVAL_H

#include <stddef.h>
#include <stdint.h>

#include "sockopt_events.h"

enum soe_value_type {
	SOE_VALUE_NONE,		/* no byte was captured */
	SOE_VALUE_INT,		/* i[0] */
	SOE_VALUE_UINT,		/* u */
	SOE_VALUE_LINGER,	/* i[0] l_onoff, i[1] l_linger */
	SOE_VALUE_TIMEVAL,	/* i[0] tv_sec, i[1] tv_usec */
	SOE_VALUE_STRING,	/* bytes, len: what the kernel uses, up to the first NUL;
				 * ignored: how many bytes after them it does not read */
	SOE_VALUE_BYTES,	/* bytes, len: all captured bytes */
	SOE_VALUE_FIELDS,	/* a struct: fields[k] is named name[k], k < nfields */
};

struct soe_value {
	enum soe_value_type type;
	int64_t i[3];
	uint64_t u;
	const unsigned char *bytes;	/* points into the event */
	size_t len;
	size_t ignored;
	const char *const *names;	/* SOE_VALUE_FIELDS */
	size_t nfields;
};

/* The number of optval bytes the record holds, clamped to the buffer. */
size_t soe_optval_len(const struct soe_event *ev);

/*
 * Decode ev's option value.  A value with fewer bytes than its type needs
 * (an int option set with optlen 1, say) comes out as SOE_VALUE_BYTES.
 */
void soe_optval_decode(const struct soe_event *ev, struct soe_value *v);

#endif /* SOE_OPTVAL_H */
