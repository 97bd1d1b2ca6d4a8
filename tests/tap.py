# SPDX-License-Identifier: GPL-2.0 OR MIT
"""tap.py: the test results of the Python tests, as tests/tap.sh and
tests/tap.h print them from shell and C.  One line per test, unnumbered:

    ok - NAME
    not ok - NAME: why
    ok - NAME # SKIP why
    # anything else

tests/tap.awk numbers the whole stream once and closes it with "N passed,
N failed".
"""
import sys


def oneline(text, limit=400):
    """A reason on one line of at most limit characters."""
    return " ".join(str(text).split())[:limit]


class Tap:
    """Prints results, prefix before every name and note."""

    def __init__(self, prefix="", out=sys.stdout):
        self.prefix = prefix
        self.out = out
        self.failed = False

    def _line(self, text):
        print(text, file=self.out, flush=True)

    def ok(self, name):
        self._line(f"ok - {self.prefix}{name}")

    def fail(self, name, why=""):
        self.failed = True
        why = oneline(why)
        self._line(f"not ok - {self.prefix}{name}" + (f": {why}" if why else ""))

    def skip(self, name, why):
        self._line(f"ok - {self.prefix}{name} # SKIP {oneline(why)}")

    def check(self, cond, name, why=""):
        """ok when cond holds, else not ok with why; returns cond."""
        if cond:
            self.ok(name)
        else:
            self.fail(name, why)
        return bool(cond)

    def note(self, text):
        for line in str(text).splitlines() or [""]:
            self._line(f"# {self.prefix}{line}")

    def relay(self, line):
        """Pass on a line another producer printed (a guest's), under our
        prefix; a line that is not a result becomes a note."""
        if line.startswith("ok - "):
            self._line(f"ok - {self.prefix}{line[len('ok - '):]}")
        elif line.startswith("not ok - "):
            self.failed = True
            self._line(f"not ok - {self.prefix}{line[len('not ok - '):]}")
        elif line.startswith("#"):
            self.note(line[1:].lstrip())
        else:
            self.note(line)
