# SPDX-License-Identifier: GPL-2.0-only
"""TIME_WAIT's cost at a busy server (scenario busy-server, tcp-teardown-busy).

Two figures from one results folder of tcp-teardown-busy:

- timewait_occupancy: TIME_WAIT connections held over time at the server and
  at the clients (summed over the M clients; busy_timeseries.csv), one line
  per run (strategy, MSL, lambda), with Little's law lambda x 2 MSL as a dashed
  line for Poisson runs and the steady-state window shaded.
- timewait_knee: completed connections per second against the offered rate
  lambda (busy_summary.csv), one line per strategy and port model, with the
  failed connects per second and, when every run has the same ports and
  TIME_WAIT at the client, Erlang's loss formula lambda (1 - B(lambda h, P))
  (h = 2 MSL + 6 one-way delays) and the knee P / h marked.

Example:
  /usr/bin/python3 plots/busy_server.py --results results/busy --out figs/
"""

import csv
import os
from collections import defaultdict

from . import cli, draw
from .errors import DataError

SERIES = "busy_timeseries.csv"
SUMMARY = "busy_summary.csv"


def _read(path, needed):
    if not os.path.exists(path):
        raise DataError("{}: no such file (tcp-teardown-busy output)".format(path))
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise DataError("{}: no data rows".format(path))
    missing = [c for c in needed if c not in rows[0]]
    if missing:
        raise DataError("{}: missing column(s) {}".format(path, ", ".join(missing)))
    return rows


def erlang_b(offered, servers):
    """Erlang's loss formula B(E, N) by the stable recursion."""
    b = 1.0
    for k in range(1, servers + 1):
        b = offered * b / (k + offered * b)
    return b


def occupancy(series, summary):
    """{run: (label, [times], {"server": [...], "clients": [...]}, little or None, window)}"""
    by_run = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for r in series:
        if r["metric"] == "time_wait":
            where = 0 if r["node"] == "server" else 1
            by_run[r["run"]][float(r["time_s"])][where] += float(r["value"])
    out = {}
    for s in summary:
        run = s["run"]
        if run not in by_run:
            continue
        times = sorted(by_run[run])
        poisson = int(s["concurrency"]) == 0
        tw = float(s["effective_time_wait_s"])
        little = float(s["lambda"]) * tw if poisson else None
        label = "{}, 2 MSL {:g} s".format(s["strategy"], tw)
        if poisson:
            label += ", \u03bb {:g}/s".format(float(s["lambda"]))
        else:
            label += ", closed loop C={}".format(s["concurrency"])
        warmup = float(s["warmup"]) if float(s["warmup"]) >= 0 else 2 * float(s["msl"]) + 1
        counts = {
            "server": [by_run[run][t][0] for t in times],
            "clients": [by_run[run][t][1] for t in times],
        }
        out[run] = (label, times, counts, little, (warmup, float(s["duration"])))
    return out


def build_occupancy(series, summary, width="two", height=None):
    lines = occupancy(series, summary)
    if not lines:
        raise DataError("{}: no time_wait samples for the runs of {}".format(SERIES, SUMMARY))
    fig = draw.new_figure(width, height, aspect=0.55)
    n_runs = len(lines) + 2
    gs = fig.add_gridspec(2, 2, height_ratios=[1, draw.legend_height(n_runs, 3)])
    left = fig.add_subplot(gs[0, 0])
    axes = [left, fig.add_subplot(gs[0, 1], sharey=left)]
    titles = {"server": "at the server", "clients": "at the clients (sum over M)"}
    window = None
    for run, (label, t, counts, little, win) in sorted(lines.items(), key=lambda kv: int(kv[0])):
        color = None
        for ax, where in zip(axes, ("server", "clients")):
            (line,) = ax.plot(t, counts[where], label=label, linewidth=1.2, color=color)
            color = line.get_color()
            if little is not None and max(counts[where]) > 0:
                ax.axhline(little, color=color, linestyle=(0, (3, 2)), linewidth=0.8)
        window = win
    for ax, where in zip(axes, ("server", "clients")):
        if window:
            ax.axvspan(window[0], window[1], color="0.93", zorder=0)
        ax.set_title(titles[where], fontsize="small")
        ax.set_xlabel("time since the first arrival (s)")
        ax.set_ylim(bottom=0)
    axes[0].set_ylabel("TIME_WAIT connections held")
    axes[1].plot([], [], color="0.3", linestyle=(0, (3, 2)), linewidth=0.8, label="Little: \u03bb \u00d7 2 MSL")
    axes[1].fill_between([], [], color="0.93", label="steady-state window")
    handles, labels = axes[1].get_legend_handles_labels()
    draw.legend_axes(fig, gs[1, :], handles, labels, 3)
    return fig


