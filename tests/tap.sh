# SPDX-License-Identifier: GPL-2.0 OR MIT
# tap.sh: the test results of every shell script, on the host (bash) and in
# the guest (busybox sh), the way the kernel's ktap_helpers.sh is for
# kselftest.  One line per test, unnumbered:
#
#   ok - NAME
#   not ok - NAME: why
#   ok - NAME # SKIP why
#   # anything else
#
# tests/tap.awk numbers the whole stream once and closes it with
# "N passed, N failed"; tests/tap.h and tests/tap.py print the same lines
# from C and Python.  TAP_FD is where the lines go (default 1, standard
# output; the guest sets 3, its results port).
# POSIX sh but for "local", which bash, dash and busybox sh all have.
# shellcheck shell=sh disable=SC3043

# One line of at most 400 bytes, for a reason.
tap_oneline() {
	printf '%s' "$*" | tr '\n\t' '  ' | cut -c 1-400
}

tap_ok() {
	echo "ok - $1" >&"${TAP_FD:-1}"
}

# tap_fail NAME [WHY [DIAGNOSTIC...]]: WHY on the line, each DIAGNOSTIC on a
# "# " line after it.
tap_fail() {
	local _tap_name=$1 _tap_line
	shift
	tap_failures=$((${tap_failures:-0} + 1))
	if [ -z "${1:-}" ]; then
		echo "not ok - $_tap_name" >&"${TAP_FD:-1}"
	else
		echo "not ok - $_tap_name: $(tap_oneline "$1")" >&"${TAP_FD:-1}"
	fi
	[ $# = 0 ] || shift
	for _tap_line in "$@"; do
		tap_note "$_tap_line"
	done
}

# tap_skip NAME WHY: a test that did not run, and why (a skip without a
# reason counts as failed).
tap_skip() {
	echo "ok - $1 # SKIP $(tap_oneline "${2:-}")" >&"${TAP_FD:-1}"
}

# tap_note TEXT...: "# " before each of its lines.
tap_note() {
	printf '%s\n' "$*" | sed 's/^/# /' >&"${TAP_FD:-1}"
}

# tap_check [-l LOG] NAME COMMAND [ARG...]: ok when the command succeeds,
# else not ok with the end of its output, which stays in LOG.
tap_check() {
	local _tap_log=${TMPDIR:-/tmp}/tap-check.$$.log _tap_name
	if [ "$1" = -l ]; then
		_tap_log=$2
		shift 2
	fi
	_tap_name=$1
	shift
	if "$@" >"$_tap_log" 2>&1; then
		tap_ok "$_tap_name"
	else
		tap_fail "$_tap_name" "$(tail -n 5 "$_tap_log")"
		return 1
	fi
}

# tap_run [-n WHAT] PREFIX COMMAND [ARG...]: run a command that prints these
# lines (a test program, another script), and pass them on as they come,
# with PREFIX before every name and note; its other output becomes notes.
# A command that fails without a "not ok" line of its own (a crash, a
# sanitizer report, an early exit) is one failed test more, "PREFIXWHAT
# exit status" (WHAT: the command's name unless given).  Returns 1 when
# anything failed.
tap_run() {
	local _tap_what= _tap_prefix _tap_noteprefix
	if [ "$1" = -n ]; then
		_tap_what=$2
		shift 2
	fi
	_tap_prefix=$1
	shift
	_tap_what=${_tap_what:-${1##*/}}
	# Notes read "device: ..." where names read "device-NAME".
	case $_tap_prefix in
	*-) _tap_noteprefix="${_tap_prefix%-}: " ;;
	*) _tap_noteprefix=$_tap_prefix ;;
	esac
	{
		"$@" 2>&1
		printf '\n@@tap-status %s\n' "$?"
	} | {
		_tap_failed=
		while IFS= read -r _tap_line; do
			case $_tap_line in
			"") ;;
			"ok - "*) echo "ok - $_tap_prefix${_tap_line#ok - }" ;;
			"not ok - "*)
				echo "not ok - $_tap_prefix${_tap_line#not ok - }"
				_tap_failed=1
				;;
			"#"*) echo "# $_tap_noteprefix${_tap_line#\# }" ;;
			"@@tap-status "*)
				_tap_rc=${_tap_line#@@tap-status }
				if [ "$_tap_rc" != 0 ] && [ -z "$_tap_failed" ]; then
					echo "not ok - $_tap_prefix$_tap_what exit status: $_tap_rc"
					_tap_failed=1
				fi
				[ -z "$_tap_failed" ]
				exit
				;;
			*) echo "# $_tap_noteprefix$_tap_line" ;;
			esac
		done
		exit 1
	} >&"${TAP_FD:-1}"
}

# tap_status: fails when this shell printed a "not ok" line (a script's
# exit status).
tap_status() {
	[ "${tap_failures:-0}" = 0 ]
}
