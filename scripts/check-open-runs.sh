#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Robustness check of the close path: sweep four-way, three-way and
# simultaneous x pending 5000, 20000 x loss 0.05, 0.1, 0.2, 0.3 x closeDelay
# 0.05 under ns-3's defaults (delayed ACK, MinRto 1 s, SACK) and count the
# runs in which an end never finished (a_outcome or b_outcome "open"), and
# apart the runs with an end "stranded" (its peer gave up, the give-up RST
# was lost or RstOnGiveUp is off: FIN_WAIT_2 without timeout waits for ever).
# Usage: scripts/check-open-runs.sh [runs per point (300)] [output folder]
# Prints the counts per point and the first open or stranded runs
# (RngRun(A/B end state)); exit status 1 if any run stayed open.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-300}
out=${2:-/tmp/tcp-teardown-open-check}
jobs=${JOBS:-2}
rm -rf "$out"
for pending in 5000 20000; do
    build/tcp-teardown-sweep --variant=four-way,three-way,simultaneous \
        --responseBytes="$pending" --loss=0.05,0.1,0.2,0.3 --closeDelay=0.05 \
        --runs="$runs" --jobs="$jobs" --quiet --outputDir="$out/pending-$pending"
done

/usr/bin/python3 - "$out" <<'PY'
import collections
import csv
import sys

total = collections.Counter()
open_runs = collections.defaultdict(list)
stranded = collections.defaultdict(list)
for pending in (5000, 20000):
    with open(f"{sys.argv[1]}/pending-{pending}/runs.csv") as f:
        for r in csv.DictReader(f):
            point = (r["variant"], pending, float(r["loss_a2b"]))
            total[point] += 1
            label = f"{r['rng_run']}({r['a_end_state']}:{r['a_outcome']}/{r['b_end_state']}:{r['b_outcome']})"
            if r["a_outcome"] == "open" or r["b_outcome"] == "open":
                open_runs[point].append(label)
            elif r["a_outcome"] == "stranded" or r["b_outcome"] == "stranded":
                stranded[point].append(label)
n_open = sum(len(v) for v in open_runs.values())
n_stranded = sum(len(v) for v in stranded.values())
print(f"{sum(total.values())} runs, {n_open} open, {n_stranded} stranded")
for point in sorted(total):
    runs = open_runs.get(point, [])
    strand = stranded.get(point, [])
    print(f"  {point[0]:13s} pending {point[1]:5d} loss {point[2]:4.2f}: "
          f"{len(runs):3d} open {len(strand):3d} stranded of {total[point]}  "
          f"{' '.join((runs + strand)[:6])}")
sys.exit(1 if n_open else 0)
PY
