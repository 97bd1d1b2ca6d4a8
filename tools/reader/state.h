/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * --state FILE: where the reader stopped, so that a restarted reader goes
 * on from there instead of printing the whole ring again.  The file is
 * text, two lines:
 *
 *	load_id 2893311547
 *	next_seq 4711
 *
 * load_id is the module's (SOE_IOC_INFO: one random number per load);
 * next_seq is one past the seq of the last record handled (printed, or
 * skipped by a filter).  A record's seq means something only within one
 * load, so the position is used only when the module gives the same
 * nonzero load_id.  The file is replaced whole (a temporary file, then
 * rename()), so it is always one state or the one before.
 */
#ifndef SOE_STATE_H
#define SOE_STATE_H

#include <stddef.h>
#include <stdint.h>

struct soe_state {
	uint32_t load_id;
	uint64_t next_seq;
};

/*
 * Read the state at path: 0; ENOENT when there is no file (a first run);
 * EINVAL when it is not a state file (why says what is wrong); another
 * errno when it cannot be read.
 */
int soe_state_load(const char *path, struct soe_state *st, char *why, size_t why_size);

/*
 * Write the state to tmp, flush it to disk and rename it to path: 0, or
 * -1 with errno set.  Only async-signal-safe calls, so a signal handler
 * may save on the way out; tmp is made by the caller beforehand (no
 * malloc() here) and path's directory must exist.
 */
int soe_state_save(const char *path, const char *tmp, const struct soe_state *st);

#endif /* SOE_STATE_H */
