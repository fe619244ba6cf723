#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tcp-teardown's answer to bad input: one error line naming the flag and the
# value, exit status 2, and no result file created or changed.
# Usage: bad-input.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
prog="$build/tcp-teardown"
[ -x "$prog" ] || { echo "no $prog: build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A folder with one earlier result: it must come out unchanged.
"$prog" --msl=0.5 --outputDir="$work/kept" > /dev/null || fail "the good run failed"
before=$(cat "$work/kept"/*.csv | md5sum)

check() { # expected-text args...
    local expect=$1
    shift
    local err
    err=$("$prog" "$@" --outputDir="$work/kept" 2>&1 > /dev/null)
    local status=$?
    if [ $status -ne 2 ]; then
        fail "$* exited $status, not 2"
        return
    fi
    if ! grep -qF -- "$expect" <<< "$err"; then
        fail "$* : error does not name '$expect': $err"
        return
    fi
    if [ "$(cat "$work/kept"/*.csv | md5sum)" != "$before" ]; then
        fail "$* changed the result files"
        return
    fi
    passes=$((passes + 1))
}

check "--variant=two-way" --variant=two-way
check "--loss=" --loss=1.5
check "--lossA2B=-0.2" --lossA2B=-0.2
check "--msl=-1" --msl=-1
check "--delay=" --delay=-5ms
check "--rate=0bps" --rate=0bps
check "--drop=a2b:fin:0" --drop=a2b:fin:0
check "--drop=x2y:fin:1" --drop='x2y:fin:1'
check "--lossScope=often" --lossScope=often
# reuse and the path that keeps segments
check "--incarnations=0" --incarnations=0
check "--reuseGap=soon" --reuseGap=soon
check "--keep=1.5" --keep=1.5
check "--keepA2B=-0.1" --keepA2B=-0.1
check "--lifetime=-1" --lifetime=-1
check "--keepDelay=fixed" --keepDelay=fixed
check "--keepDelay=pareto:0.1" --keepDelay=pareto:0.1
check "--keepDelay=exponential:0" --keepDelay=exponential:0
check "--keepDelay=fixed:2" --keepDelay=fixed:2 --lifetime=1
check "--keepDelay=normal:1:2" --keepDelay=normal:1:2
check "--paws=yes" --variant=ns3-stock --paws=yes
check "--profile=bsd" --profile=bsd
check "--profile=linux" --variant=ns3-stock --profile=linux
# A's close strategy
check "--strategy=graceful" --strategy=graceful
check "--strategy=abortive" --variant=ns3-stock --strategy=abortive
check "--strategy=lingering" --variant=ns3-stock --strategy=lingering
check "--lingerTimeout=0" --strategy=lingering --lingerTimeout=0
check "--lingerTimeout=-1" --lingerTimeout=-1
check "--lingerTimeout=0" --lingerTimeout=0ms

# an output folder that cannot be written: nothing is created
err=$("$prog" --outputDir=/proc/tcp-teardown-out 2>&1 > /dev/null)
status=$?
if [ $status -ne 0 ] && grep -qF -- "--outputDir=/proc/tcp-teardown-out" <<< "$err" &&
    [ ! -e /proc/tcp-teardown-out ]; then
    passes=$((passes + 1))
else
    fail "unwritable --outputDir: status $status, '$err'"
fi
# a bad value in a fresh folder creates no file there
"$prog" --loss=2 --outputDir="$work/fresh" > /dev/null 2>&1
if [ -e "$work/fresh/runs.csv" ]; then
    fail "a refused run created runs.csv"
else
    passes=$((passes + 1))
fi

echo "$passes passed, $failures failed"
[ $failures -eq 0 ]
