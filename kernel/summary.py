#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""One line per kernel-harness output folder: runs, outcomes, bytes, wall time
per run, and the path's one-way delay as measured (delivered minus sent).

    kernel/summary.py DIR...
"""
import collections
import csv
import os
import sys


def quantile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")


def summarise(folder):
    with open(os.path.join(folder, "runs.csv")) as f:
        runs = list(csv.DictReader(f))
    with open(os.path.join(folder, "segments.csv")) as f:
        delays = [float(r["time_s"]) - float(r["sent_s"]) for r in csv.DictReader(f)
                  if r["dropped"] == "0" and r["time_s"]]
    if not runs:
        return "%s: no runs" % folder
    walls = [float(r["wall_s"]) for r in runs]
    a = collections.Counter(r["a_outcome"] for r in runs)
    b = collections.Counter(r["b_outcome"] for r in runs)
    full = sum(1 for r in runs if r["delivered_bytes"] == r["response_bytes"])
    return ("%s: runs=%d A=%s B=%s full_response=%d a_time_wait=%d wall_s mean=%.2f max=%.2f "
            "capture_problems=%d delay_ms median=%.3f p99=%.3f max=%.3f" % (
                folder, len(runs), dict(a), dict(b), full,
                sum(1 for r in runs if r["a_time_wait_at_end"] == "yes"),
                sum(walls) / len(walls), max(walls),
                sum(1 for r in runs if r["capture_problems"] != "0"),
                1e3 * quantile(delays, 0.5), 1e3 * quantile(delays, 0.99),
                1e3 * max(delays) if delays else float("nan")))


if __name__ == "__main__":
    for d in sys.argv[1:]:
        print(summarise(d))
