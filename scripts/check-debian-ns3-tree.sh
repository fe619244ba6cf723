#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build and test the module inside Debian 12's own ns-3 source tree (ns3
# 3.37, `apt-get source ns3`): the in-tree row of the build table that any
# Debian machine can reproduce. Adds a deb-src entry for Debian's archive if
# there is none, fetches the source into WORK (default: a new folder under
# /tmp) and runs scripts/check-ns3-trees.sh on it.
# Usage: scripts/check-debian-ns3-tree.sh [WORK]
set -euo pipefail
cd "$(dirname "$0")/.."

work=${1:-$(mktemp -d /tmp/tcp-teardown-debian-ns3.XXXXXX)}
mkdir -p "$work"

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
else
    as_root=(sudo)
fi

have_src=$(grep -rhsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/ || true)
if [ -z "$have_src" ]; then
    echo "check-debian-ns3-tree: adding a deb-src entry for Debian's archive"
    printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" "Suites: bookworm" \
        "Components: main" "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
        "${as_root[@]}" tee /etc/apt/sources.list.d/tcp-teardown-deb-src.sources >/dev/null
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
for tool in dpkg-source ninja; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends dpkg-dev ninja-build
        break
    fi
done

tree=$(ls -d "$work"/ns3-*/ns-3.* 2>/dev/null | head -n1 || true)
if [ -z "$tree" ]; then
    (cd "$work" && apt-get source -q ns3 >"$work/apt-source.log" 2>&1) || {
        echo "check-debian-ns3-tree: apt-get source ns3 failed (see $work/apt-source.log)" >&2
        exit 1
    }
    tree=$(ls -d "$work"/ns3-*/ns-3.* | head -n1)
fi
echo "check-debian-ns3-tree: Debian's ns-3 source tree: $tree"
exec scripts/check-ns3-trees.sh -l "$work/logs" "$tree"
