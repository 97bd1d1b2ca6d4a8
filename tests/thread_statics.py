#!/usr/bin/env python3
"""Report function-static data in the start routines of threads.

A start routine passed to pthread_create() may run in several threads at
once; a static local in it (a read buffer, say) is then shared by all of
them, and each thread reads what another wrote.  soe_offline once counted
records that way and blamed the module for it.  Static data that is const,
or thread-local (__thread, _Thread_local), is safe.

    thread_statics.py FILE.c ...

Prints "FILE:LINE: FUNCTION: the line" for each, and exits 1 if any.
"""
import re
import sys

START = re.compile(r'pthread_create\s*\([^;]*?,[^;]*?,\s*&?(\w+)\s*,', re.S)
UNSAFE_STATIC = re.compile(r'^\s*static\b(?!.*\b(const|__thread|_Thread_local)\b)')


def body_lines(src, name):
    """The line number and text of each line of NAME's body, or []."""
    m = re.search(r'^[A-Za-z_][\w \t\*]*\b' + name + r'\s*\([^;{]*\)\s*\{',
                  src, re.M)
    if not m:
        return []
    depth, i = 0, m.end() - 1
    while i < len(src):
        depth += {'{': 1, '}': -1}.get(src[i], 0)
        if depth == 0:
            break
        i += 1
    first = src.count('\n', 0, m.end()) + 1
    return list(enumerate(src[m.end():i].split('\n'), first))


def main(paths):
    found = 0
    for path in paths:
        with open(path, encoding='utf-8') as f:
            src = f.read()
        for name in sorted(set(START.findall(src))):
            for line, text in body_lines(src, name):
                if UNSAFE_STATIC.match(text):
                    print(f'{path}:{line}: {name}: {text.strip()}')
                    found += 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