def build_knee(summary, width="one", height=None):
    groups = defaultdict(list)
    for s in summary:
        if int(s["concurrency"]) != 0:
            continue
        groups[(s["strategy"], s["port_model"], s["effective_ports"], s["msl"])].append(s)
    if not groups or all(len(v) < 2 for v in groups.values()):
        raise DataError("{}: needs Poisson runs at two or more lambda values".format(SUMMARY))
    fig = draw.new_figure(width, height)
    ax = fig.add_subplot(1, 1, 1)
    knees = set()
    for (strategy, model, ports, msl), rows in sorted(groups.items()):
        rows.sort(key=lambda r: float(r["lambda"]))
        lam = [float(r["arrivals_per_s"]) for r in rows]
        done = [float(r["completed_per_s"]) for r in rows]
        failed = [float(r["failed_per_s"]) for r in rows]
        label = "{}, P = {} ({}),\n2 MSL {:g} s".format(strategy, ports, model, 2 * float(msl))
        (line,) = ax.plot(lam, done, marker="o", markersize=3, label=label + ": completed")
        ax.plot(lam, failed, marker="x", markersize=3, linestyle=":", color=line.get_color(), label="failed connects")
        clients = int(rows[0]["clients"])
        if strategy == "client-close" and model == "ns3":
            h = 2 * float(msl) + 6 * float(rows[0]["delay"])
            p = int(ports)
            xs = [lam[0] + (lam[-1] - lam[0]) * i / 100 for i in range(101)]
            # each client: Poisson lambda / M on its own P ports
            ys = [x * (1 - erlang_b(x / clients * h, p)) for x in xs]
            ax.plot(xs, ys, color="0.2", linestyle=(0, (3, 2)), linewidth=0.9, label="Erlang: \u03bb (1 - B(\u03bbh, P))")
            knees.add(clients * p / h)
    for k in knees:
        ax.axvline(k, color="0.5", linewidth=0.8, linestyle="-.")
        ax.annotate(
            "knee P/h = {:.0f}/s".format(k),
            (k, 0.3),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            fontsize="x-small",
            color="0.35",
        )
    ax.set_xlabel("offered connections per second \u03bb (measured)")
    ax.set_ylabel("connections per second")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize="x-small", loc="center right", bbox_to_anchor=(1.0, 0.6))
    return fig


def parser():
    p = cli.base_parser(
        __doc__.split("\n\n")[0],
        None,
        results_help="results folder of tcp-teardown-busy (busy_summary.csv, busy_timeseries.csv)",
        one_figure=False,
    )
    p.description = __doc__
    return p


def main(argv=None):
    from .output import report, save_figure

    args = cli.parse_args(parser(), argv)
    summary = _read(os.path.join(args.results, SUMMARY), ["run", "strategy", "lambda", "concurrency", "effective_time_wait_s"])
    series = _read(os.path.join(args.results, SERIES), ["run", "time_s", "node", "metric", "value"])
    outdir = cli.out_dir(args)
    fmts = cli.formats(args)
    width = "two" if args.width == "one" else args.width
    paths = save_figure(build_occupancy(series, summary, width), outdir, "timewait_occupancy", fmts, args.dpi)
    try:
        paths += save_figure(build_knee(summary, args.width), outdir, "timewait_knee", fmts, args.dpi)
    except DataError as e:
        print("busy_server: no knee figure: {}".format(e))
    report(paths)
