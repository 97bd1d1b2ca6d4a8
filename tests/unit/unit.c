// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's unit tests: names, decoder, filters, counters, input loop,
 * mapping reader, --state, audit tags.  Built twice by the
 * Makefile, plain and with -fsanitize=address,undefined; run.sh tells the
 * two runs' test names apart.
 */
#include <signal.h>

#include "tests.h"

int main(void)
{
	const struct tap_group groups[] = {
		names_tests, decode_tests, filter_tests, stats_tests, stream_tests,
		ringmap_tests, exact_tests, state_tests, tags_tests, bpf_tests,
		result_tests,
	};

	/* the EPIPE test writes into a pipe nobody reads */
	signal(SIGPIPE, SIG_IGN);
	return tap_run_tests(groups, sizeof(groups) / sizeof(groups[0]));
}
