#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""TIME_WAIT's cost at a busy server: occupancy over time and the exhaustion
knee (tcp-teardown-busy results).

The command line of tdplot.busy_server (see --help and doc/busy-server.md)."""

import sys

from tdplot.busy_server import main, parser  # noqa: F401
from tdplot.cli import run_main

if __name__ == "__main__":
    sys.exit(run_main(main))
