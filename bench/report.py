#!/usr/bin/env python3
"""Host half of `make bench`: the table, from what the guests wrote.

    report.py [--steps STEPS] VMDIR...

Each VMDIR holds one boot's results.log (see bench/guest-bench.sh for its
lines).  Prints Markdown: per case the median ns per call over the rounds
(and the rounds' spread), the ratio to (a), and the cost the case adds over
(a) as a ratio to what (b), the empty kprobe, adds; then what each step of
the handler adds; then the loss test and the targets.  STEPS is the list of
the handler's steps bench/run.sh found in module/probe.c, a line "N NAME"
each: case sN is the module stopped after step N.  Exits 1 when a boot did
not finish.
"""
import re
import statistics
import sys

CASES = [
    ("a", "no probe"),
    ("b", "empty kprobe (bench/empty_kprobe)"),
    ("c", "sockopt_events, no reader"),
    ("d1", "sockopt_events, 1 reader"),
    ("d4", "sockopt_events, 4 readers"),
    ("d1m", "sockopt_events, 1 reader of the mapped ring"),
    ("d4m", "sockopt_events, 4 readers of the mapped ring"),
    ("e", "sockopt_events, filter_uid=4242 rejects all"),
    ("f", "kprobe_events, trace_pipe drained"),
    ("f0", "kprobe_events, no reader"),
    ("g0", "eBPF (bench/ebpf), BPF ring buffer, no reader"),
    ("g", "eBPF, BPF ring buffer, 1 reader"),
    ("gb", "eBPF, BPF ring buffer, 1 reader woken in batches"),
    ("g0p", "eBPF, perf buffer, no reader"),
    ("gp", "eBPF, perf buffer, 1 reader"),
    ("aF", "(a) with SO_ATTACH_FILTER calls (24 instructions)"),
    ("cF", "(c) with SO_ATTACH_FILTER calls: the filter record too"),
]

# With SOE_BENCH_BASE=REV, (c), (d1) and (d1m) again with the module of
# REV: an A/B of a change to the handler or the ring, in the same boot.
BASE = [
    ("cB", "(c) with the module of the base revision"),
    ("d1B", "(d1) with the module of the base revision"),
    ("d1mB", "(d1m) with the module of the base revision"),
]

EBPF = ("g0", "g", "gb", "g0p", "gp")


def read_steps(path):
    """The handler's steps, [(N, NAME)], as bench/run.sh found them."""
    steps = []
    with open(path) as f:
        for line in f:
            n, _, name = line.strip().partition(" ")
            steps.append((int(n), name))
    return steps


