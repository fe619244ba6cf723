# SPDX-License-Identifier: GPL-2.0-only
"""Figure 8: the analytic model of the close (tdplot.analytic_model) drawn
over the Monte Carlo.

--kind loss (a sweep over --loss, one MSL): three panels against the loss
rate p, the Monte Carlo mean of each run's close_time_s, A's FIN_WAIT_1 and
B's LAST_ACK dwell with its 95 % Student-t interval (markers with error
bars), and the chain's expectation as a line. With responseBytes 0 the
chain is exact; with a response it is the FIN-on-data approximation (a
constant transfer time, measured at p = 0 of the same sweep, added to the
close time; dotted; FIN_WAIT_1 and LAST_ACK not drawn).

--kind reset (a sweep over --msl, e.g. with --drop=a2b:ack-of-fin:1 and
random loss): the share of runs in which B ends reset against 2 MSL / RTO,
with 95 % Clopper-Pearson intervals, and the chain's P(B reset) as a line
over a fine grid of MSL values (a staircase: B's retransmitted FINs must
arrive after TIME_WAIT ran out).

The analytic line is drawn only where the runs are the model's scenario
(four-way, closeDelay 0, serverDelay 0, independent loss from the close
on, IPv4, one incarnation, half close, RFC profile, no drop rule or only
a2b:ack-of-fin:1); otherwise the figure shows the Monte Carlo alone and
says why. Reads runs.csv; other varying parameters give one figure each.

Examples:
  build/tcp-teardown-sweep --loss=0,0.05,0.1,0.15,0.2,0.3 --responseBytes=0 --msl=0.5 --runs=2000 \\
      --ns3::TcpSocketBase::MinRto=200ms --outputDir=results/analytic-loss
  /usr/bin/python3 plots/analytic.py --results results/analytic-loss --out figs/
  build/tcp-teardown-sweep --msl=0.02,0.05,0.09,0.11,0.2,0.3,0.5,1 --loss=0.1 --drop=a2b:ack-of-fin:1 \\
      --responseBytes=0 --runs=1000 --ns3::TcpSocketBase::MinRto=200ms --outputDir=results/analytic-reset
  /usr/bin/python3 plots/analytic.py --results results/analytic-reset --kind reset --out figs/
"""

import math

import numpy as np

from . import analytic_model, cli, derived, draw, errors, style
from .old_duplicates import clopper_pearson
from .stats import mean_ci

LOSS_METRICS = [
    ("close_time_s", "e_close_time", "close time"),
    ("a_fin_wait_1_s", "e_fin_wait_1", "A: FIN_WAIT_1"),
    ("b_last_ack_s", "e_last_ack", "B: LAST_ACK"),
]

#: runs.csv settings the chain assumes, with the value it assumes
_ASSUMED = {
    "variant": "four-way",
    "close_delay_s": 0.0,
    "server_delay_s": 0.0,
    "loss_scope": "close",
    "loss_burst": 1.0,
    "ipv6": "no",
    "incarnations": 1.0,
    "strategy": "half-close",
    "profile": "none",
    "tail_loss_probe": "no",
    "delayed_fin_ack": "no",
    "fin_response": "ack",
    "final_ack": "yes",
    "last_ack": "yes",
    "time_wait_length_s": 0.0,
    "time_wait_ack_restart": "no",
    "accept_rst_before_fin": "no",
    "ignore_rst_in_time_wait": "no",
    "timestamp": "yes",
    "paws": "no",
    "keep_a2b": 0.0,
    "keep_b2a": 0.0,
    "work_after_fin_s": 0.0,
}
DROPS = {"": False, "a2b:ack-of-fin:1": True}

MC_COLOR = style.OKABE_ITO["blue"]
ANALYTIC_COLOR = style.OKABE_ITO["vermillion"]


