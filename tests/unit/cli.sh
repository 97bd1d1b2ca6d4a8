#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# cli.sh READER [PREFIX]: the reader as a command: options, exit statuses,
# messages, input through pipes, signals.  Captures come from ./mkcapture.
# Prints TAP: "ok N PREFIXname", "not ok N PREFIXname", "ok N ... # SKIP why".
set -u
reader=$1
prefix=${2:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n $prefix$1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $prefix$1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n $prefix$1 # SKIP $2"; }

# expect NAME STATUS COMMAND...: the command exits with STATUS.
# Its output is left in $tmp/out and $tmp/err.
expect() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		return 0
	fi
	not_ok "$name" "exit status $got, want $want" "stderr: $(head -c 300 "$tmp/err")"
	return 1
}

# same NAME FILE WANT-TEXT: FILE holds exactly WANT-TEXT (and a newline).
same() {
	if [ "$(cat "$2")" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1" "got:  $(head -c 300 "$2")" "want: $3"
	fi
}

./mkcapture 12 >"$tmp/cap.bin" || exit 1

if expect "--help" 0 "$reader" --help; then
	if grep -q '^Usage: sockopt-reader \[OPTIONS\] \[FILE\]' "$tmp/out" && [ ! -s "$tmp/err" ]; then
		ok "--help"
	else
		not_ok "--help" "no usage on stdout"
	fi
fi

if expect "--version" 0 "$reader" --version; then
	same "--version" "$tmp/out" "sockopt-reader 0.1 (record format version 1)"
fi

if expect "unknown option: status 2" 2 "$reader" --frobnicate; then
	if grep -q "Try 'sockopt-reader --help'" "$tmp/err"; then
		ok "unknown option: status 2"
	else
		not_ok "unknown option: status 2" "no hint on stderr"
	fi
fi

if expect "--format xml: status 2" 2 "$reader" --format xml "$tmp/cap.bin"; then
	same "--format xml: status 2" "$tmp/err" "sockopt-reader: unknown format 'xml' (text or json)
Try 'sockopt-reader --help' for more information."
fi

for count in 0 -1 abc 3x; do
	expect "--count $count: status 2" 2 "$reader" --count "$count" "$tmp/cap.bin" &&
		ok "--count $count: status 2"
done

expect "two inputs: status 2" 2 "$reader" "$tmp/cap.bin" "$tmp/cap.bin" &&
	ok "two inputs: status 2"

if expect "missing file: status 1" 1 "$reader" "$tmp/none.bin"; then
	same "missing file: status 1" "$tmp/err" \
		"sockopt-reader: cannot open $tmp/none.bin: No such file or directory"
fi

# The same lines from a file, from standard input and through a pipe fed
# one byte per write.
for format in text json; do
	expect "$format: file" 0 "$reader" --utc --format "$format" "$tmp/cap.bin" || continue
	cp "$tmp/out" "$tmp/file.$format"
	if [ "$(wc -l <"$tmp/out")" = 12 ] && [ ! -s "$tmp/err" ]; then
		ok "$format: file gives 12 lines"
	else
		not_ok "$format: file gives 12 lines" "$(wc -l <"$tmp/out") lines"
	fi
	if expect "$format: stdin" 0 sh -c '"$1" --utc --format "$2" - <"$3"' sh \
		"$reader" "$format" "$tmp/cap.bin"; then
		cmp -s "$tmp/out" "$tmp/file.$format" && ok "$format: - reads stdin, same lines" ||
			not_ok "$format: - reads stdin, same lines"
	fi
	if expect "$format: byte by byte" 0 sh -c \
		'dd if="$3" bs=1 status=none | "$1" --utc --format "$2" -' sh \
		"$reader" "$format" "$tmp/cap.bin"; then
		cmp -s "$tmp/out" "$tmp/file.$format" &&
			ok "$format: a pipe fed one byte per write, same lines" ||
			not_ok "$format: a pipe fed one byte per write, same lines"
	fi
done

if command -v python3 >/dev/null; then
	if python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$tmp/file.json" 2>"$tmp/err"; then
		ok "json: every line parses (python3)"
	else
		not_ok "json: every line parses (python3)" "$(tail -n 1 "$tmp/err")"
	fi
else
	skip "json: every line parses (python3)" "no python3"
fi

same "text: first line" <(head -n 1 "$tmp/file.text") \
	"2026-11-28T11:36:29.123456789Z nginx                    412/412      0    3 SOL_SOCKET SO_REUSEADDR=1 AF_INET SOCK_STREAM IPPROTO_TCP local=0.0.0.0:0 remote=0.0.0.0:0 state=CLOSE inode=48213 ppid=1 cgroup=7315 optlen=4"
same "text: loss line" <(sed -n 6p "$tmp/file.text") \
	"2026-11-28T11:36:29.123457789Z lost 17 events"

if expect "text: local time by default" 0 env TZ=UTC0 "$reader" "$tmp/cap.bin"; then
	same "text: local time by default" <(head -c 30 "$tmp/out") "2026-11-28T11:36:29.123456789 "
fi

head -c $((5 * 256 + 17)) "$tmp/cap.bin" >"$tmp/short.bin"
if expect "capture ending inside a record: status 1" 1 "$reader" --utc "$tmp/short.bin"; then
	if cmp -s "$tmp/out" <(head -n 5 "$tmp/file.text"); then
		same "capture ending inside a record: 5 lines, then the error" "$tmp/err" \
			"sockopt-reader: record at byte offset 1280: the input ends 17 bytes into this 256-byte record"
	else
		not_ok "capture ending inside a record: 5 lines, then the error" "stdout differs"
	fi
fi

./mkcapture -m 4 12 >"$tmp/bad.bin"
if expect "bad magic: status 1" 1 "$reader" --utc "$tmp/bad.bin"; then
	if cmp -s "$tmp/out" <(head -n 4 "$tmp/file.text"); then
		same "bad magic: 4 lines, then the error" "$tmp/err" \
			"sockopt-reader: record at byte offset 1024: bad magic 0x12345678 (expected 0x56454f53)"
	else
		not_ok "bad magic: 4 lines, then the error" "stdout differs"
	fi
fi

# Records 0-4 are events, 5 a loss: six events take seven lines.
if expect "--count 6" 0 "$reader" --utc --count 6 "$tmp/cap.bin"; then
	cmp -s "$tmp/out" <(head -n 7 "$tmp/file.text") && ok "--count 6: six events and the loss" ||
		not_ok "--count 6: six events and the loss" "$(wc -l <"$tmp/out") lines"
fi

# A reader of the output that goes away: status 0, nothing on stderr.
./mkcapture 20000 >"$tmp/big.bin"
"$reader" "$tmp/big.bin" 2>"$tmp/err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then
	ok "closed output pipe: status 0, quiet"
else
	not_ok "closed output pipe: status 0, quiet" "status $status" "stderr: $(head -c 200 "$tmp/err")"
fi

# SIGINT while waiting for input: status 0, quiet.  A FIFO held open for
# writing by this shell keeps the reader waiting in read().
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo"
"$reader" "$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
status=$?
exec 3>&-
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then
	ok "SIGINT: status 0, quiet"
else
	not_ok "SIGINT: status 0, quiet" "status $status" "stderr: $(head -c 200 "$tmp/err")"
fi

if [ -e /dev/sockopt_events ]; then
	skip "no device: the message says to load the module" "/dev/sockopt_events exists"
elif expect "no device: the message says to load the module" 1 "$reader"; then
	if grep -q "modprobe sockopt_events" "$tmp/err" && grep -q "insmod sockopt_events.ko" "$tmp/err"; then
		ok "no device: the message says to load the module"
	else
		not_ok "no device: the message says to load the module" "stderr: $(cat "$tmp/err")"
	fi
fi

if [ -e /dev/sockopt_events ] && [ "$(id -u)" != 0 ]; then
	if expect "device not readable: the message says it needs root" 1 "$reader"; then
		grep -q "needs root" "$tmp/err" && ok "device not readable: the message says it needs root" ||
			not_ok "device not readable: the message says it needs root" "stderr: $(cat "$tmp/err")"
	fi
else
	skip "device not readable: the message says it needs root" "needs the device and a user other than root"
fi

[ "$failed" = 0 ]
