#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Several tcp-teardown processes appending to one folder at once: they take
# the folder's lock in turn, so no row is lost or written twice and every
# run gets its own run_index (0..N-1), in runs.csv and transitions.csv alike.
# Usage: concurrent-runs.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
prog="$build/tcp-teardown"
[ -x "$prog" ] || { echo "no $prog: build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=8
pids=()
for i in $(seq 1 $n); do
    "$prog" --msl=0.2 --loss=0.1 --RngRun="$i" --outputDir="$work/d" > /dev/null &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
/usr/bin/python3 - "$work/d" "$n" "$status" <<'PY'
import csv, sys
folder, n, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = list(csv.DictReader(open(folder + "/runs.csv")))
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
check(status == 0, "every process exited 0")
check(len(runs) == n, f"{len(runs)} rows, expected {n}")
check(sorted(int(r["run_index"]) for r in runs) == list(range(n)), "run_index 0..n-1, each once")
check(sorted(int(r["rng_run"]) for r in runs) == list(range(1, n + 1)), "every RngRun once")
seen = {int(r["run_index"]) for r in csv.DictReader(open(folder + "/transitions.csv"))}
check(seen == set(range(n)), "transitions.csv has the transitions of every run_index")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
