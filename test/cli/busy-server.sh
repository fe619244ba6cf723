#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tcp-teardown-busy: its three outputs, one row per connection (as many as
# arrivals, each outcome counted in the summary), the same files from the
# same command (deterministic), the series' TIME_WAIT count back to 0 at the
# end, and bad input (exit 2, one line naming the flag) leaving earlier
# outputs unchanged.
# Usage: busy-server.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
prog="$build/tcp-teardown-busy"
[ -x "$prog" ] || { echo "no $prog: build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

args=(--strategy=server-close,client-close,abortive --lambda=200 --clients=3 --msl=0.2
      --duration=3 --loss=0.02 --quiet)
"$prog" "${args[@]}" --outputDir="$work/a" || fail "the run failed"
"$prog" "${args[@]}" --outputDir="$work/b" || fail "the second run failed"
for f in busy_summary.csv busy_timeseries.csv busy_connections.csv; do
    [ -s "$work/a/$f" ] || fail "no $f"
    cmp -s "$work/a/$f" "$work/b/$f" || fail "$f differs between two runs of one command"
done
ls "$work/a" | grep -q partial && fail "a .partial file was left behind"

/usr/bin/python3 - "$work/a" <<'PY' || failures=$((failures + 1))
import csv, sys, collections
d = sys.argv[1]
summary = list(csv.DictReader(open(d + "/busy_summary.csv")))
conns = list(csv.DictReader(open(d + "/busy_connections.csv")))
series = list(csv.DictReader(open(d + "/busy_timeseries.csv")))
bad = []
if len(summary) != 3:
    bad.append("3 runs expected, got %d" % len(summary))
for s in summary:
    rows = [c for c in conns if c["run"] == s["run"]]
    if len(rows) != int(s["arrivals"]):
        bad.append("run %s: %d rows for %s arrivals" % (s["run"], len(rows), s["arrivals"]))
    counts = collections.Counter(c["outcome"] for c in rows)
    for o in ("completed", "no_port", "connect_failed", "reset", "unfinished"):
        if counts.get(o, 0) != int(s[o]):
            bad.append("run %s: %d rows %s, summary says %s" % (s["run"], counts.get(o, 0), o, s[o]))
    at = {"server-close": "server", "client-close": "client", "abortive": ""}[s["strategy"]]
    for c in rows:
        if c["outcome"] == "completed" and c["time_wait_at"] != at:
            bad.append("run %s: a completed %s connection has TIME_WAIT at '%s'" % (s["run"], s["strategy"], c["time_wait_at"]))
            break
    last = max(float(r["time_s"]) for r in series if r["run"] == s["run"])
    tw = sum(float(r["value"]) for r in series if r["run"] == s["run"] and r["metric"] == "time_wait" and float(r["time_s"]) == last)
    if tw != 0:
        bad.append("run %s: %g TIME_WAITs still held at the end" % (s["run"], tw))
    if s["effective_time_wait_s"] != "0.4":
        bad.append("run %s: effective TIME_WAIT %s, not 2 x 0.2 s" % (s["run"], s["effective_time_wait_s"]))
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

before=$(cat "$work/a"/*.csv | md5sum)
for bad in --lambda=0 --clients=0 --strategy=linger --portModel=bsd --ports=99999 \
    --concurrency=20000 --warmup=5 --msl=-1; do
    err=$("$prog" "${args[@]}" "$bad" --outputDir="$work/a" 2>&1 > /dev/null)
    status=$?
    [ $status -eq 2 ] || fail "$bad exited $status, not 2"
    [ "$(printf '%s\n' "$err" | grep -c '')" -eq 1 ] || fail "$bad: not one error line: $err"
    grep -qF -- "${bad%%=*}" <<< "$err" || fail "$bad: the error does not name the flag: $err"
done
[ "$(cat "$work/a"/*.csv | md5sum)" = "$before" ] || fail "bad input changed earlier outputs"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "busy-server CLI: all checks passed"
