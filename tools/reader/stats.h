/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The module's counters, for --stats: read from sysfs, where anyone may
 * read them, or through the SOE_IOC_COUNTERS ioctl on an open device.
 */
#ifndef SOE_STATS_H
#define SOE_STATS_H

#include <stddef.h>

#include "decode.h"
#include "sockopt_events.h"

#define SOE_COUNTERS_DIR	"/sys/class/misc/" SOE_DEVICE_NAME "/counters"

/*
 * A module older than this reader has fewer counters: those it has are the
 * first *known of the list (at least the SOE_COUNTERS_SIZE_VER0 ones).
 */

/*
 * Read the counters from the files of dir (SOE_COUNTERS_DIR).  Returns 0,
 * or an errno value with why set to a sentence fragment saying what failed
 * (ENOENT: the directory or one of the first counters' files is missing).
 */
int soe_stats_read_dir(const char *dir, struct soe_counters *c, size_t *known,
		       char *why, size_t why_size);

/*
 * Read the counters from an open device; 0 or an errno value (ENOTTY: not
 * the device).
 */
int soe_stats_read_fd(int fd, struct soe_counters *c, size_t *known);

/*
 * The first known counters as lines "name value", or as one JSON object;
 * the length or -1.
 */
int soe_stats_format(const struct soe_counters *c, size_t known,
		     enum soe_format format, char *buf, size_t size);

#endif /* SOE_STATS_H */
