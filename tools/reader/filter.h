/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reader's own filters: which events to print.  Each filter is a list
 * of values; an event passes a filter when it matches one of the values
 * (an empty list: every event), and is printed when it passes them all.
 * Loss records are not filtered.
 *
 * rd_filter_add() takes one command-line argument, a comma-separated
 * list in which a backslash escapes: "\," is a comma within a value,
 * "\\" a backslash and "\xNN" the byte NN (as text output writes a
 * name's bytes), so any task name can be given; rd_filter_finish()
 * checks what can only be checked once all are in (option names, looked
 * up at the levels given).
 *
 * The names start rd_ (reader), not soe_: the module has a filter of its
 * own (module/filter.c, struct soe_filter, SOE_FILTER_UID), a different
 * thing that chooses what is recorded at all.
 */
#ifndef RD_FILTER_H
#define RD_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockopt_events.h"

/* Values one filter holds, over all its arguments. */
#define RD_FILTER_VALUES	64
/* The longest option name an --optname value may be. */
#define RD_FILTER_NAME_MAX	48

enum rd_filter_key {
	RD_FILTER_PID,		/* hostProcessId */
	RD_FILTER_UID,		/* userId */
	RD_FILTER_COMM,	/* processName, whole */
	RD_FILTER_FAMILY,	/* AF_* name or number */
	RD_FILTER_LEVEL,	/* level name or number */
	RD_FILTER_OPTNAME,	/* option name (within the levels) or number */
	RD_FILTER_KEYS,
};

struct rd_filter_value {
	int64_t number;
	char name[RD_FILTER_NAME_MAX];	/* comm, or an option by name; "" when a number */
};

struct rd_filter_list {
	size_t n;
	struct rd_filter_value v[RD_FILTER_VALUES];
};

struct rd_filter {
	struct rd_filter_list list[RD_FILTER_KEYS];
};

void rd_filter_init(struct rd_filter *f);

/*
 * Add the values of one argument, e.g. "SOL_SOCKET,6".  Returns 0, or -1
 * with why set to a sentence fragment saying which value is wrong.
 */
int rd_filter_add(struct rd_filter *f, enum rd_filter_key key, const char *arg,
		   char *why, size_t why_size);

/* Check the option names against the levels; 0, or -1 with why set. */
int rd_filter_finish(struct rd_filter *f, char *why, size_t why_size);

/* Whether any filter is set. */
bool rd_filter_active(const struct rd_filter *f);

/* Whether the event passes every filter. */
bool rd_filter_match(const struct rd_filter *f, const struct soe_event *ev);

#endif /* RD_FILTER_H */
