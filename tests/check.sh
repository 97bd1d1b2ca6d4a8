#!/bin/bash
# make check: every test.  Prints kselftest-style TAP and ends with the line
# "N passed, N failed"; exits non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

tests/kernels/deps.sh sparse perl || exit 1

suite() {
	tests/style.sh
	tests/compat/run.sh
	tests/host/run.sh
	tests/vm/run.sh
	tests/dkms/run.sh
}
suite 2>&1 | awk -f tests/tap.awk
