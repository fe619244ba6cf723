#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 8: the analytic model of the close drawn over the Monte Carlo.

The command line of tdplot.analytic (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.analytic import main, parser  # noqa: F401
from tdplot.cli import run_main

if __name__ == "__main__":
    sys.exit(run_main(main))
