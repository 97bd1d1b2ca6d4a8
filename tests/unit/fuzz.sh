#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# fuzz.sh [SECONDS]: build the libFuzzer target (clang) and run it over
# corpus/ for SECONDS (default $FUZZ_SECONDS, else 60).  Prints the lines
# of tests/tap.sh; without
# a clang that can link -fsanitize=fuzzer the tests say SKIP and why.  New
# inputs go to a scratch directory, so corpus/ stays the small committed
# seed set; a crash leaves its input in build/ under the top directory.
set -u
seconds=${1:-${FUZZ_SECONDS:-60}}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$here/../tap.sh"

names=("the committed corpus replays cleanly"
       "decoder and formatters, ${seconds} s of libFuzzer with ASan+UBSan")
skip_all() {
	for name in "${names[@]}"; do
		tap_skip "$name" "$1"
	done
	exit 0
}

cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null ||
	skip_all "no $cc (Debian: apt-get install clang libclang-rt-14-dev)"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' >"$tmp/probe.c"
"$cc" -fsanitize=fuzzer -o "$tmp/probe" "$tmp/probe.c" >"$tmp/log" 2>&1 ||
	skip_all "$cc cannot link -fsanitize=fuzzer: $(grep -m1 -i error "$tmp/log") (Debian: apt-get install libclang-rt-14-dev)"

if ! make -s fuzz-records FUZZ_CC="$cc" >"$tmp/log" 2>&1; then
	tap_fail "the fuzz target builds" "$(tail -n 5 "$tmp/log")"
	exit 1
fi

# run NAME ARGS...: the target with ARGS; its crash input, if any, is kept.
run() {
	local name=$1
	shift
	if ./fuzz-records -artifact_prefix="$tmp/" "$@" >"$tmp/log" 2>&1; then
		return 0
	fi
	local crash keep=()
	crash=$(ls "$tmp"/crash-* "$tmp"/leak-* "$tmp"/timeout-* "$tmp"/oom-* 2>/dev/null | head -n 1)
	if [ -n "$crash" ]; then
		mkdir -p ../../build
		cp "$crash" "../../build/fuzz-$(basename "$crash")"
		keep=("the input is in build/fuzz-$(basename "$crash"); replay it from the top directory with" \
		      "tests/unit/fuzz-records build/fuzz-$(basename "$crash")")
	fi
	tap_fail "$name" "${keep[@]}" "$(grep -m3 -E 'ERROR|fuzz_records:|SUMMARY' "$tmp/log" | cut -c1-300)"
	return 1
}

# Every committed input once, then the timed run from them.
run "${names[0]}" -runs=0 corpus && tap_ok "${names[0]} ($(ls corpus | wc -l) inputs)"
mkdir "$tmp/new"
if run "${names[1]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 "$tmp/new" corpus; then
	tap_ok "${names[1]}: $(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log") runs, no failure"
fi
tap_status