class Boot:
    def __init__(self, vmdir):
        self.vmdir = vmdir
        self.meta = {}
        self.ns = {}
        self.info = {}
        self.samples = {}
        self.rates = []
        self.done = False
        with open(f"{vmdir}/results.log", errors="replace") as f:
            for line in f:
                self.parse(line.rstrip("\r\n"))

    def parse(self, line):
        word = line.split(" ", 1)
        rest = word[1] if len(word) > 1 else ""
        if word[0] == "@@bench":
            key, _, value = rest.partition(" ")
            if key == "done":
                self.done = True
            self.meta[key] = value
        elif word[0] == "@@m":
            case, rnd, m = rest.split(" ", 2)
            ns = re.search(r"ns=([0-9.]+)", m)
            if ns:
                self.ns.setdefault(case, []).append(float(ns.group(1)))
        elif word[0] == "@@info":
            case, rnd, text = (rest.split(" ", 2) + [""])[:3]
            self.info.setdefault(case, []).append(text)
        elif word[0] == "@@sample":
            case, _, text = rest.partition(" ")
            self.samples[case] = text.strip()
        elif word[0] == "@@rate":
            fields = dict(re.findall(r"(\w+)=([0-9.]+)", rest))
            if "lost" in fields:
                self.rates.append({k: float(v) for k, v in fields.items()})

    def median(self, case):
        v = self.ns.get(case)
        return statistics.median(v) if v else None

    def spread(self, case):
        v = self.ns.get(case)
        if not v or len(v) < 2:
            return ""
        return f"±{(max(v) - min(v)) / 2 / statistics.median(v) * 100:.0f}%"

    def added(self, case):
        m, a = self.median(case), self.median("a")
        return None if m is None or a is None else m - a

    def reader_wakeups(self, case):
        """Times the readers slept, per record (or line) they read."""
        sleeps = reads = 0
        for text in self.info.get(case, []):
            for rec in re.findall(r"\[([^]]*)\]", text):
                w = re.search(r"wakeups=(\d+)", rec)
                n = re.search(r"(?:events|lines)=(\d+)", rec)
                if w and n:
                    sleeps += int(w.group(1))
                    reads += int(n.group(1))
        return sleeps / reads if reads else None

    def reader_got(self, case):
        """Share of the events each reader had read when the loop ended,
        averaged over readers and rounds."""
        shares = []
        for text in self.info.get(case, []):
            written = re.search(r"written=(\d+)", text)
            trace = re.search(r"entries=(\d+) overrun=(\d+)", text)
            for rec in re.findall(r"\[([^]]*)\]", text):
                ev = re.search(r"(?:events|lines)=(\d+)", rec)
                if not ev:
                    continue
                got = int(ev.group(1))
                if written:
                    total = int(written.group(1))
                elif trace:
                    # What it read, what is still unread, what was overwritten.
                    total = got + int(trace.group(1)) + int(trace.group(2))
                else:
                    continue
                if total:
                    shares.append(got / total)
        return statistics.mean(shares) if shares else None

    def reader_loss(self, case):
        """Share of the records the readers were owed that they lost."""
        events = lost = 0
        for text in self.info.get(case, []):
            for e, l in re.findall(r"events=(\d+) lost=(\d+)", text):
                events += int(e)
                lost += int(l)
        return lost / (events + lost) if events + lost else None

    def label(self):
        n = self.meta.get("cpus", "?")
        return f"{n} vCPU" + ("s, " + n + " pinned workers" if n != "1" else "")


def fmt(x, spec):
    return "–" if x is None else format(x, spec)


def table(boots):
    head = "| case |"
    rule = "|---|"
    for b in boots:
        head += f" {b.label()}: ns/call | × (a) | added ÷ (b) added |"
        rule += "---:|---:|---:|"
    print(head)
    print(rule)
    base = [c for c in BASE if any(b.median(c[0]) is not None for b in boots)]
    for case, what in CASES + base:
        row = f"| ({case}) {what} |"
        for b in boots:
            m, a, added = b.median(case), b.median("a"), b.added(case)
            floor = b.added("b")
            row += f" {fmt(m, '.0f')} {b.spread(case)} |"
            row += f" {fmt(m / a if m and a else None, '.2f')} |"
            # A floor lost in the noise gives no meaningful ratio.
            ratio = (added / floor if case != "a" and added is not None
                     and floor and floor > 0 else None)
            row += f" {fmt(ratio, '.2f')} |"
        print(row)


def readers(boots):
    for b in boots:
        got, sleeps = [], []
        for case in ("d1", "d4", "d1m", "d4m", "d1B", "d1mB", "f", "g", "gb", "gp"):
            share = b.reader_got(case)
            if share is not None:
                got.append(f"({case}) {share * 100:.0f}%")
            w = b.reader_wakeups(case)
            if w is not None:
                sleeps.append(f"({case}) {w:.3f}")
        if got:
            print(f"- {b.label()}: share of the events a reader had read when the "
                  f"loop ended (the rest overwritten, or still unread): {', '.join(got)}")
        if sleeps:
            print(f"- {b.label()}: times a reader slept and was woken, per "
                  f"record (ftrace: per line) it read: {', '.join(sleeps)}")


