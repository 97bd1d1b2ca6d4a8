#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# cli.sh READER: the reader as a command: options, exit statuses,
# messages, input through pipes, signals.  Captures come from ./mkcapture.
# Prints the lines of tests/tap.sh.
set -u
reader=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../tap.sh"

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
	tap_fail "$name" "exit status $got, want $want" "stderr: $(head -c 300 "$tmp/err")"
	return 1
}

# same NAME FILE WANT-TEXT: FILE holds exactly WANT-TEXT (and a newline).
same() {
	if [ "$(cat "$2")" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1" "got:  $(head -c 300 "$2")" "want: $3"
	fi
}

./mkcapture 24 >"$tmp/cap.bin" || exit 1

if expect "--help" 0 "$reader" --help; then
	missing=
	for o in --format --utc --count --audit --pid --comm --uid --family --level --optname \
		--stats --device --mmap --state --help --version; do
		grep -q -- "$o" "$tmp/out" || missing="$missing $o"
	done
	if ! grep -q '^Usage: sockopt-reader \[OPTIONS\] \[FILE\]' "$tmp/out" || [ -s "$tmp/err" ]; then
		tap_fail "--help" "no usage on stdout"
	elif [ -n "$missing" ]; then
		tap_fail "--help" "does not mention:$missing"
	else
		tap_ok "--help: usage on stdout, every option in it"
	fi
fi

if expect "--version" 0 "$reader" --version; then
	same "--version" "$tmp/out" "sockopt-reader 0.1.0 (record format versions 1 to 3)"
fi

if expect "unknown option: status 2" 2 "$reader" --frobnicate; then
	if grep -q "Try 'sockopt-reader --help'" "$tmp/err"; then
		tap_ok "unknown option: status 2"
	else
		tap_fail "unknown option: status 2" "no hint on stderr"
	fi
fi

if expect "--format xml: status 2" 2 "$reader" --format xml "$tmp/cap.bin"; then
	same "--format xml: status 2" "$tmp/err" "sockopt-reader: unknown format 'xml' (text or json)
Try 'sockopt-reader --help' for more information."
fi

for count in 0 -1 abc 3x; do
	expect "--count $count: status 2" 2 "$reader" --count "$count" "$tmp/cap.bin" &&
		tap_ok "--count $count: status 2"
done

expect "two inputs: status 2" 2 "$reader" "$tmp/cap.bin" "$tmp/cap.bin" &&
	tap_ok "two inputs: status 2"

if expect "--mmap with a capture: status 2" 2 "$reader" --mmap "$tmp/cap.bin"; then
	same "--mmap with a capture: status 2" "$tmp/err" "sockopt-reader: --mmap maps the device's ring; '$tmp/cap.bin' is a capture
Try 'sockopt-reader --help' for more information."
fi
if expect "--mmap of a file that is no device: status 1" 1 "$reader" --mmap --device "$tmp/cap.bin"; then
	same "--mmap of a file that is no device: status 1" "$tmp/err" \
		"sockopt-reader: cannot map $tmp/cap.bin: Inappropriate ioctl for device (not the sockopt_events device)"
fi

if expect "--state with a capture: status 2" 2 "$reader" --state "$tmp/state" "$tmp/cap.bin"; then
	same "--state with a capture: status 2" "$tmp/err" "sockopt-reader: --state keeps a position in the device's ring; '$tmp/cap.bin' is a capture
Try 'sockopt-reader --help' for more information."
fi
if expect "--state with a file that is no device: status 1" 1 "$reader" --state "$tmp/state" --device "$tmp/cap.bin"; then
	if [ -e "$tmp/state" ]; then
		tap_fail "--state with a file that is no device: status 1" "a state file was written"
	else
		same "--state with a file that is no device: status 1" "$tmp/err" \
			"sockopt-reader: cannot ask $tmp/cap.bin which load of the module it is: Inappropriate ioctl for device"
	fi
fi

if expect "missing file: status 1" 1 "$reader" "$tmp/none.bin"; then
	same "missing file: status 1" "$tmp/err" \
		"sockopt-reader: cannot open $tmp/none.bin: No such file or directory"
fi

# The same lines from a file, from standard input and through a pipe fed
# one byte per write.
for format in text json; do
	expect "$format: file" 0 "$reader" --utc --format "$format" "$tmp/cap.bin" || continue
	cp "$tmp/out" "$tmp/file.$format"
	if [ "$(wc -l <"$tmp/out")" = 24 ] && [ ! -s "$tmp/err" ]; then
		tap_ok "$format: file gives 24 lines"
	else
		tap_fail "$format: file gives 24 lines" "$(wc -l <"$tmp/out") lines"
	fi
	if expect "$format: stdin" 0 sh -c '"$1" --utc --format "$2" - <"$3"' sh \
		"$reader" "$format" "$tmp/cap.bin"; then
		cmp -s "$tmp/out" "$tmp/file.$format" && tap_ok "$format: - reads stdin, same lines" ||
			tap_fail "$format: - reads stdin, same lines"
	fi
	if expect "$format: byte by byte" 0 sh -c \
		'dd if="$3" bs=1 status=none | "$1" --utc --format "$2" -' sh \
		"$reader" "$format" "$tmp/cap.bin"; then
		cmp -s "$tmp/out" "$tmp/file.$format" &&
			tap_ok "$format: a pipe fed one byte per write, same lines" ||
			tap_fail "$format: a pipe fed one byte per write, same lines"
	fi
done

if command -v python3 >/dev/null; then
	if python3 -c 'import json, sys
keys = ["timestamp", "processorId", "processId", "threadId", "parentProcessId",
        "hostProcessId", "hostThreadId", "hostParentProcessId", "userId",
        "effectiveUserId", "groupId", "effectiveGroupId", "capEffective", "netCaps", "processName", "cgroupId",
        "pidNamespace", "netNamespace", "userNamespace", "utsNamespace",
        "cgroupNamespace", "eventName", "syscall", "seq", "returnValue", "lsmReturnValue", "args", "tags"]
args = ["sockfd", "level", "optname", "optlen", "optval", "optval_hex", "local_addr",
        "remote_addr", "sock_type", "protocol", "sock_state", "socket_inode", "flags"]
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    ev = json.loads(line)
    if ev["eventName"] == "lost":
        continue
    if list(ev) != keys:
        sys.exit(f"line {n}: keys {list(ev)}")
    if [a["name"] for a in ev["args"]] != args:
        sys.exit("line %d: args %s" % (n, [a["name"] for a in ev["args"]]))' \
		"$tmp/file.json" 2>"$tmp/err"; then
		tap_ok "json: every line parses, keys and args in order (python3)"
	else
		tap_fail "json: every line parses, keys and args in order (python3)" "$(tail -n 1 "$tmp/err")"
	fi
else
	tap_skip "json: every line parses, keys and args in order (python3)" "no python3"
fi

same "text: first line" <(head -n 1 "$tmp/file.text") \
	"2026-11-28T11:36:29.123456789Z nginx                    412/412      0    3 SOL_SOCKET SO_REUSEADDR=1 AF_INET SOCK_STREAM IPPROTO_TCP local=0.0.0.0:0 remote=0.0.0.0:0 state=CLOSE inode=48213 ppid=1 netcaps=admin,raw cgroup=7315 optlen=4"
same "text: loss line" <(sed -n 6p "$tmp/file.text") \
	"2026-11-28T11:36:29.123457789Z lost 17 events"
same "text: SO_LINGER decoded" <(sed -n 4p "$tmp/file.text" | grep -o 'SOL_SOCKET SO_LINGER=[^ ]*') \
	"SOL_SOCKET SO_LINGER={l_onoff=1,l_linger=7}"
same "text: io_uring" <(sed -n 11p "$tmp/file.text" | cut -c32-) \
	"nginx                    412/412      0   -1 SOL_SOCKET SO_REUSEADDR AF_INET SOCK_STREAM IPPROTO_TCP local=0.0.0.0:0 remote=0.0.0.0:0 state=CLOSE inode=48213 ppid=1 netcaps=admin,raw cgroup=7315 optlen=0 via=io_uring"
same "json: first line" <(head -n 1 "$tmp/file.json") \
	'{"timestamp":1795865789123456789,"processorId":1,"processId":412,"threadId":412,"parentProcessId":1,"hostProcessId":412,"hostThreadId":412,"hostParentProcessId":1,"userId":0,"effectiveUserId":0,"groupId":0,"effectiveGroupId":0,"capEffective":"000001ffffffffff","netCaps":{"netns":["CAP_NET_ADMIN","CAP_NET_RAW"],"init":["CAP_NET_ADMIN","CAP_NET_RAW"]},"processName":"nginx","cgroupId":7315,"pidNamespace":4026531836,"netNamespace":4026531840,"userNamespace":4026531837,"utsNamespace":4026531838,"cgroupNamespace":4026531835,"eventName":"security_socket_setsockopt","syscall":"setsockopt","seq":0,"returnValue":null,"lsmReturnValue":null,"args":[{"name":"sockfd","type":"int","value":3},{"name":"level","type":"int","value":"SOL_SOCKET"},{"name":"optname","type":"int","value":"SO_REUSEADDR"},{"name":"optlen","type":"int","value":4},{"name":"optval","type":"void*","value":1},{"name":"optval_hex","type":"bytes","value":"01000000"},{"name":"local_addr","type":"struct sockaddr*","value":{"sa_family":"AF_INET","sin_addr":"0.0.0.0","sin_port":"0"}},{"name":"remote_addr","type":"struct sockaddr*","value":{"sa_family":"AF_INET","sin_addr":"0.0.0.0","sin_port":"0"}},{"name":"sock_type","type":"int","value":"SOCK_STREAM"},{"name":"protocol","type":"int","value":"IPPROTO_TCP"},{"name":"sock_state","type":"int","value":"CLOSE"},{"name":"socket_inode","type":"u64","value":48213},{"name":"flags","type":"string","value":""}],"tags":[]}'

if expect "text: local time by default" 0 env TZ=UTC0 "$reader" "$tmp/cap.bin"; then
	same "text: local time by default" <(head -c 36 "$tmp/out") "2026-11-28T11:36:29.123456789+00:00 "
fi
if expect "text: local time with its offset" 0 env TZ=SOE-5:45 "$reader" "$tmp/cap.bin"; then
	same "text: local time with its offset" <(sed -n 6p "$tmp/out") "2026-11-28T17:21:29.123457789+05:45 lost 17 events"
fi

# Filters: the capture's records are kinds 0-11 twice (see mkcapture.c);
# record 5 is a loss, which every filter lets through.
# filter NAME WANT-RECORDS OPTIONS...: the lines are those of those records.
filter() {
	local name=$1 records=$2
	shift 2
	expect "$name" 0 "$reader" --utc "$@" "$tmp/cap.bin" || return
	local want=
	for r in $records; do
		want="$want$(sed -n "${r}p" "$tmp/file.text")
"
	done
	if [ "$(cat "$tmp/out")
" = "$want" ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "got $(wc -l <"$tmp/out") lines:" "$(cut -c1-200 "$tmp/out")"
	fi
}
filter "--pid: the host pid" "6 12 24" --pid 9412
filter "--uid, repeated and comma-separated" "6 12 24" --uid 1000 --uid 5,6
filter "--comm: whole task names, \\\\ a backslash" "6 18" --comm 'we"ird\\'$'\x1b\xc3\xa9'
filter "--comm: the name as text output writes it (\\xNN)" "6 18" --comm 'we\x22ird\x5c\x1b\xc3\xa9'
filter "--family inet6,PF_PACKET" "3 6 10 15 22" --family inet6,PF_PACKET
filter "--level SOL_TCP" "2 6 9 14 21" --level SOL_TCP
filter "--optname by name, any level" "3 6 15" --optname so_rcvbuf
filter "--optname by number, any level" "3 6 10 15 22" --optname 8
filter "--optname within --level" "6 10 22" --optname 8 --level SOL_PACKET
filter "--optname with two levels" "2 3 6 14 15" --level 6,1 --optname TCP_NODELAY,SO_RCVBUF
filter "--count counts the events printed" "3 6 10" --optname 8 --count 2
# --audit: the tagged events (records 9 and 11 of each 12: a packet and an
# AF_XDP socket, raw_socket), and the loss; with a filter too.
filter "--audit: the tagged events and the loss" "6 10 12 22 24" --audit
filter "--audit with --family" "6 10 22" --audit --family packet

# A task name with a comma: record 1's comm made "a,b" in a copy.
cp "$tmp/cap.bin" "$tmp/comma.bin"
printf 'a,b\0' | dd of="$tmp/comma.bin" bs=1 seek=140 conv=notrunc status=none
if expect "--comm 'a\\,b': a name with a comma" 0 "$reader" --utc --comm 'a\,b' "$tmp/comma.bin"; then
	if [ "$(grep -c ' a,b  ' "$tmp/out")" = 1 ] && [ "$(grep -vc ' lost ' "$tmp/out")" = 1 ]; then
		tap_ok "--comm 'a\\,b': a name with a comma"
	else
		tap_fail "--comm 'a\\,b': a name with a comma" "$(cut -c1-120 "$tmp/out")"
	fi
fi
if expect "--comm a,b: two names, neither matches" 0 "$reader" --utc --comm a,b "$tmp/comma.bin"; then
	[ "$(grep -vc ' lost ' "$tmp/out")" = 0 ] && tap_ok "--comm a,b: two names, neither matches" ||
		tap_fail "--comm a,b: two names, neither matches" "$(cut -c1-120 "$tmp/out")"
fi
if expect "--comm with a stray backslash: status 2" 2 "$reader" --comm 'a\b' "$tmp/cap.bin"; then
	same "--comm with a stray backslash: status 2" <(head -n 1 "$tmp/err") \
		"sockopt-reader: --comm 'a\b': a backslash must be followed by ',', '\' or xNN (a byte, not 00)"
fi

if expect "--optname not at --level: status 2" 2 "$reader" --level SOL_SOCKET --optname TCP_NODELAY "$tmp/cap.bin"; then
	same "--optname not at --level: status 2" "$tmp/err" "sockopt-reader: --optname: no option 'TCP_NODELAY' at the --level given
Try 'sockopt-reader --help' for more information."
fi
if expect "--family unknown: status 2" 2 "$reader" --family AF_NOPE "$tmp/cap.bin"; then
	same "--family unknown: status 2" <(head -n 1 "$tmp/err") "sockopt-reader: --family: unknown address family 'AF_NOPE'"
fi
if expect "--pid not a number: status 2" 2 "$reader" --pid 12x "$tmp/cap.bin"; then
	same "--pid not a number: status 2" <(head -n 1 "$tmp/err") "sockopt-reader: --pid wants numbers, not '12x'"
fi

head -c $((5 * 256 + 17)) "$tmp/cap.bin" >"$tmp/short.bin"
if expect "truncated capture: status 1" 1 "$reader" --utc "$tmp/short.bin"; then
	if cmp -s "$tmp/out" <(head -n 5 "$tmp/file.text"); then
		same "truncated capture: the 5 whole records, then the offset" "$tmp/err" \
			"sockopt-reader: record at byte offset 1280: the input ends 17 bytes into this 256-byte record"
	else
		tap_fail "truncated capture: the 5 whole records, then the offset" "stdout differs"
	fi
fi

./mkcapture -m 4 12 >"$tmp/bad.bin"
if expect "bad magic: status 1" 1 "$reader" --utc "$tmp/bad.bin"; then
	if cmp -s "$tmp/out" <(head -n 4 "$tmp/file.text"); then
		same "bad magic: 4 lines, then the error" "$tmp/err" \
			"sockopt-reader: record at byte offset 1024: bad magic 0x12345678 (expected 0x56454f53)"
	else
		tap_fail "bad magic: 4 lines, then the error" "stdout differs"
	fi
fi

./mkcapture -v 3 12 >"$tmp/newer.bin"
if expect "unknown record version: status 1" 1 "$reader" --utc "$tmp/newer.bin"; then
	if cmp -s "$tmp/out" <(head -n 3 "$tmp/file.text"); then
		same "unknown record version: 3 lines, then both versions named" "$tmp/err" \
			"sockopt-reader: record at byte offset 768: record version 4, this reader understands versions 1 to 3"
	else
		tap_fail "unknown record version: 3 lines, then both versions named" "stdout differs"
	fi
fi

# Records 0-4 are events, 5 a loss: six events take seven lines.
if expect "--count 6" 0 "$reader" --utc --count 6 "$tmp/cap.bin"; then
	cmp -s "$tmp/out" <(head -n 7 "$tmp/file.text") && tap_ok "--count 6: six events and the loss" ||
		tap_fail "--count 6: six events and the loss" "$(wc -l <"$tmp/out") lines"
fi

# A reader of the output that goes away: status 0, nothing on stderr.
./mkcapture 20000 >"$tmp/big.bin"
"$reader" "$tmp/big.bin" 2>"$tmp/err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then
	tap_ok "closed output pipe (| head -1): status 0, quiet"
else
	tap_fail "closed output pipe (| head -1): status 0, quiet" "status $status" "stderr: $(head -c 200 "$tmp/err")"
fi

# Output is line-buffered even into a pipe: one record in, its line out,
# while the reader still waits for more.  FIFOs held open by this shell
# keep the reader waiting in read().
mkfifo "$tmp/in" "$tmp/outfifo"
"$reader" --utc - <"$tmp/in" >"$tmp/outfifo" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in" 4<"$tmp/outfifo"
head -c 256 "$tmp/cap.bin" >&3
if IFS= read -r -t 10 -u 4 line && [ "$line" = "$(head -n 1 "$tmp/file.text")" ]; then
	tap_ok "line-buffered: a line is out as soon as its record is in"
else
	tap_fail "line-buffered: a line is out as soon as its record is in" "got: ${line:-nothing}"
fi

# SIGINT and SIGTERM while waiting for input: status 0, quiet.
for sig in INT TERM; do
	if [ "$sig" = TERM ]; then
		"$reader" - <"$tmp/in" >/dev/null 2>"$tmp/err" &
		pid=$!
	fi
	sleep 0.3
	kill -"$sig" "$pid"
	wait "$pid"
	status=$?
	if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then
		tap_ok "SIG$sig: status 0, quiet"
	else
		tap_fail "SIG$sig: status 0, quiet" "status $status" "stderr: $(head -c 200 "$tmp/err")"
	fi
done
exec 3>&- 4<&-

# The device.  --device names another path, for the cases this machine
# cannot make with the real one.
if expect "device missing: the message says to load the module" 1 "$reader" --device "$tmp/nodev"; then
	same "device missing: the message says to load the module" "$tmp/err" \
		"sockopt-reader: cannot open $tmp/nodev (No such file or directory): load the module first, with 'modprobe sockopt_events' or 'insmod sockopt_events.ko'"
fi
if [ -e /dev/sockopt_events ]; then
	tap_skip "no /dev/sockopt_events: the message says to load the module" "/dev/sockopt_events exists"
elif expect "no /dev/sockopt_events: the message says to load the module" 1 "$reader"; then
	grep -q "modprobe sockopt_events" "$tmp/err" &&
		tap_ok "no /dev/sockopt_events: the message says to load the module" ||
		tap_fail "no /dev/sockopt_events: the message says to load the module" "stderr: $(cat "$tmp/err")"
fi

# Permission denied: a mode-0600 node of root's, opened by another user.
: >"$tmp/dev0600"
chmod 0600 "$tmp/dev0600"
chmod 0755 "$tmp"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
	cp "$reader" "$tmp/reader-copy" && chmod 0755 "$tmp/reader-copy"
	other_reader=$tmp/reader-copy
elif [ "$(id -u)" != 0 ]; then
	chmod 0000 "$tmp/dev0600"
	as_other=
	other_reader=$reader
else
	as_other=none
fi
if [ "$as_other" = none ]; then
	tap_skip "permission denied: the message says it needs root" "root without setpriv"
elif expect "permission denied: the message says it needs root" 1 $as_other "$other_reader" --device "$tmp/dev0600"; then
	same "permission denied: the message says it needs root" "$tmp/err" \
		"sockopt-reader: cannot open $tmp/dev0600 (Permission denied): reading events needs root (CAP_SYS_ADMIN, or CAP_PERFMON on Linux 5.8 and later)"
fi
chmod 0700 "$tmp"

# --stats
if [ -d /sys/class/misc/sockopt_events ]; then
	if expect "--stats: the module's counters" 0 "$reader" --stats; then
		[ "$(cut -d' ' -f1 "$tmp/out")" = "$("$here/counters.sh")" ] &&
			tap_ok "--stats: the module's counters" ||
			tap_fail "--stats: the module's counters" "$(cat "$tmp/out")"
	fi
elif expect "--stats without the module: status 1, load it" 1 "$reader" --stats; then
	grep -q "load the module first, with 'modprobe sockopt_events'" "$tmp/err" &&
		tap_ok "--stats without the module: status 1, load it" ||
		tap_fail "--stats without the module: status 1, load it" "stderr: $(cat "$tmp/err")"
fi
if expect "--stats --device FILE: the ioctl fails, status 1" 1 "$reader" --stats --device "$tmp/cap.bin"; then
	same "--stats --device FILE: the ioctl fails, status 1" "$tmp/err" \
		"sockopt-reader: cannot read the counters from $tmp/cap.bin: Inappropriate ioctl for device"
fi
expect "--stats FILE: status 2" 2 "$reader" --stats "$tmp/cap.bin" && tap_ok "--stats FILE: status 2"

tap_status
