#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# audit.sh READER MKCAPTURE: sockopt-reader --audit over the capture of
# "mkcapture -a" (tests/unit/mkcapture.c): only the tagged events, with the
# tags written out here, and every loss record; with the filters, --count,
# standard input and --device; and "tags" in every JSON line without it.
# Prints the lines of tests/tap.sh.
set -u
reader=$1
mkcapture=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../tap.sh"

"$mkcapture" -a >"$tmp/cap.bin" || exit 1

# run NAME ARGS...: the reader's lines in $tmp/out; fails NAME unless it
# exits 0 with nothing on stderr.
run() {
	local name=$1 status
	shift
	"$reader" --utc "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then
		return 0
	fi
	tap_fail "$name" "exit status $status, stderr:" "$(head -c 300 "$tmp/err")"
	return 1
}

# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1" "got: $(echo "$2" | tr '\n' ' ' | cut -c1-300)" \
			"want: $(echo "$3" | tr '\n' ' ')"
	fi
}

# Each JSON line as "seq tags" (or "seq lost N").
seq_tags() {
	sed -E 's/.*"seq":([0-9]+).*"tags":\[([^]]*)\]\}$/\1 \2/;
		s/.*"seq":([0-9]+),"lost":([0-9]+)\}$/\1 lost \2/' "$1"
}

# The capture: seq 0 SO_REUSEADDR, 1 SO_PRIORITY 6, 2 SO_PRIORITY 7,
# 3 a loss of 2, 4 SO_ATTACH_FILTER on a packet socket, 5 TCP_MD5SIG
# redacted, 6 netlink SOCK_RAW, 7 IP_TRANSPARENT 1 on a raw socket,
# 8 IP_TRANSPARENT 0.
all='0 
1 
2 "privileged"
3 lost 2
4 "socket_filter","raw_socket"
5 "redacted"
6 
7 "privileged","raw_socket"
8 '
audit='2 "privileged"
3 lost 2
4 "socket_filter","raw_socket"
5 "redacted"
7 "privileged","raw_socket"'

if run "json: tags in every event line" --format json "$tmp/cap.bin"; then
	same "json: tags in every event line, [] when none" "$(seq_tags "$tmp/out")" "$all"
	cp "$tmp/out" "$tmp/all.json"
fi
if run "json --audit" --audit --format json "$tmp/cap.bin"; then
	same "json --audit: the tagged events and the loss, nothing else" \
		"$(seq_tags "$tmp/out")" "$audit"
	same "json --audit: the same lines as without it" \
		"$(cat "$tmp/out")" "$(grep -v '"tags":\[\]' "$tmp/all.json")"
fi

if run "text" "$tmp/cap.bin"; then
	cp "$tmp/out" "$tmp/all.text"
	same "text: tags= on the tagged lines only" \
		"$(grep -o ' tags=.*' "$tmp/out")" \
		" tags=privileged
 tags=socket_filter|raw_socket
 tags=redacted
 tags=privileged|raw_socket"
fi
if run "text --audit" --audit "$tmp/cap.bin"; then
	same "text --audit: the lines with tags= and the loss line" \
		"$(cat "$tmp/out")" "$(grep ' tags=\| lost ' "$tmp/all.text")"
	same "text --audit: the BPFDoor-like attach" \
		"$(grep -o 'bpfdoor .*' "$tmp/out" | sed 's/  */ /g')" \
		"bpfdoor 412/412 0 5 SOL_SOCKET SO_ATTACH_FILTER=hex:1e000000000000000000000000000000 AF_PACKET SOCK_RAW ETH_P_IP local=ifindex:0,protocol:ETH_P_IP state=0 inode=48213 ppid=1 netcaps=admin,raw cgroup=7315 optlen=16 flags=optval_pointer tags=socket_filter|raw_socket"
fi

if run "--audit with --comm" --audit --format json --comm proxy "$tmp/cap.bin"; then
	same "--audit with --comm: tagged and of that task; the loss" \
		"$(seq_tags "$tmp/out")" '3 lost 2
7 "privileged","raw_socket"'
fi
if run "--audit with --optname" --audit --format json --optname SO_PRIORITY "$tmp/cap.bin"; then
	same "--audit with --optname: SO_PRIORITY 7, not 6" \
		"$(seq_tags "$tmp/out")" '2 "privileged"
3 lost 2'
fi
if run "--audit, nothing tagged passes" --audit --comm nginx --optname SO_REUSEADDR "$tmp/cap.bin"; then
	same "--audit, no event passes: the loss line still" \
		"$(sed 's/^[^ ]* //' "$tmp/out")" "lost 2 events"
fi
if run "--audit --count 2" --audit --format json --count 2 "$tmp/cap.bin"; then
	same "--audit --count 2: two tagged events, the loss between them" \
		"$(seq_tags "$tmp/out")" '2 "privileged"
3 lost 2
4 "socket_filter","raw_socket"'
fi
if run "--audit from standard input" --audit --format json - <"$tmp/cap.bin"; then
	same "--audit from standard input" "$(seq_tags "$tmp/out")" "$audit"
fi
# --device reads a path as the device (read(), not a capture file's path).
if run "--audit --device" --audit --format json --device "$tmp/cap.bin"; then
	same "--audit through --device" "$(seq_tags "$tmp/out")" "$audit"
fi

tap_status
