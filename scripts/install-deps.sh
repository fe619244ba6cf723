#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Install the Debian 12 packages that building, plotting and (with --tests)
# every test need: --tests adds a real Slurm (slurmctld, slurmd, munge) for the
# Slurm test and what the kernel harness uses (iptables, tcpdump, ethtool,
# libnetfilter_queue) and headless Chromium, which renders report.html in
# plots/tests/test_report.py. Idempotent: does nothing (and needs no root) when all are
# installed. Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
    build-essential cmake g++
    # ns-3 3.37; the exported CMake targets also need ns3 and these -dev
    # packages, or CMake stops at configure time.
    libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev libpython3-dev
    nlohmann-json3-dev
    python3-matplotlib python3-numpy python3-scipy python3-pytest
)

if [ "${1:-}" = --tests ]; then
    packages+=(slurmctld slurmd slurm-client munge)
    # the kernel harness (kernel/harness.py, doc/kernel-harness.md)
    packages+=(iptables tcpdump ethtool libnetfilter-queue-dev pkg-config)
    # plots/tests/test_report.py renders report.html in headless Chromium
    packages+=(chromium)
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [ "$status" != "installed" ]; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: installing them needs root, and sudo is not available." >&2
    echo "install-deps: run this script as root, or install the packages yourself." >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
