#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 3: CDF of the close completion time per variant at chosen loss rates.

The command line of tdplot.close_time_cdf (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.close_time_cdf import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
