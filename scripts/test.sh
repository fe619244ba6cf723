#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install what is missing, build into build/ and run every test (C++ suites
# through the module's test-runner, Python tests of plots/) with CTest.
# Exits with CTest's status.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh --tests
JOBS=2 ./scripts/build.sh
exec ctest --test-dir build --output-on-failure
