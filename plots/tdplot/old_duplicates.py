# SPDX-License-Identifier: GPL-2.0-only
"""Figure 7: share of reuse runs in which an old duplicate corrupted the next
incarnation, against MSL / L (log axis).

Per run: corrupted_bytes > 0 (bytes of incarnation 1 read by incarnation 2's
application). One panel per ISN choice, one line per variant through the
share at each MSL / L with its 95 % Clopper-Pearson interval (scipy). Where
the runs are the simplest case (doc/old-duplicates.md: one response segment,
copies of B's segments only, held U(0, L), A closes with its request), the
analytic value q (F(a + W) - F(a)) is drawn over the Monte Carlo as a dashed
line. With PAWS on and off in the runs, a second row of panels shows PAWS.
Shares of 0 are drawn as open markers on a floor line at the bottom of the
axis; a dotted line marks their 95 % upper bound. Reads runs.csv; if other parameters vary, one figure per
combination.

Example:
  /usr/bin/python3 plots/old_duplicates.py --results results/old-duplicates --out figs/
"""

import numpy as np
from scipy.stats import beta

from . import cli, draw, errors
from .style import sort_variants, variant_style

#: wire bytes after the handshake without payload (PPP 2 + IPv4 20 + TCP 20
#: + timestamps 12, ns-3's defaults) and of a SYN or SYN+ACK (+ window scale
#: and SACK-permitted: 16 bytes of options)
HEADER_BYTES = 54
SYN_BYTES = 58
#: ns-3's default segment size: a response up to it is one segment
SEGMENT_BYTES = 536

NEEDED = ["variant", "msl_s", "lifetime_s", "corrupted_bytes", "isn"]


def clopper_pearson(k, n, level=0.95):
    """Exact binomial interval of k successes in n trials."""
    a = (1 - level) / 2
    low = beta.ppf(a, k, n - k + 1) if k > 0 else 0.0
    high = beta.ppf(1 - a, k + 1, n - k) if k < n else 1.0
    return float(low), float(high)


def _rate_bps(text):
    units = {"bps": 1.0, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9}
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


def analytic_share(p):
    """The analytic corruption probability of one grid point, or None when
    the point is not the simplest case. p maps runs.csv columns to values.

    A's close rides on its request (closeDelay 0); B's response is one
    segment carrying B's FIN; the path copies each B->A segment with
    probability q and holds the copy U(0, L). The copy of B's response of
    incarnation 1, arriving a time U after the original, is read by
    incarnation 2 iff U lies in [a, a + W):
      a = max(T + g, t(ACK)) + 2 (d + t(SYN)): A's socket closes T (TIME_WAIT)
          after the original arrives, its SYN leaves g (the gap) later, but
          not before its final ACK has left; the handshake takes 2 (d + t(SYN));
      W = t(ACK) + t(request) + d + t(ACK) + t(response) + d: from A's second
          handshake (A sends its request and FIN at once, so the copy's ACK
          field is acceptable) until the second response arrives.
    With ISN 0 both times the copy's sequence numbers are the new ones; to
    first order in q the probability is q (F(a + W) - F(a)), F the uniform
    distribution function on [0, L]."""
    if p["variant"] not in ("four-way", "four-way-no-timewait") or p.get("isn", "ns3") != "ns3":
        return None
    if p.get("paws", "no") == "yes":
        return None  # PAWS drops the old copy: the model is of its absence
    simple = (
        float(p.get("close_delay_s", 0)) == 0
        and float(p.get("server_delay_s", 0)) == 0
        and p.get("ipv6", "no") == "no"
        and p.get("keep_copy") == "yes"
        and float(p.get("keep_a2b", 0)) == 0
        and int(p.get("incarnations", 1)) == 2
        and 0 < int(p["response_bytes"]) <= SEGMENT_BYTES
        and p.get("keep_delay", "").startswith("uniform:0:")
        and float(p.get("loss_a2b", 0)) == 0
        and float(p.get("loss_b2a", 0)) == 0
        and p.get("drop", "") == ""
    )
    if not simple:
        return None
    L = float(p["lifetime_s"])
    hi = min(float(p["keep_delay"].split(":")[2]), L)
    if hi <= 0:
        return None
    d = float(p["delay_s"])
    rate = _rate_bps(p["rate"])

    def tx(b):
        return b * 8.0 / rate

    tw = 2 * float(p["msl_s"]) if p["variant"] == "four-way" else 0.0
    if p.get("time_wait_msl", "") not in ("", None):
        tw = float(p["time_wait_msl"]) * float(p["msl_s"])
    g = float(p.get("reuse_gap_s", 0))
    a = max(tw + g, tx(HEADER_BYTES)) + 2 * (d + tx(SYN_BYTES))
    w = (
        tx(HEADER_BYTES)
        + tx(HEADER_BYTES + int(p["request_bytes"]))
        + d
        + tx(HEADER_BYTES)
        + tx(HEADER_BYTES + int(p["response_bytes"]))
        + d
    )

    def cdf(x):
        return min(max(x / hi, 0.0), 1.0)

    return float(p["keep_b2a"]) * (cdf(a + w) - cdf(a))


def points(runs):
    """{(paws, isn, variant): rows of (msl / L, n, k, low, high, analytic or None)}."""
    cols = runs.header
    cells = {c: runs.strings(c) for c in cols}
    groups = {}
    for i in range(len(runs)):
        p = {c: cells[c][i] for c in cols}
        key = (p.get("paws", "no"), p["isn"], p["variant"], p["msl_s"], p["lifetime_s"])
        g = groups.setdefault(key, {"p": p, "n": 0, "k": 0})
        g["n"] += 1
        g["k"] += int(float(p["corrupted_bytes"])) > 0
    out = {}
    for (paws, isn, variant, msl, life), g in groups.items():
        if float(life) <= 0:
            continue
        low, high = clopper_pearson(g["k"], g["n"])
        out.setdefault((paws, isn, variant), []).append(
            (float(msl) / float(life), g["n"], g["k"], low, high, analytic_share(g["p"]))
        )
    for rows in out.values():
        rows.sort()
    return out


