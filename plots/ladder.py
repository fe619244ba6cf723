#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 6: ladder (sequence) diagram of one run.

The command line of tdplot.ladder (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.ladder import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
