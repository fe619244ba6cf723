#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Figure 7: share of reuse runs corrupted by an old duplicate against MSL / L.

The command line of tdplot.old_duplicates (see --help, plots/README.md and
doc/old-duplicates.md)."""

import sys

from tdplot.cli import run_main
from tdplot.old_duplicates import main, parser  # noqa: F401

if __name__ == "__main__":
    sys.exit(run_main(main))