def build_figure(runs, width="two", height=None):
    """Returns (fig, drawn) with drawn = {(paws, isn): {variant: rows}}: one
    panel per ISN choice (columns) and PAWS setting (rows)."""
    runs.require(NEEDED)
    pts = points(runs)
    if not pts:
        raise errors.DataError("{}: no run with a lifetime above 0".format(runs.path))
    isns = [i for i in ("ns3", "rfc6528", "random") if any(k[1] == i for k in pts)]
    isns += sorted({k[1] for k in pts} - set(isns))
    pawses = [w for w in ("no", "yes") if any(k[0] == w for k in pts)]
    variants = sort_variants({k[2] for k in pts})
    ncol = 4
    leg_h = draw.legend_height(len(variants) + 1, ncol)
    panel_h = 2.1 if len(pawses) > 1 else 2.4
    fig = draw.new_figure(width, height or (leg_h + panel_h * len(pawses)))
    gs = fig.add_gridspec(1 + len(pawses), len(isns), height_ratios=[leg_h] + [panel_h] * len(pawses))
    first = fig.add_subplot(gs[1, 0])
    panels = []
    for i, paws in enumerate(pawses):
        for j, isn in enumerate(isns):
            ax = first if i == j == 0 else fig.add_subplot(gs[1 + i, j], sharex=first, sharey=first)
            panels.append((ax, paws, isn))
    ns = [r[1] for rows in pts.values() for r in rows]
    highs = [r[4] for rows in pts.values() for r in rows if r[2] > 0]
    zero_highs = [r[4] for rows in pts.values() for r in rows if r[2] == 0]
    lows = [r[2] / r[1] for rows in pts.values() for r in rows if r[2] > 0]
    # shares of 0 sit on a floor below every share and every 95 % bound drawn
    floor = min(lows + zero_highs + [1.0 / max(ns)]) / 4
    top = max(highs + zero_highs + [1e-9]) * 2
    drawn = {}
    for ax, paws, isn in panels:
        drawn[(paws, isn)] = {}
        present = [v for v in variants if (paws, isn, v) in pts]
        for j, v in enumerate(present):
            rows = pts[(paws, isn, v)]
            drawn[(paws, isn)][v] = rows
            st = variant_style(v)
            # shares of 0 of the variants side by side on the floor
            spread = 1.07 ** (j - (len(present) - 1) / 2)
            x = np.array([r[0] for r in rows])
            share = np.array([r[2] / r[1] for r in rows])
            low = np.array([r[3] for r in rows])
            high = np.array([r[4] for r in rows])
            some = share > 0
            shown = np.where(some, share, floor)
            xs = np.where(some, x, x * spread)
            ax.plot(
                xs,
                shown,
                color=st["color"],
                linestyle=st.get("linestyle", "-"),
                linewidth=1,
                label=v,
                marker=st.get("marker", "o"),
                markersize=3,
                markerfacecolor="none",
                gid="mc:{}:{}:{}".format(paws, isn, v),
            )
            if some.any():
                ax.errorbar(
                    x[some],
                    share[some],
                    yerr=[share[some] - low[some], high[some] - share[some]],
                    color=st["color"],
                    marker=st.get("marker", "o"),
                    markersize=3,
                    linestyle="none",
                    capsize=1.5,
                    linewidth=0.8,
                )
            ana = [(r[0], r[5]) for r in rows if r[5] is not None]
            if ana:
                ax.plot(
                    [a[0] for a in ana],
                    [max(a[1], floor) for a in ana],
                    color="0.2",
                    linestyle=(0, (2, 2)),
                    linewidth=0.9,
                    gid="analytic:{}:{}:{}".format(paws, isn, v),
                )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(floor / 1.6, top)
        ax.set_title("ISN {}{}".format(isn, ", PAWS" if paws == "yes" else ""))
        if paws == pawses[-1]:
            ax.set_xlabel("MSL / L")
        ax.grid(True, which="major")
        ax.axhline(floor, color="0.6", linewidth=0.6)
        if zero_highs:
            ax.axhline(max(zero_highs), color="0.5", linewidth=0.6, linestyle=":")
    if zero_highs:
        panels[len(isns) - 1][0].annotate(
            "0 corrupted (95 % bound: dotted)",
            (1.0, floor),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize="small",
            color="0.35",
        )
    for ax, paws, isn in panels:
        if isn == isns[0]:
            ax.set_ylabel("share of runs corrupted")
    handles, names = first.get_legend_handles_labels()
    handles.append(first.plot([], [], color="0.2", linestyle=(0, (2, 2)))[0])
    names.append("analytic (simplest case)")
    draw.legend_axes(fig, gs[0, :], handles, names, ncol)
    return fig, dict(isn=drawn, floor=floor)


def parser():
    p = cli.base_parser(__doc__.split("\n\n")[0], "old_duplicates")
    p.description = __doc__
    return p


def main(argv=None):
    args = cli.parse_args(parser(), argv)
    runs = cli.read_filtered(args)
    cli.save_figures(
        args,
        runs,
        ["variant", "msl_s", "isn", "paws"],
        lambda part: build_figure(part, args.width if args.width != "one" else "two", args.height),
        note=lambda drawn: "shares of 0 are drawn at {:.1e} (below every 95 % upper bound)".format(
            drawn["floor"]
        ),
    )
