#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the same close cases on the model (RFC and --profile=linux) and on the
real Linux kernel (kernel/harness.py), and compare them.

Per single-loss case it prints whether the close ladders (the FIN, RST and
ACK-of-FIN segments in order, with direction and flags) are equal, whether
the retransmission times of the FINs agree within 10 %, and whether the
outcomes are equal. Random-loss cases are compared by outcome shares with
95 % Wilson intervals. --markdown writes the table of doc/kernel-compare.md.

Exit status: 0 when every comparison agrees, 1 when one does not, 2 on bad
input, 77 when the kernel cannot be run here (not root, no namespaces).
"""

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# name, drop rules (the model's syntax), as in the issue
SINGLE_LOSS = [
    ("no loss", ""),
    ("A's FIN lost once", "a2b:fin:1"),
    ("A's FIN lost twice", "a2b:fin:1-2"),
    ("B's ACK of A's FIN lost", "b2a:ack-of-fin:1"),
    ("B's FIN lost", "b2a:fin:1"),
    ("final ACK lost once", "a2b:ack-of-fin:1"),
    ("final ACK lost three times", "a2b:ack-of-fin:1-3"),
    ("B's FIN and the final ACK lost", "b2a:fin:1;a2b:ack-of-fin:1"),
]
# A's close strategies (doc/tcp-teardown.rst "Close strategies"), no loss: A
# closes 5 ms after its request, while B's 20000-byte response is arriving
STRATEGIES = [
    ("full close (unread data)", ["--strategy=full-close", "--closeDelay=0.005"]),
    ("abortive close (SO_LINGER 0)", ["--strategy=abortive", "--closeDelay=0.005"]),
    # 36 ms: after B's first window of 10 segments, before its second
    ("lingering close, 36 ms", ["--strategy=lingering", "--lingerTimeout=0.036"]),
    ("lingering close, 2 s", ["--strategy=lingering", "--lingerTimeout=2"]),
]
RESPONSES = [0, 20000]
RANDOM_LOSS = [0.05, 0.1, 0.2, 0.3]
TIME_TOLERANCE = 0.10
# wall seconds a kernel run may last: Linux gives up an orphan's FIN after 8
# backed-off retransmissions, 0.22 s x (2^9 - 1) = 112 s at this RTT
KERNEL_RUN_BOUND = 150
IGNORED_FLAGS = {"PSH", "ECE", "CWR", "URG"}
Z95 = 1.959963984540054


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def flags_of(segment):
    return [f for f in segment["flags"].split("|") if f and f not in IGNORED_FLAGS]


def ladder(segments):
    """The close ladder: FIN, RST and pure ACKs that acknowledge the peer's
    FIN, in the order they were sent (lost ones included), as
    (direction, flags) pairs, with their send times."""
    fin_end = {}  # direction -> sequence number after its FIN
    steps = []
    for s in sorted(segments, key=lambda s: float(s["sent_s"])):
        if s.get("cause") in ("late", "copy"):
            continue
        flags = flags_of(s)
        direction = s["direction"]
        peer = "b2a" if direction == "a2b" else "a2b"
        if "SYN" in flags:
            continue
        if "FIN" in flags:
            fin_end[direction] = int(s["seq"]) + int(s["length_bytes"]) + 1
        pure_ack = flags == ["ACK"] and int(s["length_bytes"]) == 0
        acks_fin = pure_ack and peer in fin_end and int(s["ack"]) >= fin_end[peer]
        if "FIN" in flags or "RST" in flags or acks_fin:
            step = (direction, "|".join(sorted(flags)), float(s["sent_s"]), s["dropped"] == "1")
            if flags == ["RST"] and steps and steps[-1][:2] == step[:2]:
                # RSTs that answer segments still in flight count once: how
                # many were in flight depends on timing far below 1 ms
                continue
            steps.append(step)
    return steps


RACE = 0.002  # s: the smallest window in which steps race


def canonical(steps):
    """The ladder with racing steps in a fixed order. Steps are compared up
    to the timing tolerance: consecutive steps sent less than
    max(RACE, TIME_TOLERANCE x the time since the first step) apart form one
    cluster, because their order depends on differences within that
    tolerance (e.g. A's and B's retransmission timers, whose RTOs differ by
    the sub-millisecond RTT that Linux keeps in microseconds and ns-3 in
    milliseconds: B's tail-loss probe and B's ACK of A's resent FIN). Each
    cluster is sorted by end (A first), flags and drop."""
    if not steps:
        return []
    t0 = steps[0][2]
    clusters = [[steps[0]]]
    for step in steps[1:]:
        previous = clusters[-1][-1]
        window = max(RACE, TIME_TOLERANCE * (previous[2] - t0))
        if step[2] - previous[2] < window:
            clusters[-1].append(step)
        else:
            clusters.append([step])
    return [s for c in clusters for s in sorted(c, key=lambda s: (s[0], s[1], s[3]))]


def ladder_text(steps):
    return " ".join(
        ("A" if d == "a2b" else "B") + ":" + f.replace("|", "+") + ("(x)" if lost else "")
        for d, f, _, lost in steps)


def fin_resend_times(steps):
    """Per direction, the times of the FIN's resends after its first send."""
    out = {}
    for d, f, t, _ in steps:
        if "FIN" in f.split("|"):
            out.setdefault(d, []).append(t)
    return {d: [t - ts[0] for t in ts[1:]] for d, ts in out.items()}


def times_agree(model, kernel):
    if set(model) != set(kernel):
        return False
    for d in model:
        if len(model[d]) != len(kernel[d]):
            return False
        for m, k in zip(model[d], kernel[d]):
            if abs(m - k) > TIME_TOLERANCE * max(abs(k), 1e-9):
                return False
    return True


def times_text(resends):
    parts = []
    for d in sorted(resends):
        if resends[d]:
            parts.append(("A" if d == "a2b" else "B") + " +" +
                         ", +".join(f"{t * 1000:.0f}" for t in resends[d]) + " ms")
    return "; ".join(parts) or "-"


def run_model(build, folder, args, profile):
    cmd = [os.path.join(build, "tcp-teardown-sweep"), "--outputDir=" + folder, "--quiet",
           "--segments=1", "--profile=" + profile] + args
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return folder


def run_kernel(build, folder, args):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "harness.py"), "--outputDir", folder,
           "--build", build, "--segmentSize", "0",  # the kernel's own MSS
           "--runTimeout", str(KERNEL_RUN_BOUND)] + args
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode == 77:
        print(done.stdout.strip() or done.stderr.strip())
        sys.exit(77)
    if done.returncode != 0:
        raise RuntimeError("harness failed: " + " ".join(cmd) + "\n" + done.stderr[-2000:])
    return folder


