// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's unit tests: names, decoder, filters, counters, input loop,
 * mapping reader.  Built twice by the
 * Makefile, plain and with -fsanitize=address,undefined; TAP_PREFIX tells
 * the two runs' test names apart.
 */
#include <signal.h>

#include "tests.h"

#ifndef TAP_PREFIX
#define TAP_PREFIX ""
#endif

int main(void)
{
	const struct tap_group groups[] = {
		names_tests, decode_tests, filter_tests, stats_tests, stream_tests,
		ringmap_tests, exact_tests,
	};

	/* the EPIPE test writes into a pipe nobody reads */
	signal(SIGPIPE, SIG_IGN);
	return tap_run(groups, sizeof(groups) / sizeof(groups[0]), TAP_PREFIX);
}
