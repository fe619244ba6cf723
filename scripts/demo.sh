#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# From a fresh Debian 12 machine to one page of results: install what is
# missing, build into build/, run the default study and what the standard
# figure set needs (scripts/standard-study.sh: about 3 minutes on two
# cores), draw the standard set (at most ten figures: why four segments,
# why TIME_WAIT, old duplicates, TIME_WAIT's cost, the close-time CDF with
# its Markov chain, dwell times, three ladders) and write report.html.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/build.sh

out=results/default
./scripts/standard-study.sh "$out"
/usr/bin/python3 plots/make_figures.py --results "$out" --set standard --out "$out/figures"
echo "demo: results are in $(pwd)/$out"
echo "demo: report (figures, captions, summary, meta): $(pwd)/$out/figures/report.html"
