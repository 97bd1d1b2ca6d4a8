/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result.h: one line per check for the guest test programs, "ok - NAME" or
 * "not ok - NAME: why", why made of fmt with two numbers; failed says
 * whether any check failed.  Header-only, as expect.h.
 */
#ifndef SOE_RESULT_H
#define SOE_RESULT_H

#include <stdio.h>

static int failed;

static void result(int ok, const char *name, const char *fmt, long a, long b)
{
	if (ok) {
		printf("ok - %s\n", name);
		return;
	}
	failed = 1;
	printf("not ok - %s: ", name);
	printf(fmt, a, b);
	printf("\n");
}

#endif /* SOE_RESULT_H */
