#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The targeted-loss cases of doc/kernel-harness.md on the kernel harness and on
# the model, each with --responseBytes 0 and 20000: per case the outcome line
# of both and their flag ladders side by side.
#   kernel/cases.sh [OUT_DIR] [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/tdk-cases}
build=${2:-$here/../build}
cases=("" "a2b:fin:1" "a2b:fin:1-2" "b2a:ack-of-fin:1" "b2a:fin:1" "a2b:ack-of-fin:1"
       "a2b:ack-of-fin:1-3" "b2a:fin:1;a2b:ack-of-fin:1")
cols=run_index,delivered_bytes,a_outcome,b_outcome,a_end_state,b_end_state,a_fin_tx,b_fin_tx,a_rst_tx,b_rst_tx,rule_drops
pick() { # CSV FILE -> the columns in $cols of row 1
    /usr/bin/python3 -c '
import csv, sys
row = next(csv.DictReader(open(sys.argv[1])))
print(" ".join("%s=%s" % (c, row.get(c, "?")) for c in sys.argv[2].split(",")[1:]))' "$1" "$cols"
}
for bytes in 0 20000; do
    for drop in "${cases[@]}"; do
        name=${drop:-none}
        dir=$out/$bytes/${name//[:;]/_}
        mkdir -p "$dir"
        timeout 120 "$here/harness.py" --outputDir "$dir/kernel" --runs 1 --drop "$drop" \
            --responseBytes "$bytes" --build "$build" > /dev/null
        "$build/tcp-teardown-sweep" --runs=1 --outputDir="$dir/model" --segments=1 \
            --drop="$drop" --responseBytes="$bytes" > /dev/null 2>&1
        echo "=== responseBytes=$bytes drop=$name"
        echo "kernel: $(pick "$dir/kernel/runs.csv")"
        echo "model:  $(pick "$dir/model/runs.csv")"
        "$here/ladder.py" "$dir/kernel/segments.csv" "$dir/model/segments.csv"
    done
done
