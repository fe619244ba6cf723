#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The model under --profile=linux against the real Linux kernel of this
# machine (kernel/compare.py): every single-loss case must give the same
# close ladder, FIN resend times within 10 % and the same outcomes; random
# loss (10 % and 30 %, 60 runs each, both response sizes) the same outcome
# shares within 95 % intervals. Needs root and network namespaces: exit 77
# (skipped) with one line saying which is missing.
# Usage: run-compare.sh BUILD_DIR
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
    echo "kernel-compare: skipped: not root (the harness creates network namespaces)"
    exit 77
fi
for p in tcp-teardown-kernel-app tcp-teardown-kernel-path; do
    if [ ! -x "$build/$p" ]; then
        echo "kernel-compare: skipped: $build/$p not built (libnetfilter-queue-dev missing:" \
            "scripts/install-deps.sh --tests)"
        exit 77
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exec /usr/bin/python3 "$here/kernel/compare.py" --build "$build" --runs 60 --losses 0.1,0.3 \
    --work "$work"
