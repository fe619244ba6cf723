#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel harness (kernel/harness.py) end to end: one run whose first FIN
# from A is dropped must show that FIN dropped by the rule, its retransmission
# delivered, and an orderly close with A in TIME-WAIT. Skipped (77) where the
# harness cannot run: not root, no network namespaces, or td-path / td-app
# not built (no libnetfilter_queue).
# Usage: kernel-harness.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
here=$(cd "$(dirname "$0")/../.." && pwd)
for prog in tcp-teardown-kernel-path tcp-teardown-kernel-app; do
    [ -x "$build/$prog" ] || { echo "no $build/$prog (libnetfilter_queue missing): skipped"; exit 77; }
done
for tool in tcpdump iptables ethtool tc ss; do
    command -v "$tool" > /dev/null || { echo "no $tool: skipped"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timeout 120 /usr/bin/python3 "$here/kernel/harness.py" --outputDir "$work/o" --runs 1 \
    --responseBytes 0 --drop a2b:fin:1 --build "$build"
status=$?
[ $status -eq 0 ] || exit $status
/usr/bin/python3 - "$work/o" <<'PY'
import csv, sys
d = sys.argv[1]
segs = list(csv.DictReader(open(d + "/segments.csv")))
run = next(csv.DictReader(open(d + "/runs.csv")))
fins = [s for s in segs if s["direction"] == "a2b" and "FIN" in s["flags"].split("|")]
problems = []
if len(fins) != 2 or fins[0]["dropped"] != "1" or fins[0]["cause"] != "a2b:fin:1" \
        or fins[1]["dropped"] != "0":
    problems.append("A's FINs: %s" % [(f["flags"], f["dropped"], f["cause"]) for f in fins])
if segs[0]["flags"] != "SYN" or segs[0]["sent_s"] != "1.000000000":
    problems.append("first row %s" % segs[0])
for key, want in (("a_outcome", "orderly"), ("b_outcome", "orderly"), ("a_fin_tx", "2"),
                  ("a_fin_retx", "1"), ("rule_drops", "1"), ("a_time_wait_at_end", "yes"),
                  ("capture_problems", "0")):
    if run[key] != want:
        problems.append("%s=%s, want %s" % (key, run[key], want))
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
