# The one aggregator: the lines of tests/tap.sh, tap.h and tap.py ("ok -
# NAME", "not ok - NAME: why", "ok - NAME # SKIP why", "# note") from every
# part of the suite, numbered once as kselftest-style TAP, everything else
# passed on as a comment, closed with the plan and "N passed, N failed".
# A skip that gives no reason counts as failed.  Exits 1 when anything
# failed.
#   awk -f tests/tap.awk
BEGIN { print "TAP version 13"; n = 0; pass = 0; fail = 0; skip = 0 }
/^ok - / {
	n++; sub(/^ok - /, "")
	if ($0 ~ / # SKIP *$/) {
		fail++; print "not ok " n " - " $0 "(a skip must say why)"
	} else if ($0 ~ / # SKIP /) {
		skip++; print "ok " n " - " $0
	} else {
		pass++; print "ok " n " - " $0
	}
	fflush(); next
}
/^not ok - / {
	n++; fail++; sub(/^not ok - /, ""); print "not ok " n " - " $0
	fflush(); next
}
/^#/ { print; fflush(); next }
/^$/ { next }
{ print "# " $0; fflush() }
END {
	print "1.." n
	if (skip)
		print "# " skip " skipped"
	printf "%d passed, %d failed\n", pass, fail
	exit fail ? 1 : 0
}
