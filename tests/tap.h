/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * tap.h: the test results of every C test, the reader's unit tests
 * (tests/unit) and the guest programs (tests/vm/progs), the way the
 * kernel's kselftest.h is for kselftest.  One line per test, unnumbered:
 *
 *	ok - NAME
 *	not ok - NAME: why
 *	ok - NAME # SKIP why
 *	# anything else
 *
 * tests/tap.awk numbers the whole stream once and closes it with "N passed,
 * N failed"; tests/tap.sh and tests/tap.py print the same lines from shell
 * and Python.  The line printers are header-only, so that a guest program
 * stays one .c file; the unit tests' harness (tap_run_tests() and the
 * CHECK macros) is in tests/unit/tap.c.
 */
#ifndef SOE_TAP_H
#define SOE_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Whether a test of this program failed; main() returns tap_status(). */
static int tap_failed;

/* Each line is flushed at once: a program that forks prints it only once. */
static inline __attribute__((format(printf, 3, 0)))
bool tap_vresult(bool ok, const char *name, const char *fmt, va_list ap)
{
	if (ok) {
		printf("ok - %s\n", name);
	} else {
		tap_failed = 1;
		printf("not ok - %s", name);
		if (fmt && *fmt) {
			printf(": ");
			vprintf(fmt, ap);
		}
		printf("\n");
	}
	fflush(stdout);
	return ok;
}

/* ok - NAME, or not ok - NAME: why, why made of fmt; returns ok. */
static inline __attribute__((format(printf, 3, 4)))
bool tap_result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(ok, name, fmt, ap);
	va_end(ap);
	return ok;
}

static inline void tap_ok(const char *name)
{
	tap_result(true, name, NULL);
}

static inline __attribute__((format(printf, 2, 3)))
void tap_fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(false, name, fmt, ap);
	va_end(ap);
}

/* A test that did not run, and why (a skip without a reason fails). */
static inline __attribute__((format(printf, 2, 3)))
void tap_skip(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("ok - %s # SKIP ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* A "# " line: what a test did, or a diagnostic. */
static inline __attribute__((format(printf, 1, 2)))
void tap_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline int tap_status(void)
{
	return tap_failed ? 1 : 0;
}

/*
 * The unit tests' harness (tests/unit/tap.c): each test is a function; a
 * failed CHECK prints a "# file:line: ..." note and fails the test, which
 * runs on to its end.  tap_run_tests() runs every test of every group,
 * prints one line for each and returns the exit status.
 */
struct tap_test {
	const char *name;
	void (*fn)(void);
};

#define TAP_TESTS(list)	{ list, sizeof(list) / sizeof((list)[0]) }

struct tap_group {
	const struct tap_test *tests;
	size_t count;
};

int tap_run_tests(const struct tap_group *groups, size_t ngroups);

bool tap_check(bool ok, const char *file, int line, const char *what);
bool tap_check_str(const char *got, const char *want, const char *file, int line,
		   const char *what);
bool tap_check_int(long long got, long long want, const char *file, int line,
		   const char *what);

#define CHECK(cond)		tap_check((cond), __FILE__, __LINE__, #cond)
#define CHECK_STR(got, want)	tap_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(got, want)	tap_check_int((got), (want), __FILE__, __LINE__, #got)

#endif /* SOE_TAP_H */
