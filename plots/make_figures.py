#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The standard set of figures of a results folder, all at once.

The command line of tdplot.make_figures (see --help, plots/README.md and
doc/figures.md)."""

import sys

from tdplot.cli import run_main
from tdplot.make_figures import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
