#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerate the example figures of the documentation (doc/img/*.png) with
# the commands doc/figures.md shows, from a build in build/. The runs go to
# a temporary folder; only the PNGs are copied into doc/img.
# Usage: scripts/make-doc-figures.sh [work folder (a new temporary one)]
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-$(mktemp -d /tmp/tcp-teardown-doc-figures.XXXXXX)}
py=/usr/bin/python3
figs="$work/figs"
mkdir -p "$figs"

build/tcp-teardown-sweep --variant=four-way,four-way-no-timewait,three-way,three-way-no-timewait,simultaneous,ns3-stock \
    --loss=0,0.02,0.05,0.1,0.2 --msl=0.05,0.5 --runs=20 \
    --ns3::TcpSocketBase::MinRto=200ms --quiet --outputDir="$work/sweep"
build/tcp-teardown --variant=four-way --msl=1 --drop=a2b:ack-of-fin:1 --responseBytes=1000 \
    --ns3::TcpSocket::DelAckCount=1 --ns3::TcpSocketBase::MinRto=200ms \
    --outputDir="$work/lost-final-ack" > /dev/null
build/tcp-teardown --variant=three-way --closeDelay=15ms --responseBytes=20000 \
    --outputDir="$work/three-way-pending" > /dev/null
build/tcp-teardown --variant=four-way --msl=0.5 --loss=0.2 --RngRun=7 \
    --ns3::TcpSocketBase::MinRto=200ms --outputDir="$work/lossy" > /dev/null
build/tcp-teardown --variant=three-way-direct --closeDelay=5ms --responseBytes=20000 --drop=b2a:fin:1 \
    --ns3::TcpSocket::DelAckCount=1 --ns3::TcpSocketBase::MinRto=200ms \
    --outputDir="$work/direct-fin-ack-lost" > /dev/null
build/tcp-teardown-sweep --study=old-duplicates --quiet --outputDir="$work/old-duplicates"
build/tcp-teardown-sweep --loss=0,0.05,0.1,0.15,0.2,0.3 --responseBytes=0 --msl=0.5 --runs=10000 \
    --ns3::TcpSocketBase::MinRto=200ms --quiet --outputDir="$work/analytic-loss"
build/tcp-teardown-sweep --msl=0.02,0.05,0.09,0.11,0.15,0.25,0.35,0.5,0.8,1.2 --loss=0.1 \
    --drop=a2b:ack-of-fin:1 --responseBytes=0 --runs=2000 \
    --ns3::TcpSocketBase::MinRto=200ms --quiet --outputDir="$work/analytic-reset"
build/tcp-teardown-busy --strategy=server-close,client-close,abortive,tw-reuse --msl=1,0.5 \
    --lambda=300 --duration=12 --compactTimeWait=yes --outputDir="$work/busy-occupancy" > /dev/null
build/tcp-teardown-busy --strategy=client-close --clients=1 --ports=1000 --msl=0.5 --delay=0.001 \
    --lambda=600,800,900,1000,1100,1250,1500 --duration=10 --warmup=2 \
    --outputDir="$work/busy-knee" > /dev/null

# figure script, its options, the file it writes, the doc/img name
one() {
    local out="$figs/$1"
    shift
    local written=$1 target=$2
    shift 2
    mkdir -p "$out"
    "$py" "plots/$script.py" "$@" --out "$out" > /dev/null
    cp "$out/$written.png" "doc/img/$target.png"
    echo "doc/img/$target.png"
}
script=dwell_times one dwell dwell_times dwell-times --results "$work/sweep" --filter msl_s=0.5
script=delivered_fraction one delivered delivered_fraction delivered-fraction \
    --results "$work/sweep" --filter msl_s=0.5
script=close_time_cdf one cdf close_time_cdf close-time-cdf \
    --results "$work/sweep" --filter msl_s=0.5 --at 0,0.1 --width two
script=outcomes one outcomes outcomes outcomes --results "$work/sweep" --filter loss_a2b=0.2
script=heatmap one heatmap heatmap heatmap-reset \
    --results "$work/sweep" --metric outcome=reset --width two
script=ladder one lost ladder_run0 ladder-four-way-lost-final-ack --results "$work/lost-final-ack"
script=ladder one pending ladder_run0 ladder-three-way-pending \
    --results "$work/three-way-pending" --from-close
script=ladder one lossy ladder_run0 ladder-four-way-loss-rst --results "$work/lossy"
script=ladder one direct ladder_run0 ladder-three-way-direct-fin-ack-lost \
    --results "$work/direct-fin-ack-lost" --from-close
script=old_duplicates one old old_duplicates old-duplicates --results "$work/old-duplicates"
script=analytic one analytic-loss analytic analytic-loss --results "$work/analytic-loss" --width two
script=analytic one analytic-reset analytic analytic-reset --results "$work/analytic-reset" --kind reset
script=busy_server one busy-occupancy timewait_occupancy busy-occupancy \
    --results "$work/busy-occupancy" --width two
script=busy_server one busy-knee timewait_knee busy-knee --results "$work/busy-knee"
# the README's standard set (doc/img/standard/), as ./scripts/demo.sh draws it
./scripts/standard-study.sh "$work/standard"
"$py" plots/make_figures.py --results "$work/standard" --set standard --out "$figs/standard" > /dev/null
mkdir -p doc/img/standard
for png in "$figs"/standard/*.png; do
    name=$(basename "$png")
    cp "$png" "doc/img/standard/${name//_/-}"
    echo "doc/img/standard/${name//_/-}"
done
echo "runs and figures in $work"
