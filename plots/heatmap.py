#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 5: heatmap of a chosen metric over loss rate x MSL.

The command line of tdplot.heatmap (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.heatmap import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
