#!/bin/bash
# Host tests: the reader builds (dynamic and static) and its unit tests pass.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mkdir -p build
log=build/host.log

step() {
	local name=$1
	shift
	if "$@" >"$log" 2>&1; then
		echo "ok - host: $name"
	else
		echo "not ok - host: $name: $(tail -n 5 "$log" | tr '\n' ' ')"
		return 1
	fi
}

step "reader builds static (make reader LDFLAGS=-static)" sh -c \
	'. tests/vm/lib.sh && soe_build_static_reader build/sockopt-reader-static &&
	 file build/sockopt-reader-static | grep -q "statically linked"'
step "reader builds" make -s reader
# The unit tests print their own ok/not ok lines, numbered; renumbering is
# done once, for the whole suite.
make -s -C tests/unit check 2>&1 | sed -E \
	-e 's/^ok [0-9]+ /ok - unit: /' -e 's/^not ok [0-9]+ /not ok - unit: /' \
	-e '/^(ok|not ok) - /!s/^/# /'
[ "${PIPESTATUS[0]}" = 0 ] || echo "not ok - unit: make -C tests/unit check failed"
