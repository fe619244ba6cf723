# SPDX-License-Identifier: GPL-2.0-only
"""Figure 6, the ladder (sequence) diagram of one run.

trace      reading one run's segments, transitions and runs.csv row
states     each endpoint's TCP states over time
timeaxis   the time axis with compressed idle gaps, ticks
texts      what a label says
items      which arrows share a label
geometry   boxes and crossings in inches
placement  where each label goes
layout     the Ladder: window, columns, rows, arrows
draw       drawing a laid-out Ladder
figure     build_figure (the height search)
cli        parser and main of plots/ladder.py
"""

from .cli import main, parser
from .figure import build_figure
from .trace import RunTrace, load_run

__all__ = ["RunTrace", "build_figure", "load_run", "main", "parser"]
