/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reader's own filters: which events to print.  Each filter is a list
 * of values; an event passes a filter when it matches one of the values
 * (an empty list: every event), and is printed when it passes them all.
 * Loss records are not filtered.
 *
 * soe_filter_add() takes one command-line argument, a comma-separated
 * list; soe_filter_finish() checks what can only be checked once all are
 * in (option names, looked up at the levels given).
 */
#ifndef SOE_FILTER_H
#define SOE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sockopt_events.h"

/* Values one filter holds, over all its arguments. */
#define SOE_FILTER_VALUES	64
/* The longest option name an --optname value may be. */
#define SOE_FILTER_NAME_MAX	48

enum soe_filter_key {
	SOE_FILTER_PID,		/* hostProcessId */
	SOE_FILTER_UID,		/* userId */
	SOE_FILTER_COMM,	/* processName, whole */
	SOE_FILTER_FAMILY,	/* AF_* name or number */
	SOE_FILTER_LEVEL,	/* level name or number */
	SOE_FILTER_OPTNAME,	/* option name (within the levels) or number */
	SOE_FILTER_KEYS,
};

struct soe_filter_value {
	int64_t number;
	char name[SOE_FILTER_NAME_MAX];	/* comm, or an option by name; "" when a number */
};

struct soe_filter_list {
	size_t n;
	struct soe_filter_value v[SOE_FILTER_VALUES];
};

struct soe_filter {
	struct soe_filter_list list[SOE_FILTER_KEYS];
};

void soe_filter_init(struct soe_filter *f);

/*
 * Add the values of one argument, e.g. "SOL_SOCKET,6".  Returns 0, or -1
 * with why set to a sentence fragment saying which value is wrong.
 */
int soe_filter_add(struct soe_filter *f, enum soe_filter_key key, const char *arg,
		   char *why, size_t why_size);

/* Check the option names against the levels; 0, or -1 with why set. */
int soe_filter_finish(struct soe_filter *f, char *why, size_t why_size);

/* Whether any filter is set. */
bool soe_filter_active(const struct soe_filter *f);

/* Whether the event passes every filter. */
bool soe_filter_match(const struct soe_filter *f, const struct soe_event *ev);

#endif /* SOE_FILTER_H */
