#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 4: close outcomes (orderly, reset, timeout, open) against the MSL.

The command line of tdplot.outcomes (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.outcomes import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
