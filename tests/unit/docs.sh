#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# docs.sh READER_DIR: the man pages format without a warning, name
# what the code has (the reader's options and JSON keys, the module's
# parameters and counters, the record's fields), and make install puts
# them in place with the binary and the record's header, which compiles
# on its own.  Prints the lines of tests/tap.sh.
set -u
dir=$(cd "$1" && pwd)
top=$(cd "$dir/../.." && pwd)
here=$(cd "$(dirname "$0")" && pwd)
reader=$dir/sockopt-reader
pages="$dir/sockopt-reader.1 $dir/sockopt_events.4"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$here/../tap.sh"

# Formatting: no warning from groff (-ww: all of them) nor from man.
for page in $pages; do
	name=$(basename "$page")
	if ! command -v groff >/dev/null; then
		tap_skip "$name: groff -man -ww, no warning" "no groff (Debian: apt-get install groff-base)"
	elif groff -man -Tutf8 -ww -z "$page" >"$tmp/err" 2>&1 && [ ! -s "$tmp/err" ]; then
		tap_ok "$name: groff -man -ww, no warning"
	else
		tap_fail "$name: groff -man -ww, no warning" "$(head -n 5 "$tmp/err")"
	fi
	if ! command -v man >/dev/null; then
		tap_skip "$name: man -l, no warning" "no man (Debian: apt-get install man-db)"
	elif LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$tmp/out" 2>"$tmp/err" &&
		[ ! -s "$tmp/err" ] && [ -s "$tmp/out" ]; then
		tap_ok "$name: man -l, no warning"
	else
		tap_fail "$name: man -l, no warning" "$(head -n 5 "$tmp/err")"
	fi
done

# missing FILE WORD...: the words FILE does not contain, man escapes removed.
missing() {
	local file=$1 w out=
	shift
	sed 's/\\-/-/g; s/\\%//g; s/\\(dq/"/g' "$file" >"$tmp/plain"
	for w in "$@"; do
		grep -qF -- "$w" "$tmp/plain" || out="$out $w"
	done
	echo "$out"
}

