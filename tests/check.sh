#!/bin/bash
# make check: every test.  Prints kselftest-style TAP and ends with the line
# "N passed, N failed"; exits non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

tests/deps.sh || exit 1

suite() {
	tests/host/run.sh
	tests/vm/run.sh
}
suite 2>&1 | awk -f tests/tap.awk
