# SPDX-License-Identifier: GPL-2.0-only
"""tdplot: paper figures from tcp-teardown results.

Data handling, statistics and drawing are kept apart (as in seaborn):

errors     DataError (a bad result file) and UsageError (a bad option)
schema     the result schema (meta.json, or tcp-teardown --printSchema)
csvio      reading the CSV files into checked Tables; --filter
derived    per-run values: loss rate, x axis, connection outcome
split      one figure per combination of the settings not drawn
stats      means and 95 % Student-t intervals (scipy)
style      colours, variant and outcome styles, widths; apply() on request
labels     axis labels, number formats
draw       shared drawing: figures of paper width, mean lines, legends
output     writing PDF/PNG/SVG files whole
cli        the shared command line and main loop
report     report.html: the figures with captions, summary table and meta

One module per figure: dwell_times, delivered_fraction, close_time_cdf,
outcomes, heatmap, ladder (a package) and make_figures (the standard set).
The scripts in plots/ are thin entry points into these.

Importing tdplot changes no matplotlib setting; call tdplot.style.apply()
for the house style (the scripts do).
"""

from .csvio import Table, apply_filters, parse_filters, read_csv, read_result_file, read_runs, results_file
from .errors import DataError, UsageError
from .stats import mean_ci, t975

__all__ = [
    "DataError",
    "Table",
    "UsageError",
    "apply_filters",
    "mean_ci",
    "parse_filters",
    "read_csv",
    "read_result_file",
    "read_runs",
    "results_file",
    "t975",
]
