// SPDX-License-Identifier: GPL-2.0
/*
 * soe_capexec: run a program as systemd runs a service whose unit says
 * CapabilityBoundingSet=: every capability not named is dropped from the
 * bounding set, so that root keeps only the named ones across execve().
 *
 *   soe_capexec CAP[,CAP...] PROG [ARG...]
 *
 * CAP is a capability's number (21 CAP_SYS_ADMIN, 38 CAP_PERFMON).  As
 * systemd does, a number the running kernel does not know is ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	int last = -1;

	if (!f || fscanf(f, "%d", &last) != 1)
		last = -1;
	if (f)
		fclose(f);
	return last;
}

int main(int argc, char **argv)
{
	unsigned long long keep = 0;
	char *list, *tok;
	int cap, last = last_cap();

	if (argc < 3 || last < 0) {
		fprintf(stderr, "usage: soe_capexec CAP[,CAP...] PROG [ARG...]\n");
		return 2;
	}
	list = strdup(argv[1]);
	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ","))
		keep |= 1ULL << (atoi(tok) & 63);
	for (cap = 0; cap <= last; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)) {
			perror("soe_capexec: PR_CAPBSET_DROP");
			return 1;
		}
	}
	execv(argv[2], argv + 2);
	perror("soe_capexec: execv");
	return 127;
}
