#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# run.sh LABEL COMMAND [LABEL COMMAND]...: run each command, which prints
# TAP, and merge what they print into one kselftest-style stream: one
# "TAP version 13", the test lines numbered in one sequence, other lines as
# "# " comments, then "1..N" and "N passed, N failed".  A command that fails
# without a "not ok" line of its own (a crash, a sanitizer report) counts as
# one failed test.  Exits 1 when anything failed.
set -u
shopt -s lastpipe

n=0 pass=0 fail=0 skip=0
echo "TAP version 13"
while [ $# -ge 2 ]; do
	label=$1 command=$2
	shift 2
	part_fail=0
	bash -c "$command" 2>&1 | while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ (.*)$ ]]; then
			n=$((n + 1))
			if [ -n "${BASH_REMATCH[1]}" ]; then
				fail=$((fail + 1))
				part_fail=$((part_fail + 1))
				echo "not ok $n ${BASH_REMATCH[2]}"
			else
				case ${BASH_REMATCH[2]} in
				*"# SKIP"*) skip=$((skip + 1)) ;;
				*) pass=$((pass + 1)) ;;
				esac
				echo "ok $n ${BASH_REMATCH[2]}"
			fi
		elif [[ $line =~ ^(TAP\ version|1\.\.[0-9]+$|[0-9]+\ passed,) ]]; then
			:
		elif [[ $line == "#"* ]]; then
			echo "$line"
		else
			echo "# $line"
		fi
	done
	status=${PIPESTATUS[0]}
	if [ "$status" != 0 ] && [ "$part_fail" = 0 ]; then
		n=$((n + 1))
		fail=$((fail + 1))
		echo "not ok $n $label: exited with status $status"
	fi
done
echo "1..$n"
if [ "$skip" != 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