def ebpf_counts(b, case):
    """The eBPF cases' counts, summed over the rounds: the calls the loop
    made, what the program's buffer took and refused, what the reader read
    and how many of those were not soe_bench's call."""
    sums = {}
    for text in b.info.get(case, []):
        for k, v in re.findall(r"(calls|written|dropped|events|lost|odd)=(\d+)", text):
            sums[k] = sums.get(k, 0) + int(v)
    return sums


def ebpf(boots):
    print("\nWhat the eBPF program wrote (all rounds; calls: what the loop made, "
          "the untimed tenth included):\n")
    print("| boot | case | calls | written | dropped (buffer full) | read | lost (perf) | not soe_bench's call |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for b in boots:
        for case in EBPF:
            n = ebpf_counts(b, case)
            if not n:
                continue
            get = lambda k: f"{n[k]}" if k in n else "–"
            print(f"| {b.label()} | ({case}) | {get('calls')} | {get('written')} | "
                  f"{get('dropped')} | {get('events')} | {get('lost')} | {get('odd')} |")


def breakdown(boots, steps):
    print("\nWhere (c)'s handler spends its time: the module built to stop after "
          "each step of record_call() (module/probe.c, its soe_step() lines; "
          "`SOE_BENCH_STEPS=N`), loaded with no reader like (c); per step the ns "
          "it adds over the step before, (s0) over (b):\n")
    head = "| case | step |"
    rule = "|---|---|"
    for b in boots:
        head += f" {b.label()}: ns/call | added | share of (c) − (b) |"
        rule += "---:|---:|---:|"
    print(head)
    print(rule)
    rows = [("s0", "none: the kprobe's handler, the filter, the claim of a ring slot, the record zeroed there, its publication")]
    rows += [(f"s{n}", f"{n}: `{name}()`") for n, name in steps]
    prev = "b"
    for case, what in rows:
        row = f"| ({case}) | {what} |"
        for b in boots:
            m, before = b.median(case), b.median(prev)
            base, c = b.median("b"), b.median("c")
            cost = m - before if m is not None and before is not None else None
            share = (cost / (c - base) if cost is not None and None not in (c, base)
                     and c != base else None)
            row += (f" {fmt(m, '.0f')} {b.spread(case)} | {fmt(cost, '.0f')} | "
                    f"{fmt(share * 100 if share is not None else None, '.0f')}% |")
        print(row)
        prev = case
    row = f"| (c) | all, as built without SOE_BENCH_STEPS: (c) − ({prev}) |"
    for b in boots:
        m, last = b.median("c"), b.median(prev)
        base = b.median("b")
        cost = m - last if None not in (m, last) else None
        share = (cost / (m - base) if cost is not None and base is not None
                 and m != base else None)
        row += (f" {fmt(m, '.0f')} {b.spread('c')} | {fmt(cost, '.0f')} | "
                f"{fmt(share * 100 if share is not None else None, '.0f')}% |")
    print(row)


READERS = ((0, "read()"), (1, "the mapped ring"))


def rates_of(b, mapped):
    return [r for r in b.rates if r.get("mapped", 0) == mapped]


def rate_test(boots):
    for b in boots:
        if not b.rates:
            continue
        print(f"\nLoss test ({b.label()}; generator pinned to CPU 0, one reader "
              f"pinned to CPU 1, default ring of 4096 records):\n")
        print("| reader | asked (calls/s) | achieved | written | delivered | lost | gaps |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for mapped, how in READERS:
            for r in rates_of(b, mapped):
                asked = "flat out" if r["rate"] == 0 else f"{r['rate']:.0f}"
                gaps = f"{r['gaps']:.0f}" if "gaps" in r else "–"
                print(f"| {how} | {asked} | {r['achieved']:.0f} | {r['written']:.0f} | "
                      f"{r['delivered']:.0f} | {r['lost']:.0f} | {gaps} |")
        print()
        for mapped, how in READERS:
            rates = rates_of(b, mapped)
            if not rates:
                continue
            clean = {}
            for r in rates:
                if r["rate"]:
                    clean.setdefault(r["rate"], True)
                    clean[r["rate"]] &= r["lost"] == 0
            best = max((rate for rate, ok in clean.items() if ok), default=None)
            storm = [r for r in rates if r["rate"] == 0]
            print(f"- Reader of {how}: highest paced rate lossless in every try: "
                  f"{fmt(best, '.0f')} calls/s; flat out "
                  f"({statistics.median(r['achieved'] for r in storm):.0f} calls/s): "
                  f"{sum(r['lost'] == 0 for r in storm)} of {len(storm)} tries lossless")


def base_ab(boots):
    """The A/B of SOE_BENCH_BASE: what the tree's module adds per call over
    the base revision's, per pair of cases measured in the same boot."""
    lines = []
    for b in boots:
        for new, old in (("c", "cB"), ("d1", "d1B"), ("d1m", "d1mB")):
            fn, fo = b.added(new), b.added(old)
            if None not in (fn, fo) and fo > 0:
                lines.append(f"- {b.label()}: ({new}) adds {fn / fo:.2f}× what ({old}) adds "
                             f"({fn:.0f} against {fo:.0f} ns a call)")
    if lines:
        print("\nThe tree's module against the base revision's (SOE_BENCH_BASE), "
              "in the same boots:\n")
        print("\n".join(lines))


def filter_cost(boots):
    """What a SO_ATTACH_FILTER call costs the module beyond what any call
    does: the socket filter record (its slot, the program's copy and
    CRC-32), from (cF) - (aF) against (c) - (a), in the same boot."""
    lines = []
    for b in boots:
        a, c, af, cf = (b.median(k) for k in ("a", "c", "aF", "cF"))
        if None in (a, c, af, cf):
            continue
        lines.append(f"- {b.label()}: the module adds {cf - af:.0f} ns to a "
                     f"SO_ATTACH_FILTER call ((cF) − (aF)) and {c - a:.0f} ns to a "
                     f"SO_PRIORITY call ((c) − (a)): the filter record costs about "
                     f"{(cf - af) - (c - a):.0f} ns a call (a call itself: {af:.0f} ns)")
    if lines:
        print("\nThe socket filter record (cases aF, cF):\n")
        print("\n".join(lines))


def targets(boots):
    print("\nTargets (reported, not enforced):\n")
    for b in boots:
        fb, fc, fd1, fd4 = b.added("b"), b.added("c"), b.added("d1"), b.added("d4")
        ff, ff0 = b.added("f"), b.added("f0")
        if None in (fb, fc, fd1, fd4, ff, ff0):
            print(f"- {b.label()}: a case is missing")
            ebpf_targets(b)
            continue
        verdict = lambda ok: "met" if ok else "MISSED"
        if fb > 0:
            print(f"- {b.label()}: (c) adds at most 2× what (b) adds: "
                  f"{verdict(fc <= 2 * fb)} ({fc / fb:.2f}×)")
        else:
            print(f"- {b.label()}: (c) adds at most 2× what (b) adds: undetermined, "
                  f"(b) measured no slower than (a) (the floor is lost in the noise)")
        print(f"- {b.label()}: (c) adds less than (f): {verdict(fc < ff)} "
              f"({fc / ff:.2f}×); like for like, without a reader (c) adds "
              f"{fc / ff0:.2f}× what (f0) adds, and with one reader (d1) adds "
              f"{fd1 / ff:.2f}× what (f) adds")
        print(f"- {b.label()}: four readers add no more than one: "
              f"{verdict(fd4 <= fd1)} with read() ((d4) adds {fd4 / fd1:.2f}× what (d1) adds)")
        fm1, fm4 = b.added("d1m"), b.added("d4m")
        if None not in (fm1, fm4) and fm1 > 0:
            print(f"- {b.label()}: four readers add no more than one: "
                  f"{verdict(fm4 <= fm1)} with the mapped ring ((d4m) adds "
                  f"{fm4 / fm1:.2f}× what (d1m) adds)")
        for mapped, how in READERS:
            storm = [r for r in rates_of(b, mapped) if r["rate"] == 0]
            if storm:
                ok = all(r["lost"] == 0 for r in storm)
                print(f"- {b.label()}: a reader of {how} on its own vCPU loses nothing "
                      f"under a one-CPU storm: {verdict(ok)} "
                      f"({sum(r['lost'] == 0 for r in storm)} of {len(storm)} tries lossless)")
        ebpf_targets(b)


def ebpf_target(b, ours, theirs, what):
    fo, ft = b.added(ours), b.added(theirs)
    if fo is None or ft is None or ft <= 0:
        print(f"- {b.label()}: ({ours}) adds less than ({theirs}): undetermined "
              f"(a case is missing, or ({theirs}) measured no slower than (a))")
        return
    if fo < ft:
        print(f"- {b.label()}: ({ours}) adds less than ({theirs}), {what}: met "
              f"({fo:.0f} ns against {ft:.0f} ns: {fo / ft:.2f}×)")
    else:
        print(f"- {b.label()}: ({ours}) adds less than ({theirs}), {what}: MISSED by "
              f"{fo - ft:.0f} ns a call ({fo:.0f} ns against {ft:.0f} ns: {fo / ft:.2f}×)")


def ebpf_targets(b):
    ebpf_target(b, "c", "g0", "no reader")
    ebpf_target(b, "d1", "g", "one reader")
    fm, fg, fgb = b.added("d1m"), b.added("g"), b.added("gb")
    if None not in (fm, fg) and fg > 0:
        line = f"  (like for like: (d1m), a reader of the mapped ring, adds {fm / fg:.2f}× what (g) adds"
        if fgb and fgb > 0:
            line += (f"; against (gb), the eBPF reader woken in batches as the module "
                     f"wakes its readers, (d1) adds {b.added('d1') / fgb:.2f}× and "
                     f"(d1m) {fm / fgb:.2f}×")
        print(line + ")")


def main():
    args = sys.argv[1:]
    steps = []
    if args[:1] == ["--steps"]:
        steps = read_steps(args[1])
        args = args[2:]
    boots = [Boot(d) for d in args]
    bad = [b.vmdir for b in boots if not b.done]
    if bad:
        print(f"report.py: boot did not finish: {' '.join(bad)} (see console.log)",
              file=sys.stderr)
    if not boots or not boots[0].meta:
        return 1
    m = boots[0].meta
    print(f"Kernel {m.get('kernel')}; {m.get('calls')} timed calls per worker per "
          f"measurement (a quarter of that with readers); median of {m.get('rounds')} "
          f"rounds (± half the rounds' range).\nGuest command line: `{m.get('cmdline')}`\n")
    table(boots)
    print()
    readers(boots)
    ebpf(boots)
    breakdown(boots, steps)
    rate_test(boots)
    base_ab(boots)
    filter_cost(boots)
    targets(boots)
    for b in boots:
        if "f0" in b.samples:
            print(f"\nOne kprobe_events record:\n\n    {b.samples['f0']}")
            fields = re.findall(r"field:([^;]*); offset:(\d+); size:(\d+);",
                                b.samples.get("f0_format", ""))
            if fields:
                size = max(int(off) + int(sz) for _, off, sz in fields)
                print("\nIts fields, from the event's format file (name: bytes): " +
                      ", ".join(f"{decl.split()[-1]}: {sz}" for decl, _, sz in fields) +
                      f"; {size} bytes, and comm's string after them.")
            break
    print(f"\nkprobe_events definition: `{m.get('kprobe_event')}`")
    for b in boots:
        if "g" in b.samples:
            print(f"\nOne record of the eBPF program ((g), decoded by bench/ebpf/soe_ebpf.c):"
                  f"\n\n    {b.samples['g']}")
            break
    for b in boots:
        print(f"\n{b.label()}: clocksource {b.meta.get('clocksource_start')} at the "
              f"start, {b.meta.get('clocksource_end')} at the end")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
