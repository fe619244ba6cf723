# SPDX-License-Identifier: GPL-2.0-only
"""The command line every figure script shares: options, error reporting
and the main loop (read, filter, split, draw, save)."""

import argparse
import os
import sys

from . import style
from .csvio import apply_filters, parse_filters, read_runs
from .errors import DataError, UsageError
from .output import FORMATS, report, save_figure
from .split import split_runs

#: exit status of a bad result file; bad command-line values exit with 2
#: (as argparse's own errors)
DATA_ERROR_STATUS = 1
USAGE_ERROR_STATUS = 2


def base_parser(description, default_name, results_help=None, one_figure=True):
    """The options every figure script shares."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--results",
        required=True,
        metavar="DIR",
        help=results_help or "results folder holding runs.csv (tcp-teardown --outputDir or a sweep)",
    )
    p.add_argument("--out", metavar="DIR", help="output folder for the figures (default: RESULTS/figures)")
    p.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="COLUMN=VALUE",
        help="keep only runs with this value in a runs.csv column; repeatable "
        "(values of one column are alternatives, different columns must all match)",
    )
    p.add_argument(
        "--width",
        default="one",
        choices=sorted(style.WIDTHS),
        help="one (3.5 in, one column) or two (7 in, two columns) [%(default)s]",
    )
    if one_figure:
        p.add_argument("--height", type=float, metavar="IN", help="figure height in inches [automatic]")
        p.add_argument(
            "--name",
            default=default_name,
            help="base name of the output files [{}]".format(default_name or "ladder_run<N>"),
        )
    p.add_argument("--formats", default="pdf,png", help="comma-separated output formats [%(default)s]")
    p.add_argument("--dpi", type=int, default=200, help="PNG resolution [%(default)s]")
    return p


def parse_args(parser, argv=None):
    """Parse the command line, check the shared options and apply the house
    style (what every script's main does first)."""
    args = parser.parse_args(argv)
    formats(args)
    if args.dpi <= 0:
        raise UsageError("--dpi {}: must be positive".format(args.dpi))
    style.apply()
    return args


def out_dir(args):
    if args.out:
        return args.out
    base = args.results if os.path.isdir(args.results) else os.path.dirname(args.results)
    return os.path.join(base, "figures")


def formats(args):
    fmts = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
    for f in fmts:
        if f not in FORMATS:
            raise UsageError("--formats {}: unknown format '{}' ({})".format(args.formats, f, ", ".join(FORMATS)))
    if not fmts:
        raise UsageError("--formats '{}': no format given".format(args.formats))
    return fmts


def parse_float_list(text, option):
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UsageError("{} '{}': expected numbers separated by commas".format(option, text)) from None


def run_main(main, argv=None):
    """Run a script's main(argv), turning a DataError into a one-line
    message on stderr and exit status 1, a UsageError into one with exit
    status 2 (as argparse does for its own errors)."""
    try:
        return main(argv) or 0
    except (DataError, UsageError) as e:
        prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "plots"
        print("{}: error: {}".format(prog, e), file=sys.stderr)
        return USAGE_ERROR_STATUS if isinstance(e, UsageError) else DATA_ERROR_STATUS


def read_filtered(args):
    """runs.csv of --results, with the --filter options applied."""
    return apply_filters(read_runs(args.results), parse_filters(args.filter))


def save_figures(args, runs, drawn_columns, build, note=None):
    """Write one figure per combination of the settings the figure does not
    draw (see split_runs): build(part) returns (figure, drawn); note(drawn),
    if given, returns an extra line to print (or None). Every figure is
    drawn before the first file is written. Prints what it wrote."""
    made = []
    for suffix, what, part in split_runs(runs, drawn_columns):
        fig, drawn = build(part)
        made.append((suffix, what, fig, note(drawn) if note else None))
    paths = []
    for suffix, what, fig, message in made:
        if what:
            print("figure for {}".format(what))
        if message:
            print(message)
        paths += save_figure(fig, out_dir(args), args.name + suffix, formats(args), args.dpi)
    report(paths)
