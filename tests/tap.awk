# Number the suite's "ok - NAME" / "not ok - NAME" lines as kselftest-style
# TAP, pass everything else through as comments, and close with the plan and
# the line "N passed, N failed".
BEGIN { print "TAP version 13"; n = 0; pass = 0; fail = 0; skip = 0 }
/^ok - / {
	n++; sub(/^ok - /, ""); print "ok " n " " $0
	if ($0 ~ /# SKIP/) skip++; else pass++
	fflush(); next
}
/^not ok - / {
	n++; fail++; sub(/^not ok - /, ""); print "not ok " n " " $0
	fflush(); next
}
/^#/ { print; fflush(); next }
{ print "# " $0; fflush() }
END {
	print "1.." n
	printf "%d passed, %d failed", pass, fail
	if (skip) printf ", %d skipped", skip
	printf "\n"
	exit fail ? 1 : 0
}