def outcome(row):
    return row["a_outcome"] + "/" + row["b_outcome"]


def wilson(k, n):
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + Z95 ** 2 / n
    centre = (p + Z95 ** 2 / (2 * n)) / den
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def shares(rows):
    counts = {}
    for r in rows:
        counts[outcome(r)] = counts.get(outcome(r), 0) + 1
    return counts, len(rows)


def compare_single(build, work, response, extra, tag):
    args = ["--responseBytes=%d" % response, "--runs=1"] + extra
    results = {}
    for name, runner in (("rfc", lambda f: run_model(build, f, args, "none")),
                         ("linux", lambda f: run_model(build, f, args, "linux")),
                         ("kernel", lambda f: run_kernel(build, f, args))):
        folder = os.path.join(work, f"{tag}-{name}")
        runner(folder)
        segs = read_csv(os.path.join(folder, "segments.csv"))
        row = read_csv(os.path.join(folder, "runs.csv"))[0]
        steps = canonical(ladder(segs))
        results[name] = {"ladder": steps, "text": ladder_text(steps),
                         "resends": fin_resend_times(steps), "outcome": outcome(row),
                         "delivered": row["delivered_bytes"]}
    linux, kernel = results["linux"], results["kernel"]
    verdict = {
        "flags": [(d, f, l) for d, f, _, l in linux["ladder"]] ==
                 [(d, f, l) for d, f, _, l in kernel["ladder"]],
        "times": times_agree(linux["resends"], kernel["resends"]),
        "outcome": linux["outcome"] == kernel["outcome"],
        "delivered": linux["delivered"] == kernel["delivered"],
    }
    return results, verdict


def compare_random(build, work, response, loss, runs, rng_run):
    args = ["--responseBytes=%d" % response, "--loss=%g" % loss, "--runs=%d" % runs,
            "--RngRun=%d" % rng_run]
    out = {}
    for name, runner in (("linux", lambda f: run_model(build, f, args, "linux")),
                         ("kernel", lambda f: run_kernel(build, f, args))):
        folder = os.path.join(work, f"random-r{response}-p{loss:g}-{name}")
        runner(folder)
        out[name] = shares(read_csv(os.path.join(folder, "runs.csv")))
    categories = sorted(set(out["linux"][0]) | set(out["kernel"][0]))
    agree = True
    lines = []
    for c in categories:
        k_m, n_m = out["linux"][0].get(c, 0), out["linux"][1]
        k_k, n_k = out["kernel"][0].get(c, 0), out["kernel"][1]
        lo_m, hi_m = wilson(k_m, n_m)
        lo_k, hi_k = wilson(k_k, n_k)
        overlap = lo_m <= hi_k and lo_k <= hi_m
        agree = agree and overlap
        lines.append((c, k_m / max(n_m, 1), lo_m, hi_m, k_k / max(n_k, 1), lo_k, hi_k, overlap))
    return lines, agree


