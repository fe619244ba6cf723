#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# From a fresh Debian 12 machine to results: install what is missing, build
# into build/, run the default study and write results (and plots) under
# results/default/.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh

out=results/default
mkdir -p "$out"
if [ -x build/tcp-teardown-sweep ]; then
    build/tcp-teardown-sweep --study=default --outputDir="$out" --plot
elif [ -x build/tcp-teardown ]; then
    echo "demo: build/tcp-teardown-sweep is not built; running one scenario instead."
    build/tcp-teardown --msl=5 --outputDir="$out"
else
    echo "demo: neither build/tcp-teardown-sweep nor build/tcp-teardown was built." >&2
    exit 1
fi
echo "demo: results are in $(pwd)/$out"
if [ -f "$out/figures/report.html" ]; then
    echo "demo: report (figures, summary, meta): $(pwd)/$out/figures/report.html"
fi
