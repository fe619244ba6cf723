#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A row says what ran: --ns3::... overrides show in runs.csv, read back from
# the run's objects (configuration columns and ns3_overrides), and in a
# sweep's meta.json ("configuration"), also for attributes without a column.
# The expected cells are the overrides written the schema's way (seconds,
# counts), worked out here, not read off the program.
# Usage: overrides.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
for p in tcp-teardown tcp-teardown-sweep; do
    [ -x "$build/$p" ] || { echo "no $build/$p: build first"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
set -- --ns3::TcpSocketBase::MinRto=250ms --ns3::TcpSocket::DelAckCount=3 \
    --ns3::TcpTeardownSocket::TimeWaitMsl=0 --ns3::TcpSocket::InitialSlowStartThreshold=12345
"$build/tcp-teardown" "$@" --msl=0.5 --outputDir="$work/one" > /dev/null || exit 1
"$build/tcp-teardown-sweep" "$@" --msl=0.5 --runs=2 --quiet --outputDir="$work/sweep" || exit 1
/usr/bin/python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
for folder in ("one", "sweep"):
    for row in csv.DictReader(open(f"{work}/{folder}/runs.csv")):
        check(row["min_rto_s"] == "0.25", f"{folder}: min_rto_s {row['min_rto_s']}")
        check(row["del_ack_count"] == "3", f"{folder}: del_ack_count {row['del_ack_count']}")
        check(row["time_wait_msl"] == "0", f"{folder}: time_wait_msl {row['time_wait_msl']}")
        check(row["a_time_wait_n"] == "0", f"{folder}: A passed TIME_WAIT although it is 0")
        over = row["ns3_overrides"]
        for part in ("ns3::TcpSocket::DelAckCount=3", "ns3::TcpTeardownSocket::TimeWaitMsl=0",
                     "ns3::TcpSocket::InitialSlowStartThreshold=12345"):
            check(part in over.split(";"), f"{folder}: ns3_overrides lacks {part}: {over}")
    meta = json.load(open(f"{work}/{folder}/meta.json"))
    check("schema" in meta and "runs.csv" in meta["schema"]["files"], f"{folder}: schema in meta.json")
config = json.load(open(f"{work}/sweep/meta.json"))["configuration"]
check(config.get("ns3::TcpSocket::InitialSlowStartThreshold") == "12345",
      "the sweep's meta.json has the override without a column")
check(config.get("ns3::TcpSocket::DelAckCount") == "3", "and DelAckCount")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