BEGIN = "<!-- compare tables: begin -->\n"
END = "<!-- compare tables: end -->"


def write_tables(path, tables):
    """Put the tables between the markers of \p path (the rest of the page
    stays), or write them alone to a new file; atomically."""
    text = tables
    if os.path.exists(path):
        page = open(path).read()
        if BEGIN in page and END in page:
            text = page[:page.index(BEGIN) + len(BEGIN)] + tables + page[page.index(END):]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--runs", type=int, default=200, help="runs per random-loss case")
    parser.add_argument("--RngRun", type=int, default=1)
    parser.add_argument("--no-random", action="store_true", help="only the single-loss cases")
    parser.add_argument("--losses", default=",".join(f"{p:g}" for p in RANDOM_LOSS),
                        help="random loss rates, joined by ','")
    parser.add_argument("--markdown", help="write the comparison table (doc/kernel-compare.md)")
    parser.add_argument("--work", help="keep the runs in this folder")
    a = parser.parse_args()
    if a.runs < 1:
        print(f"kernel/compare.py: error: --runs={a.runs}: must be at least 1", file=sys.stderr)
        return 2
    try:
        losses = [float(x) for x in a.losses.split(",") if x]
    except ValueError:
        losses = [-1.0]
    if not losses or any(not 0.0 <= p <= 1.0 for p in losses):
        print(f"kernel/compare.py: error: --losses={a.losses}: expected rates in [0, 1] "
              "joined by ','", file=sys.stderr)
        return 2
    work = a.work or tempfile.mkdtemp(prefix="td-compare-")
    os.makedirs(work, exist_ok=True)
    failures = 0
    md = ["| case | response | RFC model | Linux profile | Linux kernel | FIN resends: "
          "Linux profile | FIN resends: kernel | outcome A/B (profile; kernel) | delivered "
          "(profile; kernel) | agree |",
          "|---|---|---|---|---|---|---|---|---|---|"]
    cases = [(n, ["--drop=" + d] if d else []) for n, d in SINGLE_LOSS] + STRATEGIES
    for response in RESPONSES:
        for index, (name, extra) in enumerate(cases):
            results, v = compare_single(a.build, work, response, extra, f"r{response}-{index}")
            ok = all(v.values())
            failures += 0 if ok else 1
            print(f"{name:32s} {response:6d} B  flags {'equal' if v['flags'] else 'DIFFER':6s}"
                  f"  times {'within 10%' if v['times'] else 'DIFFER':10s}"
                  f"  outcome {'equal' if v['outcome'] else 'DIFFER':6s}"
                  f"  delivered {'equal' if v['delivered'] else 'DIFFER'}")
            if not ok:
                for n in ("linux", "kernel"):
                    print(f"    {n:6s} {results[n]['text']}  resends {times_text(results[n]['resends'])}"
                          f"  {results[n]['outcome']}  delivered {results[n]['delivered']}")
            md.append(f"| {name} | {response} | {results['rfc']['text']} | {results['linux']['text']}"
                      f" | {results['kernel']['text']} | {times_text(results['linux']['resends'])}"
                      f" | {times_text(results['kernel']['resends'])}"
                      f" | {results['linux']['outcome']}; {results['kernel']['outcome']}"
                      f" | {results['linux']['delivered']}; {results['kernel']['delivered']}"
                      f" | {'yes' if ok else 'no: ' + ', '.join(k for k in v if not v[k])} |")
    if not a.no_random:
        md += ["", "| loss | response | outcome A/B | Linux profile share [95 %] | "
               "kernel share [95 %] | intervals overlap |", "|---|---|---|---|---|---|"]
        for response in RESPONSES:
            for loss in losses:
                lines, agree = compare_random(a.build, work, response, loss, a.runs, a.RngRun)
                failures += 0 if agree else 1
                print(f"random loss {loss:4.2f} {response:6d} B  outcome shares "
                      f"{'agree' if agree else 'DIFFER'}")
                for c, pm, lm, hm, pk, lk, hk, ov in lines:
                    print(f"    {c:20s} profile {pm:6.3f} [{lm:.3f}, {hm:.3f}]  kernel {pk:6.3f}"
                          f" [{lk:.3f}, {hk:.3f}]{'' if ov else '  DIFFER'}")
                    md.append(f"| {loss:g} | {response} | {c} | {pm:.3f} [{lm:.3f}, {hm:.3f}] | "
                              f"{pk:.3f} [{lk:.3f}, {hk:.3f}] | {'yes' if ov else 'no'} |")
    if a.markdown:
        write_tables(a.markdown, "\n".join(md) + "\n")
    print(f"compare: {failures} case(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
