#!/bin/bash
# Host tests: the reader builds (dynamic and static), its unit tests pass,
# and --audit picks the tagged events of a capture (audit.sh).
# Prints the lines of tests/tap.sh.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
. tests/tap.sh
mkdir -p build
log=build/host.log

tap_check -l "$log" "host: reader builds static (make reader LDFLAGS=-static)" sh -c \
	'. tests/vm/lib.sh && soe_build_static_reader build/sockopt-reader-static &&
	 file build/sockopt-reader-static | grep -q "statically linked"'
tap_check -l "$log" "host: reader builds" make -s reader
# The unit tests print the same lines, unnumbered: tests/tap.awk numbers
# the whole suite once.
tap_run -n "make -C tests/unit tests" "unit: " make -s -C tests/unit tests
# After the unit tests, which build mkcapture.
tap_run -n "tests/host/audit.sh" "host: audit: " \
	tests/host/audit.sh tools/reader/sockopt-reader tests/unit/mkcapture