def chain_params(row):
    """(Scenario keyword arguments, None) for a runs.csv row (a dict of
    strings) that is the model's scenario, else (None, reason)."""
    for col, want in _ASSUMED.items():
        if col not in row or row[col] == "":
            continue  # older results: the default
        got = row[col]
        if isinstance(want, float):
            try:
                same = math.isclose(float(got), want, abs_tol=1e-12)
            except ValueError:
                same = False
        else:
            same = got == want
        if not same:
            return None, "{}={} (the model assumes {})".format(col, got, want)
    drop = row.get("drop", "")
    if drop not in DROPS:
        return None, "drop={} (the model knows no drop rule or a2b:ack-of-fin:1)".format(drop)
    tw_msl = float(row.get("time_wait_msl") or 2)
    params = dict(
        loss_a2b=float(row["loss_a2b"]),
        loss_b2a=float(row["loss_b2a"]),
        msl=float(row["msl_s"]),
        time_wait=tw_msl * float(row["msl_s"]),
        min_rto=float(row.get("min_rto_s") or 1.0),
        fin_retries=int(float(row.get("fin_retries") or 8)),
        max_fin_rto=float(row.get("max_fin_rto_s") or 60.0),
        delay=float(row.get("delay_s") or 0.01),
        rate=row.get("rate") or "10Mbps",
        request_bytes=int(float(row.get("request_bytes") or 100)),
        start=float(row.get("start_s") or 1.0),
        stop_time=float(row.get("stop_time_s") or 0.0),
        conn_timeout=float(row.get("conn_timeout_s") or 3.0),
        rst_on_give_up=(row.get("rst_on_give_up") or "yes") == "yes",
        drop_final_ack=DROPS[drop],
    )
    return params, None


def _rows(runs, indices=None):
    """runs.csv rows as dicts of strings: all, or those of the given indices."""
    cols = runs.header
    cells = {c: runs.strings(c) for c in cols}
    picked = range(len(runs)) if indices is None else indices
    return [{c: cells[c][i] for c in cols} for i in picked]


def _groups(rows, key):
    out = {}
    for r in rows:
        out.setdefault(float(r[key]), []).append(r)
    return dict(sorted(out.items()))


def loss_points(runs):
    """{p: rows} (loss the same both ways) and the chain's parameters of
    the first row (or None, reason)."""
    derived.loss_rate(runs)  # fails when the two directions differ
    rows = _rows(runs)
    groups = _groups(rows, "loss_a2b")
    params, why = chain_params(rows[0])
    return groups, params, why


def _mc(rows, col):
    return mean_ci([float(r[col]) if r[col] != "" else math.nan for r in rows])