# check NAME FILE WORD...
check() {
	local name=$1 file=$2 out
	shift 2
	if [ $# = 0 ]; then
		tap_fail "$name" "found nothing to look for"
		return
	fi
	out=$(missing "$file" "$@")
	[ -z "$out" ] && tap_ok "$name ($# names)" || tap_fail "$name" "missing:$out"
}

# shellcheck disable=SC2046
check "sockopt-reader.1 names every option of --help" "$dir/sockopt-reader.1" \
	$("$reader" --help | grep -oE -- '--[a-z-]+' | sort -u)

# The tags, as --help lists them from the reader's one list (tags.c): each
# has its paragraph in the page's TAGS section.
sed -n '/^\.SH TAGS/,/^\.SH [A-Z]/p' "$dir/sockopt-reader.1" >"$tmp/tags"
"$reader" --help | sed -n '/^Tags/,$p' | sed -n '2p;3s/.*://p' | sed 's/[, ]\+/\n/g' |
	grep . >"$tmp/tag-names"
out=
n=0
while read -r tag; do
	n=$((n + 1))
	grep -qE "^\.BR? (.* )?$tag( |\$)" "$tmp/tags" || out="$out $tag"
done <"$tmp/tag-names"
if [ "$n" -lt 4 ]; then
	tap_fail "sockopt-reader.1 has a paragraph for every tag of --help" \
		"found $n tags in --help"
elif [ -n "$out" ]; then
	tap_fail "sockopt-reader.1 has a paragraph for every tag of --help" "missing:$out"
else
	tap_ok "sockopt-reader.1 has a paragraph for every tag of --help ($n tags)"
fi

if [ -x "$here/mkcapture" ] && command -v python3 >/dev/null; then
	"$here/mkcapture" 2 | "$reader" --format json - | head -n 1 >"$tmp/line"
	# shellcheck disable=SC2046
	check "sockopt-reader.1 names every JSON key and argument" "$dir/sockopt-reader.1" \
		$(python3 -c 'import json, sys
ev = json.load(open(sys.argv[1]))
print(" ".join([k for k in ev] + [a["name"] for a in ev["args"]]))' "$tmp/line")
else
	tap_skip "sockopt-reader.1 names every JSON key and argument" "needs mkcapture and python3"
fi

if ls "$top"/module/*.c >/dev/null 2>&1; then
	# shellcheck disable=SC2046
	check "sockopt_events.4 names every module parameter" "$dir/sockopt_events.4" \
		$(sed -nE 's/^module_param(_cb)?\(([a-z_]+),.*/\2/p' "$top"/module/*.c | sort -u)
else
	tap_skip "sockopt_events.4 names every module parameter" "no module/ sources"
fi

# The counters, as the uapi header lists them: the device's page and --stats.
for page in sockopt_events.4 sockopt-reader.1; do
	# shellcheck disable=SC2046
	check "$page names every counter" "$dir/$page" $("$here/counters.sh" "$top/uapi/sockopt_events.h")
done

# Every field of the header, event and loss structures and their members.
# shellcheck disable=SC2046
check "sockopt_events.4 names every field of the record" "$dir/sockopt_events.4" \
	$(awk '/^struct soe_(header|event|loss|inet_addr|unix_addr|netlink_addr|packet_addr|bpf_filter|sock_filter) \{/ { on = 1; next }
	       on && /^\};/ { on = 0 }
	       on && /;/ && !/^[ \t]*\/\*/ { sub(/;.*/, ""); sub(/\[.*/, ""); n = split($0, w, /[ \t*]+/);
			   if (w[n] !~ /^(reserved[0-9]*|hdr)$/) print w[n] }' \
		"$top/uapi/sockopt_events.h" | sort -u)

# make install, from the top directory as the packaging does, into DESTDIR.
dest=$tmp/root
if make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr >"$tmp/out" 2>&1; then
	bad=
	for f in usr/bin/sockopt-reader:755 usr/share/man/man1/sockopt-reader.1:644 \
		usr/share/man/man4/sockopt_events.4:644 \
		usr/include/sockopt-events/sockopt_events.h:644; do
		mode=$(stat -c %a "$dest/${f%:*}" 2>/dev/null)
		[ "$mode" = "${f#*:}" ] || bad="$bad ${f%:*} (mode ${mode:-missing})"
	done
	cmp -s "$top/uapi/sockopt_events.h" "$dest/usr/include/sockopt-events/sockopt_events.h" ||
		bad="$bad usr/include/sockopt-events/sockopt_events.h (not uapi/sockopt_events.h)"
	[ -z "$bad" ] && tap_ok "make install DESTDIR=... PREFIX=/usr: the binary, both pages and the header" ||
		tap_fail "make install DESTDIR=... PREFIX=/usr: the binary, both pages and the header" "wrong:$bad"
else
	tap_fail "make install DESTDIR=... PREFIX=/usr: the binary, both pages and the header" "$(tail -n 3 "$tmp/out")"
fi
# The installed header serves a program of its own (the package test does
# the same with the one sockopt-events-dev installs).
echo "no $dest/usr/include/sockopt-events/sockopt_events.h" >"$tmp/out"
if [ -f "$dest/usr/include/sockopt-events/sockopt_events.h" ] &&
	${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror -I "$dest/usr/include" \
		-o "$tmp/uapi-header" "$top/tests/dkms/uapi-header.c" >"$tmp/out" 2>&1 &&
	"$tmp/uapi-header" >>"$tmp/out" 2>&1; then
	tap_ok "the header make install puts in DESTDIR compiles on its own"
else
	tap_fail "the header make install puts in DESTDIR compiles on its own" "$(tail -n 3 "$tmp/out")"
fi

tap_status
