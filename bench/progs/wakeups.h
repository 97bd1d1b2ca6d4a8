/* SPDX-License-Identifier: GPL-2.0 */
/* The bench programs' own count of times they slept. */
#ifndef SOE_BENCH_WAKEUPS_H
#define SOE_BENCH_WAKEUPS_H

#include <stdio.h>

/* The times this process slept, from /proc/self/status. */
static inline unsigned long long wakeups(void)
{
	unsigned long long n = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %llu", &n) == 1)
			break;
	fclose(f);
	return n;
}

#endif
