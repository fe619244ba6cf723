# SPDX-License-Identifier: GPL-2.0-only
"""Figure 6: ladder (sequence) diagram of one run.

A and B are two vertical time axes, time running down. Every segment of
segments.csv is an arrow from the sender at its start of transmission to the
receiver at its arrival, labelled with its flags and length (and seq/ack
with --seqack). A dropped segment is drawn dashed in vermillion and ends in
a cross: the model drops segments on receipt, so the cross sits near the
receiver (--loss-at, a fraction of the way), short of the axis, and the
segment never reaches it. The state of each endpoint (transitions.csv) is
shaded in a band beside its axis and named where it is entered.

Time: RTT is tens of milliseconds while RTO and TIME_WAIT are seconds, so by
default (--axis broken) every idle stretch longer than --gap (default three
times the longest flight time) with no segment in flight is compressed to a
short break, marked on both axes and labelled with its length. Ticks are in
milliseconds since A's close call (--origin close; --origin zero for
simulation time). --from-close starts at the close call; --tmin/--tmax
(seconds on the same origin) cut any window. Labels never overlap: dense
bursts of the same kind of segment share one label ("10 x ACK (536 B
each)"), arrows that leave one end at (nearly) the same moment share one
label read top to bottom ("ACK + ACK (536 B)"), and the height grows until
every label has room (with --height fixed, labels without room are left out
and reported).

Run choice: --run N (run_index), else the first run of runs.csv matching
--filter (e.g. --filter variant=three-way), else the first run of
segments.csv.

Example:
  build/tcp-teardown --variant=four-way --msl=1 --drop=a2b:ack-of-fin:1 --outputDir=r
  /usr/bin/python3 plots/ladder.py --results r --out figs --width two
"""

import sys

from .. import cli
from ..csvio import apply_filters, parse_filters, read_runs
from ..errors import DataError
from ..output import report, save_figure
from .figure import build_figure
from .trace import load_run


def parser():
    p = cli.base_parser(
        __doc__.split("\n\n")[0],
        None,
        results_help="results folder holding segments.csv (and transitions.csv, runs.csv)",
    )
    p.description = __doc__
    p.set_defaults(width="two", name=None)
    p.add_argument("--run", type=int, metavar="N", help="run_index of the run to draw")
    p.add_argument("--seqack", action="store_true", help="add seq and ack numbers to the labels")
    p.add_argument(
        "--origin",
        default="close",
        choices=["close", "zero"],
        help="tick origin: A's close call or simulation time 0 [%(default)s]",
    )
    p.add_argument("--from-close", action="store_true", help="start the diagram at A's close call")
    p.add_argument("--tmin", type=float, metavar="S", help="window start, seconds on the tick origin")
    p.add_argument("--tmax", type=float, metavar="S", help="window end, seconds on the tick origin")
    p.add_argument(
        "--axis",
        default="broken",
        choices=["broken", "linear"],
        help="broken: compress idle gaps; linear: true time scale throughout [%(default)s]",
    )
    p.add_argument(
        "--gap",
        type=float,
        metavar="S",
        help="compress idle stretches longer than this (seconds) [3 x the longest flight]",
    )
    p.add_argument("--gap-size", type=float, default=0.3, metavar="IN", help="height of a compressed gap [%(default)s]")
    p.add_argument(
        "--loss-at",
        type=float,
        default=0.85,
        metavar="F",
        help="where a dropped segment's arrow ends, as a fraction of the way [%(default)s]",
    )
    p.add_argument("--title", help="title line ('' for none) [variant, MSL, loss, drops, run]")
    p.add_argument("--no-group", action="store_true", help="label every segment, never a burst as one")
    p.add_argument(
        "--max-height", type=float, metavar="IN", help="cap for the automatic height [7.5 one, 9 two]"
    )
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    filters = parse_filters(args.filter)
    trace = load_run(args.results, args.run, filters)
    if args.run is not None and filters and trace.run_row is not None:
        runs = read_runs(args.results)
        match = apply_filters(runs, filters)
        if args.run not in [int(v) for v in match.numbers("run_index")]:
            raise DataError("run {} does not match the filters".format(args.run))
    fig, drawn = build_figure(
        trace,
        width=args.width,
        height=args.height,
        seqack=args.seqack,
        origin=args.origin,
        tmin=args.tmin,
        tmax=args.tmax,
        from_close=args.from_close,
        axis=args.axis,
        gap=args.gap,
        gap_size=args.gap_size,
        loss_at=args.loss_at,
        title=args.title,
        group=not args.no_group,
        max_height=args.max_height,
    )
    if drawn["outside"]:
        print("{} segment(s) outside the time window are not drawn".format(drawn["outside"]))
    if drawn["unlabelled"]:
        print(
            "warning: no room for {} label(s) ({}); use a larger --height, --tmin/--tmax or --width two".format(
                len(drawn["unlabelled"]), "; ".join(u["text"].replace("\n", " ") for u in drawn["unlabelled"])
            ),
            file=sys.stderr,
        )
    name = args.name or "ladder_run{}".format(trace.run_index)
    paths = save_figure(fig, cli.out_dir(args), name, cli.formats(args), args.dpi)
    report(paths)

