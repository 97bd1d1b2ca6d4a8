#!/usr/bin/env python3
"""Host half of the VM suite: turns what one VM run wrote into test lines.

    check_vm.py OUTDIR LABEL

Reads OUTDIR/results.log (the guest's results port: the lines of
tests/tap.sh and the @@begin/@@end files of tests/vm/guest-lib.sh) and
OUTDIR/console.log, and prints tests/tap.py's lines, LABEL before every
name.  Checks that the VM finished, passes each guest result on, that every expected event was recorded exactly once with the right
fields, that the guest had at least two CPUs (a kernel without ACPI boots
with one, and every concurrency test then passes for nothing), that
kmemleak (on the debug kernels) found no leak, and that the kernel logged no
oops, warning or sanitizer report.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import Tap  # noqa: E402  tests/tap.py

KERNEL_TROUBLE = re.compile(
    r"BUG:|WARNING:|Oops|general protection|KASAN|UBSAN|kmemleak:.*suspected memory leak"
    r"|sleeping function called from invalid context|possible recursive locking"
    r"|possible circular locking|inconsistent lock state|Call Trace|Kernel panic"
    r"|INFO: task .* blocked|soft lockup|hard LOCKUP|refcount_t:")


def parse_results(text):
    """The guest's result lines and notes, in order; its files; whether it
    ran to its end."""
    results, sections, info = [], {}, []
    done = False
    current = None
    for line in text.splitlines():
        if current is not None:
            if line == f"@@end {current}":
                current = None
            else:
                sections[current].append(line)
            continue
        if line.startswith("@@begin "):
            current = line[len("@@begin "):]
            sections[current] = []
        elif line.startswith(("ok - ", "not ok - ")):
            results.append(line)
        elif line.startswith("# "):
            info.append(line[len("# "):])
        elif line == "@@done":
            done = True
    return results, sections, info, done


def args_of(event):
    return {a["name"]: a["value"] for a in event.get("args", [])}


def same(want, got):
    """A value, or {"min": a, "max": b} for a number in that range."""
    if isinstance(want, dict) and set(want) == {"min", "max"}:
        return isinstance(got, int) and want["min"] <= got <= want["max"]
    return want == got


def differences(expect, event):
    """Every expected field the event gets wrong, as "name=got want want"."""
    out = []
    args = args_of(event)
    for key, value in expect.items():
        if key == "args":
            for name, want in value.items():
                if not same(want, args.get(name)):
                    out.append(f"{name}={args.get(name)!r} want {want!r}")
        elif not same(value, event.get(key)):
            out.append(f"{key}={event.get(key)!r} want {value!r}")
    return "; ".join(out)


def matches(expect, event):
    return not differences(expect, event)


def host_pid(e):
    return e.get("hostProcessId", e.get("processId"))


def check_events(run, sections):
    try:
        expects = [json.loads(l) for l in sections.get("expect", [])
                   if l.startswith("{")]
        events = [json.loads(l) for l in sections.get("events", []) if l.strip()]
    except json.JSONDecodeError as err:
        run.fail("events-are-json", err)
        return
    run.check(expects, "workload-wrote-expectations", "no expectations")
    if not expects:
        return
    pids = {host_pid(e) for e in expects}
    ours = [e for e in events if host_pid(e) in pids
            and e.get("eventName") == "security_socket_setsockopt"]
    used = set()
    order = []
    for i, exp in enumerate(expects):
        a = exp["args"]
        name = (f"event {i + 1} {exp['processName']} {a['level']} {a['optname']} "
                f"{a['local_addr']['sa_family']} {a['sock_type']} tid {exp['threadId']}")
        hits = [j for j, ev in enumerate(ours) if matches(exp, ev)]
        if len(hits) == 1 and hits[0] not in used:
            used.add(hits[0])
            order.append(ours[hits[0]].get("seq"))
            run.ok(name)
        elif not hits:
            near = [ev for ev in ours
                    if ev.get("hostThreadId") == exp.get("hostThreadId", ev.get("hostThreadId"))
                    and ev.get("threadId") == exp["threadId"]
                    and args_of(ev).get("level") == a["level"]
                    and args_of(ev).get("optname") == a["optname"]]
            why = differences(exp, near[0]) if near else "no such event recorded"
            run.fail(name, why)
        else:
            run.fail(name, f"recorded {len(hits)} times")
    run.check(all(a < b for a, b in zip(order, order[1:])),
              "events-ordered-by-seq", f"seq in call order: {order}")
    extra = [ev for j, ev in enumerate(ours) if j not in used]
    run.check(not extra, "no-unexpected-events-from-workload",
              f"{len(extra)} extra: {json.dumps(extra[:2])}")


def main():
    outdir, label = sys.argv[1], sys.argv[2]
    run = Tap(f"{label}: ")
    with open(f"{outdir}/results.log", errors="replace") as f:
        results, sections, info, done = parse_results(f.read())
    with open(f"{outdir}/console.log", errors="replace") as f:
        console = f.read()
    for line in info:
        run.note(line)

    run.check(done, "vm-ran-to-the-end",
              "the guest did not finish; console tail: " + console[-600:])
    for line in results:
        run.relay(line)
    if "expect" in sections or "events" in sections:
        check_events(run, sections)

    nproc = [int(l.split()[1]) for l in info
             if l.startswith("nproc ") and l.split()[1].isdigit()]
    run.check(nproc and nproc[0] >= 2, "guest-has-2-cpus",
              f"the guest saw {nproc[0] if nproc else 'no'} CPUs "
              "(no CONFIG_ACPI? the BIOS MP table lists only CPU0)")
    if "kmemleak" in sections:
        leaks = [l for l in sections["kmemleak"] if l.strip()]
        run.check(not leaks, "kmemleak-clean", " | ".join(leaks[:8]))

    log = console + "\n" + "\n".join(sections.get("dmesg", []))
    trouble = [l for l in log.splitlines() if KERNEL_TROUBLE.search(l)]
    run.check(not trouble, "kernel-log-clean", " | ".join(trouble[:5]))


if __name__ == "__main__":
    main()
