#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Compact TIME_WAIT records (compactTimeWait=yes: TcpTeardownL4Protocol's
# table) change nothing a single connection shows: a sweep over a grid that
# exercises TIME_WAIT (final ACKs lost so that FINs are re-ACKed in
# TIME_WAIT, random loss, the Linux profile's TimeWaitAckRestart and 60 s
# TIME_WAIT, incarnations on one 4-tuple, old duplicates kept back by the
# path, PAWS, RSTs that cut TIME_WAIT, IPv6's fallback to the full socket)
# gives byte-identical runs.csv (but for the compact_time_wait column),
# segments.csv and transitions.csv with compactTimeWait=no and =yes.
# Usage: compact-time-wait.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
prog="$build/tcp-teardown-sweep"
[ -x "$prog" ] || { echo "no $prog: build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

grids=(
    "--variant=four-way,simultaneous,three-way --loss=0,0.1,0.3 --drop=none,a2b:ack-of-fin:1,a2b:ack-of-fin:1-3 --profile=none,linux --msl=0.5 --runs=8"
    "--variant=four-way,simultaneous --loss=0.1,0.3 --incarnations=1,3 --isn=ns3,rfc6528 --paws=no,yes --keep=0,0.3 --msl=0.5 --runs=4"
    "--variant=four-way --loss=0.2 --drop=none,a2b:ack-of-fin:1 --ipv6=yes --msl=0.5 --runs=3"
)
failures=0
for g in "${!grids[@]}"; do
    for c in no yes; do
        # shellcheck disable=SC2086
        "$prog" ${grids[$g]} --jobs=1 --quiet --segments --transitions --compactTimeWait=$c \
            --outputDir="$work/$g-$c" > "$work/$g-$c.log" 2>&1 || {
            echo "FAIL: grid $g compactTimeWait=$c exited $?"
            cat "$work/$g-$c.log"
            failures=$((failures + 1))
        }
    done
    for f in segments.csv transitions.csv; do
        if ! cmp -s "$work/$g-no/$f" "$work/$g-yes/$f"; then
            echo "FAIL: grid $g: $f differs"
            diff "$work/$g-no/$f" "$work/$g-yes/$f" | head -5
            failures=$((failures + 1))
        fi
    done
done
/usr/bin/python3 - "$work" "${#grids[@]}" <<'PY' || failures=$((failures + 1))
import csv, sys
work, grids = sys.argv[1], int(sys.argv[2])
failed = 0
cut = lines = sentInTimeWait = 0
for g in range(grids):
    no = list(csv.reader(open(f"{work}/{g}-no/runs.csv")))
    yes = list(csv.reader(open(f"{work}/{g}-yes/runs.csv")))
    col = no[0].index("compact_time_wait")
    if len(no) != len(yes) or no[0] != yes[0]:
        print(f"FAIL: grid {g}: runs.csv shapes differ")
        failed += 1
        continue
    ipv6 = no[0].index("ipv6")
    for a, b in zip(no[1:], yes[1:]):
        want = "no" if b[ipv6] == "yes" else "yes"
        if a[col] != "no" or b[col] != want:
            print(f"FAIL: grid {g} run {a[0]}: compact_time_wait read back {a[col]}/{b[col]}")
            failed += 1
        a[col] = b[col] = ""
        if a != b:
            diff = [no[0][i] for i in range(len(a)) if a[i] != b[i]]
            print(f"FAIL: grid {g} run {a[0]} differs in {diff[:8]}")
            failed += 1
    rows = list(csv.DictReader(open(f"{work}/{g}-no/runs.csv")))
    cut += sum(r["a_time_wait_cut"] == "yes" or r["b_time_wait_cut"] == "yes" for r in rows)
    lines += len(rows)
    # segments an end sent while in TIME_WAIT (its first TIME_WAIT, by the transitions)
    entered = {}
    for t in csv.DictReader(open(f"{work}/{g}-no/transitions.csv")):
        key = (t["run_index"], t["endpoint"])
        if t["to"] == "TIME_WAIT":
            entered.setdefault(key, [float(t["time_s"]), None])
        elif t["from"] == "TIME_WAIT" and key in entered and entered[key][1] is None:
            entered[key][1] = float(t["time_s"])
    for s in csv.DictReader(open(f"{work}/{g}-no/segments.csv")):
        span = entered.get((s["run_index"], "A" if s["direction"] == "a2b" else "B"))
        if span and span[0] < float(s["sent_s"]) < (span[1] or 1e9):
            sentInTimeWait += 1
# the grid must reach TIME_WAIT's events: cuts by RST, and FINs re-ACKed in
# TIME_WAIT (A's segments after its TIME_WAIT began)
if cut == 0 or sentInTimeWait == 0:
    print("FAIL: the grid does not reach TIME_WAIT's events")
    failed += 1
print(f"{lines} runs compared; {cut} with TIME_WAIT cut by a RST; "
      f"{sentInTimeWait} segments sent from TIME_WAIT")
sys.exit(1 if failed else 0)
PY
if [ $failures -ne 0 ]; then
    echo "compact-time-wait: $failures failures"
    exit 1
fi
echo "compact-time-wait: runs.csv, segments.csv, transitions.csv identical"
