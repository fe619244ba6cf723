#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --profile=linux: doc/linux-profile.md holds the table the program prints;
# a run records the attributes the profile set, read back from the sockets
# (the values expected here are Linux's constants, written out); an
# attribute on the command line wins over the profile; over IPv6 the MSS is
# 20 bytes smaller.
# Usage: linux-profile.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
here=$(cd "$(dirname "$0")/../.." && pwd)
prog="$build/tcp-teardown"
[ -x "$prog" ] || { echo "no $prog: build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$prog" --printProfile > "$work/table.md" || exit 1
sed -n '/<!-- profile table: begin -->/,/<!-- profile table: end -->/p' \
    "$here/doc/linux-profile.md" | sed '1d;$d' > "$work/doc.md"
if ! diff -u "$work/doc.md" "$work/table.md"; then
    echo "FAIL: doc/linux-profile.md's table is not what --printProfile prints"
    exit 1
fi

"$prog" --profile=linux --outputDir="$work/linux" > /dev/null || exit 1
"$prog" --profile=linux --ns3::TcpSocketBase::MinRto=250ms --outputDir="$work/override" \
    > /dev/null || exit 1
"$prog" --profile=linux --ipv6=yes --outputDir="$work/six" > /dev/null || exit 1
"$prog" --outputDir="$work/none" > /dev/null || exit 1
/usr/bin/python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
failed = passed = 0
def row(folder):
    return next(csv.DictReader(open(f"{work}/{folder}/runs.csv")))
def expect(folder, column, value):
    global failed, passed
    got = row(folder)[column]
    if got == value:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {folder}: {column} = {got}, expected {value}")
linux = {"profile": "linux", "min_rto_s": "0.2", "clock_granularity_s": "0.2",
         "segment_size": "1448", "initial_cwnd": "10", "del_ack_timeout_s": "0.04",
         "conn_timeout_s": "1", "data_retries": "15", "quick_acks": "16",
         "delayed_fin_ack": "yes", "tail_loss_probe": "yes", "max_fin_rto_s": "120",
         "fin_wait2_timeout_s": "60", "time_wait_length_s": "60",
         "time_wait_ack_restart": "yes", "rst_on_give_up": "no", "a_time_wait_s": "60",
         "accept_rst_before_fin": "yes"}
for column, value in linux.items():
    expect("linux", column, value)
for column, value in dict(linux, min_rto_s="0.25").items():
    expect("override", column, value)
expect("six", "segment_size", "1428")
for column, value in {"profile": "none", "tail_loss_probe": "no", "time_wait_length_s": "0",
                      "a_time_wait_s": "2", "segment_size": "536"}.items():
    expect("none", column, value)
print(f"linux-profile: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
