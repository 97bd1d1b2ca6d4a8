// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The unit tests' harness, declared in tests/tap.h: it prints its lines
 * with tap.h's printers.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"

/* Whether the running test failed. */
static bool failed;

bool tap_check(bool ok, const char *file, int line, const char *what)
{
	if (!ok) {
		tap_note("%s:%d: check failed: %s", file, line, what);
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
	tap_note("%s:%d: %s differs", file, line, what);
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
	tap_note("%s:%d: %s is %lld, want %lld", file, line, what, got, want);
	failed = true;
	return false;
}

int tap_run_tests(const struct tap_group *groups, size_t ngroups)
{
	size_t g, i;

	for (g = 0; g < ngroups; g++) {
		for (i = 0; i < groups[g].count; i++) {
			const struct tap_test *t = &groups[g].tests[i];

			failed = false;
			t->fn();
			tap_result(!failed, t->name, NULL);
		}
	}
	return tap_status();
}
