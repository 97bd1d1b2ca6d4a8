/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small kselftest-style TAP harness: each test is a function; a failed
 * check prints a "# file:line: ..." diagnostic and fails the test, which
 * runs on to its end.  tap_run() prints "TAP version 13", the plan, one
 * "ok N name" / "not ok N name" / "ok N name # SKIP why" line per test and
 * "N passed, N failed", and returns the exit status.
 */
#ifndef SOE_TAP_H
#define SOE_TAP_H

#include <stdbool.h>
#include <stddef.h>

struct tap_test {
	const char *name;
	void (*fn)(void);
};

#define TAP_TESTS(list)	{ list, sizeof(list) / sizeof((list)[0]) }

struct tap_group {
	const struct tap_test *tests;
	size_t count;
};

int tap_run(const struct tap_group *groups, size_t ngroups, const char *prefix);

/* Mark the running test skipped, with a reason. */
void tap_skip(const char *why);

bool tap_check(bool ok, const char *file, int line, const char *what);
bool tap_check_str(const char *got, const char *want, const char *file, int line,
		   const char *what);
bool tap_check_int(long long got, long long want, const char *file, int line,
		   const char *what);

#define CHECK(cond)		tap_check((cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want)	tap_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want)	tap_check_int((got), (want), __FILE__, __LINE__, #got)

#endif /* SOE_TAP_H */
