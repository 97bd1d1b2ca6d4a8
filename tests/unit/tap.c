// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <stdio.h>
#include <string.h>

#include "tap.h"

static bool failed;
static const char *skipped;

void tap_skip(const char *why)
{
	skipped = why;
}

bool tap_check(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		printf("# %s:%d: check failed: %s\n", file, line, what);
		failed = true;
	}
	return ok;
}

/* A string on one diagnostic line, with its control bytes made visible. */
static void show(const char *label, const char *s)
{
	printf("#   %s ", label);
	if (!s) {
		printf("(null)\n");
		return;
	}
	putchar('\'');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '\n')
			printf("\\n");
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("'\n");
}

bool tap_check_str(const char *got, const char *want, const char *file, int line,
		   const char *what)
{
	if (got && want && !strcmp(got, want))
		return true;
	printf("# %s:%d: %s differs\n", file, line, what);
	show("got: ", got);
	show("want:", want);
	failed = true;
	return false;
}

bool tap_check_int(long long got, long long want, const char *file, int line,
		   const char *what)
{
	if (got == want)
		return true;
	printf("# %s:%d: %s is %lld, want %lld\n", file, line, what, got, want);
	failed = true;
	return false;
}

int tap_run(const struct tap_group *groups, size_t ngroups, const char *prefix)
{
	size_t g, i, n = 0, pass = 0, fail = 0, skip = 0;

	for (g = 0; g < ngroups; g++)
		n += groups[g].count;
	printf("TAP version 13\n1..%zu\n", n);
	fflush(stdout);
	n = 0;
	for (g = 0; g < ngroups; g++) {
		for (i = 0; i < groups[g].count; i++) {
			const struct tap_test *t = &groups[g].tests[i];

			failed = false;
			skipped = NULL;
			t->fn();
			n++;
			if (failed) {
				printf("not ok %zu %s%s\n", n, prefix, t->name);
				fail++;
			} else if (skipped) {
				printf("ok %zu %s%s # SKIP %s\n", n, prefix, t->name, skipped);
				skip++;
			} else {
				printf("ok %zu %s%s\n", n, prefix, t->name);
				pass++;
			}
			fflush(stdout);
		}
	}
	printf("%zu passed, %zu failed", pass, fail);
	if (skip)
		printf(", %zu skipped", skip);
	printf("\n");
	return fail ? 1 : 0;
}
