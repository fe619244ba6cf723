#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 2: delivered fraction of B's pending bytes against the loss rate.

The command line of tdplot.delivered_fraction (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.delivered_fraction import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
