#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# run.sh PREFIX COMMAND [PREFIX COMMAND]...: run each command, which prints
# the lines of tests/tap.sh, and pass them on as they come, PREFIX before
# each name; tests/tap.awk numbers them.  A command that fails without a
# "not ok" line of its own (a crash, a sanitizer report) is one failed test
# more.  Exits 1 when anything failed.
set -u
. "$(dirname "$0")/../tap.sh"

status=0
while [ $# -ge 2 ]; do
	prefix=$1 command=$2
	shift 2
	tap_run -n "${command%% *}" "$prefix" bash -c "$command" || status=1
done
exit $status
