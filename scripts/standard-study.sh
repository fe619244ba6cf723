#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Run everything the standard figure set draws (plots/tdplot/standard_set.py)
# into one results folder:
#   OUT/                  the default study (tcp-teardown-sweep --study=default)
#   OUT/cdf/              bare-FIN sweep for the close-time CDF and its Markov chain
#   OUT/old-duplicates/   the old-duplicates study, four-way
#   OUT/busy/occupancy/   tcp-teardown-busy: four strategies, two MSLs
#   OUT/busy/knee/        tcp-teardown-busy: a sweep over lambda, 1000 ports
#   OUT/ladders/<case>/   one run each: lost-final-ack, three-way-data, simultaneous
# The sweeps resume (a finished one is not rerun); the single runs and the
# busy runs are written to OUT/.../NAME.new and then moved into place.
#
# Usage: scripts/standard-study.sh OUT [--quick] [flags added to the default study...]
#   --quick: fewer runs in the sub-studies (for the tests), same layout.
# The programs are taken from $TCP_TEARDOWN_BUILD_DIR, else build/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
    echo "usage: scripts/standard-study.sh OUT [--quick] [default-study flags...]" >&2
    exit 2
fi
out=$1
shift
quick=no
if [ "${1:-}" = --quick ]; then
    quick=yes
    shift
fi
bin=${TCP_TEARDOWN_BUILD_DIR:-build}
for program in tcp-teardown tcp-teardown-sweep tcp-teardown-busy; do
    if [ ! -x "$bin/$program" ]; then
        echo "standard-study: $bin/$program is not built (scripts/build.sh)" >&2
        exit 1
    fi
done
if [ "$quick" = yes ]; then
    cdf_runs=300 od_runs=40 busy_s=6 knee_lambdas=600,1000,1500
else
    cdf_runs=2000 od_runs=400 busy_s=12 knee_lambdas=600,800,900,1000,1100,1250,1500
fi

say() { echo "standard-study: $*"; }
# fresh DIR CMD...: run CMD with --outputDir=DIR.new, then replace DIR
fresh() {
    local dir=$1
    shift
    rm -rf "$dir.new"
    mkdir -p "$(dirname "$dir")"
    "$@" --outputDir="$dir.new" > /dev/null
    rm -rf "$dir"
    mv "$dir.new" "$dir"
}

say "default study -> $out"
"$bin/tcp-teardown-sweep" --study=default --quiet --outputDir="$out" "$@"
say "bare-FIN close times -> $out/cdf"
"$bin/tcp-teardown-sweep" --variant=four-way,four-way-no-timewait,three-way --loss=0.05,0.1,0.2 \
    --responseBytes=0 --closeDelay=0 --workAfterFin=0 --msl=0.5 --runs="$cdf_runs" --quiet \
    --outputDir="$out/cdf"
say "old duplicates -> $out/old-duplicates"
"$bin/tcp-teardown-sweep" --study=old-duplicates --variant=four-way --runs="$od_runs" --quiet \
    --outputDir="$out/old-duplicates"
say "busy server -> $out/busy"
fresh "$out/busy/occupancy" "$bin/tcp-teardown-busy" --strategy=server-close,client-close,abortive,tw-reuse \
    --msl=1,0.5 --lambda=300 --duration="$busy_s" --compactTimeWait=yes
fresh "$out/busy/knee" "$bin/tcp-teardown-busy" --strategy=client-close --clients=1 --ports=1000 --msl=0.5 \
    --delay=0.001 --lambda="$knee_lambdas" --duration=10 --warmup=2
say "ladders -> $out/ladders"
fresh "$out/ladders/lost-final-ack" "$bin/tcp-teardown" --variant=four-way --msl=1 --drop=a2b:ack-of-fin:1
fresh "$out/ladders/three-way-data" "$bin/tcp-teardown" --variant=three-way --closeDelay=0.1 --workAfterFin=0.2 \
    --responseBytes=20000
fresh "$out/ladders/simultaneous" "$bin/tcp-teardown" --variant=simultaneous --msl=1
say "done: $out"