def build_loss_figure(runs, width="two", height=None, grid=13):
    """Panels close time, FIN_WAIT_1, LAST_ACK against p. Returns (fig,
    drawn) with drawn = {'metrics': {col: {'p', 'n', 'mean', 'half',
    'analytic_p', 'analytic'}}, 'exact': bool, 'why': reason or None}."""
    runs.require(["loss_a2b", "loss_b2a", "msl_s", "response_bytes"] + [m[0] for m in LOSS_METRICS])
    groups, params, why = loss_points(runs)
    ps = np.array(list(groups))
    response = int(float(_rows(runs)[0]["response_bytes"]))
    exact = params is not None and response == 0
    transfer = None
    if params is not None and response > 0:
        if 0.0 in groups:
            base = analytic_model.bare_fin(**dict(params, loss_a2b=0.0, loss_b2a=0.0))
            transfer = _mc(groups[0.0], "close_time_s")[1] - base["e_close_time"]
        else:
            why = "responseBytes {} > 0 and no loss-0 runs to measure the transfer time".format(response)
            params = None
    apts = np.array(sorted(set(np.round(np.linspace(0, ps.max(), grid), 12)) | set(ps))) if params else np.array([])
    models = [analytic_model.bare_fin(**dict(params, loss_a2b=p, loss_b2a=p)) for p in apts] if params else []

    metrics = LOSS_METRICS if params is None or exact else LOSS_METRICS[:1] + [(c, None, t) for c, _k, t in LOSS_METRICS[1:]]
    fig = draw.new_figure(width, height or (2.3 if width == "two" else 4.6))
    ncol = len(metrics) if width == "two" else 1
    nrow = int(math.ceil(len(metrics) / ncol))
    leg_h = draw.legend_height(2, 2)
    gs = fig.add_gridspec(nrow + 1, ncol, height_ratios=[leg_h] + [1.0] * nrow)
    drawn = {"metrics": {}, "exact": exact, "why": why, "transfer_s": transfer}
    handles = []
    for k, (col, key, title) in enumerate(metrics):
        ax = fig.add_subplot(gs[1 + k // ncol, k % ncol])
        stats = [_mc(groups[p], col) for p in ps]
        n = np.array([s[0] for s in stats])
        mean = np.array([s[1] for s in stats])
        half = np.array([s[2] for s in stats])
        mc = ax.errorbar(
            ps, mean, yerr=np.nan_to_num(half), color=MC_COLOR, marker="o", linestyle="none",
            capsize=2, elinewidth=0.8, markersize=3, label="Monte Carlo, 95 % CI",
        )
        mc.lines[0].set_gid("mc:" + col)
        d = dict(p=ps, n=n, mean=mean, half=half, analytic_p=np.array([]), analytic=np.array([]))
        if models and key is not None:
            y = np.array([m[key] for m in models])
            if col == "close_time_s" and not exact:
                y = y + transfer
            (line,) = ax.plot(
                apts, y, color=ANALYTIC_COLOR, linestyle="-" if exact else ":", linewidth=1.1,
                label="Markov chain (exact)" if exact else "approximation (transfer + chain)",
            )
            line.set_gid("analytic:" + col)
            d.update(analytic_p=apts, analytic=y)
        drawn["metrics"][col] = d
        ax.set_title(title, pad=3)
        ax.set_ylabel("mean (s)")
        ax.set_xlabel("loss rate p (each direction)")
        ax.set_ylim(bottom=0)
        ax.grid(True, axis="y")
        if k == 0:
            handles = ax.get_legend_handles_labels()
    if why:
        fig.axes[-1].annotate(
            "no analytic line: " + why, (0.02, 0.98), xycoords="axes fraction", va="top", fontsize="small", color="0.35"
        )
    draw.legend_axes(fig, gs[0, :], handles[0], handles[1], 2)
    return fig, drawn


def cdf_line(row):
    """The chain's CDF of close_time_s for a runs.csv row (a dict of
    strings): (x, y) step coordinates (steps-post, from 0 at the first atom
    to P(complete)), or (None, reason) when the row is not the bare-FIN
    scenario the chain is exact for."""
    params, why = chain_params(row)
    if params is None:
        return None, why
    if int(float(row.get("response_bytes") or 0)) != 0:
        return None, "responseBytes {} > 0 (the chain is exact for a bare FIN)".format(row["response_bytes"])
    times, probs = analytic_model.close_time_distribution(**params)
    x = np.concatenate([[times[0]], times])
    y = np.concatenate([[0.0], np.cumsum(probs)])
    return (x, y), None


def rto_of(params):
    """The RTO the chain starts from (A's; B's unless its RTT sample was
    long): max(MinRto, 3 x the handshake's RTT sample)."""
    return analytic_model._Chain(analytic_model.Scenario(**params)).r_a / analytic_model.NS


def build_reset_figure(runs, width="one", height=None, grid=60):
    """P(B reset) against 2 MSL / RTO. Returns (fig, drawn) with drawn =
    {'x', 'n', 'k', 'low', 'high', 'analytic_x', 'analytic', 'rto', 'why'}."""
    runs.require(["msl_s", "b_outcome", "loss_a2b", "loss_b2a"])
    rows = _rows(runs)
    groups = _groups(rows, "msl_s")
    params, why = chain_params(rows[0])
    if params is not None and int(float(rows[0].get("response_bytes") or 0)) != 0:
        params, why = None, "responseBytes > 0 (the chain is the bare-FIN case)"
    rto = rto_of(params) if params else float(rows[0].get("min_rto_s") or 1.0)
    msls = np.array(list(groups))
    n = np.array([len(g) for g in groups.values()])
    k = np.array([sum(r["b_outcome"] == "reset" for r in g) for g in groups.values()])
    ci = np.array([clopper_pearson(int(a), int(b)) for a, b in zip(k, n)])
    x = 2 * msls / rto
    fig = draw.new_figure(width, height or (2.6 if width == "one" else 2.8))
    gs = fig.add_gridspec(2, 1, height_ratios=[draw.legend_height(2, 2), 1.0])
    ax = fig.add_subplot(gs[1, 0])
    share = k / n
    mc = ax.errorbar(
        x, share, yerr=[share - ci[:, 0], ci[:, 1] - share], color=MC_COLOR, marker="o", linestyle="none",
        capsize=2, elinewidth=0.8, markersize=3, label="Monte Carlo, 95 % Clopper-Pearson",
    )
    mc.lines[0].set_gid("mc:b_reset")
    drawn = dict(x=x, n=n, k=k, low=ci[:, 0], high=ci[:, 1], analytic_x=np.array([]), analytic=np.array([]), rto=rto, why=why)
    if params:
        lo, hi = msls.min(), msls.max()
        fine = np.geomspace(lo, hi, grid) if lo > 0 else np.linspace(lo, hi, grid)
        grid_msl = np.array(sorted(set(fine) | set(msls)))
        y = np.array([analytic_model.bare_fin(**dict(params, msl=m, time_wait=2 * m))["p_b_reset"] for m in grid_msl])
        (line,) = ax.plot(
            2 * grid_msl / rto, y, color=ANALYTIC_COLOR, linewidth=1.1, drawstyle="steps-post",
            label="Markov chain (exact at the grid points)",
        )
        line.set_gid("analytic:b_reset")
        drawn.update(analytic_x=2 * grid_msl / rto, analytic=y)
    else:
        ax.annotate("no analytic line: " + why, (0.02, 0.98), xycoords="axes fraction", va="top", fontsize="small", color="0.35")
    if (x > 0).all():
        ax.set_xscale("log")
        draw.plain_log_ticks(ax.xaxis)
    ax.set_ylim(-0.02, 1.02)
    title = "loss p = {:g} / {:g}".format(float(rows[0]["loss_a2b"]), float(rows[0]["loss_b2a"]))
    if rows[0].get("drop"):
        title += ", --drop={}".format(rows[0]["drop"])
    ax.set_title(title, pad=3)
    ax.set_xlabel("2 MSL / RTO (RTO = {:g} s)".format(rto))
    ax.set_ylabel("P(B ends reset)")
    ax.grid(True, axis="y")
    h, l = ax.get_legend_handles_labels()
    draw.legend_axes(fig, gs[0, 0], h, l, 1)
    return fig, drawn


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "analytic")
    p.description = __doc__
    p.add_argument(
        "--kind",
        choices=["auto", "loss", "reset"],
        default="auto",
        help="loss: means against the loss rate; reset: P(B reset) against 2 MSL / RTO; "
        "auto: reset when only the MSL varies, else loss [%(default)s]",
    )
    p.add_argument("--grid", type=int, default=0, help="points of the analytic line [13 for loss, 60 for reset]")
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    runs = cli.read_filtered(args)
    kind = args.kind
    if kind == "auto":
        kind = "reset" if len(runs.distinct("msl_s")) > 1 and len(runs.distinct("loss_a2b")) == 1 else "loss"
    if args.grid < 0 or args.grid == 1:
        raise errors.UsageError("--grid {}: need 0 (default) or at least 2 points".format(args.grid))
    if kind == "loss":
        build = lambda part: build_loss_figure(part, args.width if args.width != "one" else "one", args.height, args.grid or 13)  # noqa: E731
        used = ["variant", "loss"]
    else:
        build = lambda part: build_reset_figure(part, args.width, args.height, args.grid or 60)  # noqa: E731
        used = ["variant", "msl_s"]
    cli.save_figures(args, runs, used, build, note=lambda drawn: ("no analytic line: " + drawn["why"]) if drawn["why"] else None)
