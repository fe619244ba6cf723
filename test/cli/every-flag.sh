#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every flag of the schema, on every program, given -1, 0, huge (1e300, 2^64),
# nan, inf, text or nothing: a valid run (exit 0) or exit 2 with one error
# line naming the flag and the value. Never an abort, a wrap-around (a
# negative byte count accepted) or ns-3's whole help text. The flags come
# from the programs' own --printSchema, so a new parameter is walked too.
# Usage: every-flag.sh BUILD_DIR
set -u
build=${1:-${TCP_TEARDOWN_BUILD_DIR:-build}}
for p in tcp-teardown close-variants tcp-teardown-sweep; do
    [ -x "$build/$p" ] || { echo "no $build/$p: build first"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

# a short MSL keeps the valid runs short (unless MSL is the flag tried)
for program in tcp-teardown close-variants tcp-teardown-sweep; do
    n=0
    for flag in $flags; do
        [ "$program" = close-variants ] && [ "$flag" = variant ] && continue
        for value in "${values[@]}"; do
            n=$((n + 1))
            args=("--$flag=$value")
            [ "$flag" != msl ] && args+=(--msl=0.01)
            out="$work/out.$program.$n"
            [ "$program" = tcp-teardown-sweep ] && args+=(--quiet "--outputDir=$out")
            err=$(timeout 120 "$build/$program" "${args[@]}" 2>&1 > /dev/null)
            status=$?
            lines=$(printf '%s' "$err" | grep -c '')
            if [ $status -eq 0 ]; then
                passes=$((passes + 1))
            elif [ $status -ne 2 ]; then
                fail "$program --$flag='$value': exit $status: $(head -c 300 <<< "$err")"
            elif [ "$lines" -ne 1 ]; then
                fail "$program --$flag='$value': $lines error lines: $(head -c 300 <<< "$err")"
            elif ! grep -qF -- "--$flag=$value" <<< "$err"; then
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
