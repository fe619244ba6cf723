#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every flag of every program (the schema's and each program's own), given
# -1, 0, huge (1e300, 2^64), nan, inf, text or nothing: a valid run (exit 0)
# or exit 2 with one error line naming the flag and the value. Never an
# abort, a wrap-around (a negative byte count accepted) or ns-3's whole help
# text. The schema's flags come from --printSchema and each program's own
# from its --PrintHelp, so a new parameter or flag is walked too.
# Usage: every-flag.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
programs="tcp-teardown close-variants tcp-teardown-sweep tcp-teardown-check tcp-teardown-bench tcp-teardown-busy tcp-teardown-busy-bench"
for p in $programs; do
    [ -x "$build/$p" ] || { echo "no $build/$p: build first"; exit 1; }
done
build=$(cd "$build" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" # a flag naming a folder (--outputDir=abc) writes here
failures=0
passes=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

flags=$("$build/tcp-teardown" --printSchema | /usr/bin/python3 -c '
import json, sys
for p in json.load(sys.stdin)["parameters"]:
    print(p["name"])
') || { echo "FAIL: --printSchema"; exit 1; }
# ns-3's own flags go through the same checks
flags="$flags ns3::TcpSocketBase::MinRto ns3::TcpSocket::DelAckCount RngRun"

values=(-1 0 1e300 18446744073709551616 nan inf abc "")

# a program's own flags: the "Program Options" of its help
own_flags() {
    "$build/$1" --PrintHelp | sed -n '/^Program Options:/,/^General Arguments:/p' |
        sed -n 's/^ *--\([A-Za-z0-9]*\):.*/\1/p'
}

# a short MSL keeps the valid runs short (unless MSL is the flag tried)
for program in $programs; do
    n=0
    walked=$(own_flags "$program")
    [ -n "$walked" ] || fail "$program: no flags in its --PrintHelp"
    case $program in
        tcp-teardown-check | tcp-teardown-bench | tcp-teardown-busy*) schema=no ;;
        *) schema=yes walked=$(printf '%s\n' $flags $walked | sort -u) ;;
    esac
    for flag in $walked; do
        [ "$program" = close-variants ] && [ "$flag" = variant ] && continue
        for value in "${values[@]}"; do
            n=$((n + 1))
            args=("--$flag=$value")
            [ $schema = yes ] && [ "$flag" != msl ] && args+=(--msl=0.01)
            [ "$program" = tcp-teardown-check ] && [ "$flag" != cases ] && args+=(--cases=5)
            if [ "$program" = tcp-teardown-bench ]; then # a valid value runs a tiny benchmark
                for count in only processRuns inProcessRuns recordingRuns recordingRounds \
                    jobsRuns memoryRuns onlyRuns; do
                    [ "$flag" = $count ] && continue
                    [ $count = only ] && args+=(--only=bare) || args+=(--$count=2)
                done
            fi
            if [ "$program" = tcp-teardown-busy ]; then # a valid value runs a short busy-server run
                for short in duration=0.3 warmup=0.1 msl=0.05 lambda=100 clients=2; do
                    [ "$flag" = "${short%%=*}" ] || args+=(--$short)
                done
                [ "$flag" = quiet ] || args+=(--quiet)
            fi
            if [ "$program" = tcp-teardown-busy-bench ]; then # a tiny benchmark
                for short in sizes=50 msl=0.05 lambda=1000 clients=2; do
                    [ "$flag" = "${short%%=*}" ] || args+=(--$short)
                done
            fi
            out="$work/out.$program.$n"
            [ "$program" = tcp-teardown-sweep ] && [ "$flag" != outputDir ] &&
                args+=(--quiet "--outputDir=$out")
            err=$(timeout 120 "$build/$program" "${args[@]}" 2>&1 > /dev/null)
            status=$?
            lines=$(printf '%s' "$err" | grep -c '')
            if [ $status -eq 0 ]; then
                passes=$((passes + 1))
            elif [ $status -ne 2 ]; then
                fail "$program --$flag='$value': exit $status: $(head -c 300 <<< "$err")"
            elif [ "$lines" -ne 1 ]; then
                fail "$program --$flag='$value': $lines error lines: $(head -c 300 <<< "$err")"
            elif ! grep -qF -- "--$flag${value:+=$value}" <<< "$err"; then
                # (an empty value toggles a boolean flag: naming the flag is enough)
                fail "$program --$flag='$value': the error does not name it: $err"
            else
                passes=$((passes + 1))
            fi
        done
    done
done

# a byte count never wraps around: -5 is refused, not read as 4294967291
err=$("$build/tcp-teardown" --responseBytes=-5 2>&1 > /dev/null)
if [ $? -eq 2 ] && grep -qF -- "--responseBytes=-5" <<< "$err"; then
    passes=$((passes + 1))
else
    fail "--responseBytes=-5 was not refused: $err"
fi

echo "$passes passed, $failures failed"
[ $failures -eq 0 ]
