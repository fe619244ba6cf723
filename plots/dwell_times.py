#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 1: mean dwell time per close state against the loss rate.

The command line of tdplot.dwell_times (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.dwell_times import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
