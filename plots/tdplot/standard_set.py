# SPDX-License-Identifier: GPL-2.0-only
"""The standard figure set: at most ten figures, each answering one question.

Drawn from one results folder laid out as scripts/demo.sh writes it:

  <results>/runs.csv          the default study (tcp-teardown-sweep --study=default)
  <results>/cdf/              a bare-FIN sweep (responseBytes 0, closeDelay 0)
                              for the close-time CDF and its Markov chain
  <results>/old-duplicates/   the old-duplicates study (incarnations 2)
  <results>/busy/occupancy/   tcp-teardown-busy, several strategies
  <results>/busy/knee/        tcp-teardown-busy, a sweep over lambda
  <results>/ladders/<case>/   one tcp-teardown run each (segments.csv)

Only the default study is needed; a figure whose folder is missing is
reported as skipped (SLOTS says which folder each figure reads).

The slots, in the order of the page (report.py CAPTIONS has the captions):
  why_four_segments     share of B's response that reaches A against the
                        work B still had at A's FIN, per variant; the lines
                        without markers are what the rules predict at loss 0
  why_time_wait         share of runs in which B ends reset, final ACK lost,
                        against 2 MSL / RTO, per variant; the RFC's rule
  old_duplicates        old duplicates corrupting a reused connection
  time_wait_occupancy   TIME_WAITs held at a busy server, per strategy
  time_wait_knee        completed connections/s against lambda: the ports run out
  close_time_cdf_chain  CDF of the close time, runs and the exact chain
  dwell_times           dwell per close state against loss (B still working)
  ladder_lost_final_ack, ladder_three_way_data, ladder_simultaneous
"""

import math
import os

import numpy as np

from . import analytic_model, busy_server, close_time_cdf, csvio, draw, dwell_times, errors, ladder
from . import old_duplicates, style
from .labels import format_number
from .old_duplicates import clopper_pearson

MAX_FIGURES = 10

DROP_FINAL_ACK = "a2b:ack-of-fin:1"
RULE_COLOR = "black"


# ---------------------------------------------------------------------------
# What the rules predict, computed from the row's settings alone


def received_share(runs):
    """Per run: the share of B's response that reached A,
    1 - (discarded + lost) / responseBytes (NaN without a response)."""
    resp = runs.numbers("response_bytes")
    gone = runs.numbers("discarded_bytes") + runs.numbers("lost_bytes")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(resp > 0, 1.0 - gone / resp, np.nan)


def produced_before_fin(work, close_delay, response, segment):
    """Share of the response B has written when A's FIN arrives, if B writes
    it one segment at a time at a steady rate over closeDelay + work from
    reading the request, and A's FIN (sent closeDelay after the request on
    the same link) arrives closeDelay after that: whole segments written
    before closeDelay / (closeDelay + work) of the time (ties aside)."""
    work = np.asarray(work, dtype=float)
    total = close_delay + work
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(work > 0, close_delay / total, 1.0)
    chunks = np.floor(frac * response / segment + 1e-9)
    return np.where(work > 0, np.minimum(chunks * segment, response) / response, 1.0)


def rto_of(runs):
    """B's RTO when its FIN is first resent: RFC 6298's first RTO of one RTT
    sample (analytic_model.first_rto), the link's RTT 2 x delay."""
    rto = np.array(
        [analytic_model.first_rto(2 * d, m) for d, m in zip(runs.numbers("delay_s"), runs.numbers("min_rto_s"))]
    )
    if not np.allclose(rto, rto[0]):
        raise errors.DataError("{}: the runs have different RTOs ({})".format(runs.path, sorted(set(rto))))
    return float(rto[0])


def reset_rule(x):
    """RFC 9293 at loss 0 with A's final ACK lost: B resends its FIN one RTO
    after A entered TIME_WAIT; A re-ACKs it if TIME_WAIT (2 MSL) still runs,
    else A's closed port answers RST. P(B reset) = 1 if 2 MSL < RTO else 0."""
    return np.where(np.asarray(x, dtype=float) < 1.0, 1.0, 0.0)


# ---------------------------------------------------------------------------
# Selections


def _eq(values, v):
    return np.isclose(values, v, rtol=1e-9, atol=1e-15)


def loss_panels(runs):
    """Loss 0 and the lossiest rate up to 10 % (else the largest), those present."""
    rates = sorted(set(float(v) for v in runs.numbers("loss_a2b")))
    out = [r for r in rates if r == 0.0][:1]
    lossy = [r for r in rates if 0 < r <= 0.1 + 1e-12] or [r for r in rates if r > 0]
    if lossy:
        out.append(lossy[-1])
    return out


def _same_both_ways(runs):
    if not np.allclose(runs.numbers("loss_a2b"), runs.numbers("loss_b2a")):
        raise errors.DataError("{}: the standard set needs the same loss both ways".format(runs.path))


def _panel_axes(fig, n, leg_h):
    gs = fig.add_gridspec(2, n, height_ratios=[leg_h, 1.0])
    axes = []
    for k in range(n):
        axes.append(fig.add_subplot(gs[1, k], sharey=axes[0] if axes else None))
    return gs, axes


def _share_axes(ax, k, title, ylabel):
    """Title, a 0-1 share axis labelled on the first panel only, y grid."""
    ax.set_title(title, pad=3)
    if k == 0:
        ax.set_ylabel(ylabel)
    else:
        ax.tick_params(labelleft=False)
    ax.set_ylim(-0.03, 1.05)
    ax.grid(True, axis="y")


def _legend(fig, gs, axes, ncol):
    handles, labels = [], []
    for ax in axes:
        for h, l in zip(*ax.get_legend_handles_labels()):
            if l not in labels:
                handles.append(h)
                labels.append(l)
    draw.legend_axes(fig, gs[0, :], handles, labels, ncol)


# ---------------------------------------------------------------------------
# The figures


def build_why_four_segments(runs, width="two"):
    """Received share against work_after_fin_s, drop rule none, pooled over
    MSL (it does not change the bytes), one panel per loss_panels() rate.
    Returns (fig, drawn) with drawn = {'panels': {rate: {variant: {x, n,
    mean, half}}}, 'rules': {'finishes': (x, y), 'closes_at_fin': (x, y)}}."""
    runs.require(["work_after_fin_s", "response_bytes", "discarded_bytes", "lost_bytes", "close_delay_s", "drop"])
    _same_both_ways(runs)
    runs = runs.select(np.array([d == "" for d in runs.strings("drop")]))
    if len(runs) == 0:
        raise errors.DataError("no runs without a drop rule")
    for col in ("close_delay_s", "response_bytes", "segment_size"):
        if len(runs.distinct(col)) != 1:
            raise errors.DataError("{}: {} varies; draw one value at a time (--filter)".format(runs.path, col))
    cd = float(runs.numbers("close_delay_s")[0])
    resp = float(runs.numbers("response_bytes")[0])
    seg = float(runs.numbers("segment_size")[0])
    share = received_share(runs)
    work = runs.numbers("work_after_fin_s")
    loss = runs.numbers("loss_a2b")
    variants = np.array(runs.strings("variant"))
    rates = loss_panels(runs)
    n_var = len(set(variants))
    leg_h = draw.legend_height(n_var + 2, 3 if width == "two" else 2)
    fig = draw.new_figure(width, leg_h + 2.3)
    gs, axes = _panel_axes(fig, len(rates), leg_h)
    fine = np.linspace(0, work.max(), 201)
    drawn = dict(panels={}, rules={}, close_delay=cd, response=resp, segment=seg)
    for k, (rate, ax) in enumerate(zip(rates, axes)):
        sel = _eq(loss, rate)
        drawn["panels"][rate] = draw.mean_lines(ax, work[sel], share[sel], variants[sel])
        for gid, y, label, ls in (
            ("finishes", np.ones_like(fine), "rule: B finishes its response (= 1)", (0, (1, 1.5))),
            ("closes_at_fin", produced_before_fin(fine, cd, resp, seg), "rule: B closes at A's FIN", (0, (4, 2))),
        ):
            if rate != 0.0:
                continue  # the rules hold without loss; with loss the runs alone
            (line,) = ax.plot(fine, y, color=RULE_COLOR, linestyle=ls, linewidth=0.9, label=label, zorder=5)
            line.set_gid("rule:" + gid)
            drawn["rules"][gid] = (fine, y)
        _share_axes(ax, k, "loss {} each way".format(format_number(rate)), "share of B's response A got")
    _legend(fig, gs, axes, 3 if width == "two" else 2)
    fig.supxlabel(
        "B's work left when A's FIN arrives, workAfterFin (s); B writes over closeDelay {} s + workAfterFin".format(
            format_number(cd)
        ),
        fontsize=style.BASE_FONT_PT,
    )
    return fig, drawn


def build_why_time_wait(runs, width="two"):
    """Share of runs whose B ends reset, A's final ACK dropped
    (--drop=a2b:ack-of-fin:1), against 2 MSL / RTO, per variant, pooled over
    the other settings; one panel per loss_panels() rate, 95 %
    Clopper-Pearson intervals, the RFC rule at loss 0. Returns (fig, drawn)
    with drawn = {'rto', 'panels': {rate: {variant: {x, n, k, low, high}}},
    'rule': (x, y)}."""
    runs.require(["msl_s", "b_outcome", "drop", "min_rto_s", "delay_s"])
    _same_both_ways(runs)
    runs = runs.select(np.array([d == DROP_FINAL_ACK for d in runs.strings("drop")]))
    if len(runs) == 0:
        raise errors.DataError("no runs with --drop={}".format(DROP_FINAL_ACK))
    rto = rto_of(runs)
    x_all = 2 * runs.numbers("msl_s") / rto
    reset = np.array([o == "reset" for o in runs.strings("b_outcome")])
    loss = runs.numbers("loss_a2b")
    variants = np.array(runs.strings("variant"))
    order = style.sort_variants(variants)
    rates = loss_panels(runs)
    leg_h = draw.legend_height(len(order) + 1, 4 if width == "two" else 2)
    fig = draw.new_figure(width, leg_h + 2.3)
    gs, axes = _panel_axes(fig, len(rates), leg_h)
    xs = np.unique(x_all)
    drawn = dict(rto=rto, panels={}, rule=None)
    # variants side by side at each x (a small offset in log x) so the
    # intervals do not hide each other
    offsets = np.linspace(-1, 1, len(order)) * (0.06 if len(order) > 1 else 0)
    for k, (rate, ax) in enumerate(zip(rates, axes)):
        panel = {}
        for j, v in enumerate(order):
            sel = _eq(loss, rate) & (variants == v)
            if not sel.any():
                continue
            ux = np.unique(x_all[sel])
            n = np.array([(sel & _eq(x_all, u)).sum() for u in ux])
            kk = np.array([(sel & _eq(x_all, u) & reset).sum() for u in ux])
            ci = np.array([clopper_pearson(int(a), int(b)) for a, b in zip(kk, n)])
            share = kk / n
            look = style.variant_style(v, order)
            bars = ax.errorbar(
                ux * 10 ** offsets[j], share, yerr=[share - ci[:, 0], ci[:, 1] - share], color=look["color"],
                marker=look.get("marker", "o"), markersize=3, linestyle="none",
                capsize=1.5, elinewidth=0.7, label=v,
            )
            bars.lines[0].set_gid("share:" + v)
            panel[v] = dict(x=ux, n=n, k=kk, low=ci[:, 0], high=ci[:, 1])
        drawn["panels"][rate] = panel
        if rate == 0.0:
            fine = np.geomspace(xs.min() / 1.5, xs.max() * 1.5, 400) if xs.min() > 0 else np.linspace(0, xs.max(), 400)
            (line,) = ax.plot(
                fine, reset_rule(fine), color=RULE_COLOR, linestyle=(0, (4, 2)), linewidth=0.9, zorder=1,
                label="RFC 9293 rule: reset iff 2 MSL < RTO",
            )
            line.set_gid("rule:reset")
            drawn["rule"] = (fine, reset_rule(fine))
        ax.axvline(1.0, color="0.6", linewidth=0.6, zorder=0)
        if xs.min() > 0:
            ax.set_xscale("log")
            draw.plain_log_ticks(ax.xaxis)
        ax.set_xlabel("2 MSL / RTO (RTO {} s)".format(format_number(rto)))
        title = "loss {} each way, A's final ACK lost".format(format_number(rate))
        _share_axes(ax, k, title, "share of runs: B ends reset")
    _legend(fig, gs, axes, 4 if width == "two" else 2)
    return fig, drawn


def _dwell_slice(runs):
    """The dwell-time slice: no drop rule, the middle workAfterFin > 0, the
    MSL closest to 1 s (TIME_WAIT of a readable length), and not ns3-stock
    when others are there (ns-3's own close strands FIN_WAIT_2 for hundreds
    of seconds under loss, doc/tcp-teardown.rst; its scale would flatten
    every other line)."""
    variants = runs.strings("variant")
    keep = np.array([d == "" for d in runs.strings("drop")])
    what = ["no drop rule"]
    if "ns3-stock" in variants and len(set(variants)) > 1:
        keep &= np.array([v != "ns3-stock" for v in variants])
        what.append("without ns3-stock")
    if runs.has("work_after_fin_s"):
        w = runs.numbers("work_after_fin_s")
        pos = sorted(set(w[w > 0]))
        if pos:
            pick = pos[len(pos) // 2]
            keep &= _eq(w, pick)
            what.append("workAfterFin {} s".format(format_number(pick)))
    msl = runs.numbers("msl_s")
    pick = min(set(msl), key=lambda m: abs(math.log(m / 1.0)) if m > 0 else 1e9)
    keep &= _eq(msl, pick)
    what.append("MSL {} s".format(format_number(pick)))
    return runs.select(keep), ", ".join(what)


# ---------------------------------------------------------------------------
# The whole set


def _sub(results, folder):
    return os.path.join(results, *folder.split("/")) if folder else results


def make(maker, results, runs):
    """Draw every slot whose data is there into maker (make_figures.Maker):
    maker.save(fig, name, what) for each, maker.skipped / maker.failed."""
    w = maker.args.width if maker.args.width != "one" else "two"
    base = results if os.path.isdir(results) else os.path.dirname(results)
    for name, folder, build in SLOTS:
        path = _sub(base, folder)
        if folder and not os.path.isdir(path):
            maker.skipped.append((name, "no {} (scripts/demo.sh writes it)".format(path)))
            continue
        try:
            fig, what = build(path, runs, w, maker.args)
        except (errors.DataError, errors.UsageError) as e:
            maker.failed.append((name, str(e)))
            continue
        maker.save(fig, name, what)


def _why_four_segments(path, runs, w, args):
    return build_why_four_segments(runs, w)[0], "default study, no drop rule, pooled over MSL"


def _why_time_wait(path, runs, w, args):
    return build_why_time_wait(runs, w)[0], "default study, --drop={}".format(DROP_FINAL_ACK)


def _dwell(path, runs, w, args):
    part, what = _dwell_slice(runs)
    if len(part) == 0:
        raise errors.DataError("no runs in the dwell-time slice ({})".format(what))
    return dwell_times.build_figure(part, "loss", width=w)[0], what


def _cdf_chain(path, runs, w, args):
    fig, drawn = close_time_cdf.build_figure(csvio.read_runs(path), width=w, analytic=True)
    return fig, "bare FIN" + ("" if not drawn["why"] else "; no chain: " + drawn["why"])


def _old_duplicates(path, runs, w, args):
    od = csvio.read_runs(path)
    variants = od.strings("variant")
    if "four-way" in variants:
        od = od.select(np.array([v == "four-way" for v in variants]))
    return old_duplicates.build_figure(od, width=w)[0], "four-way, two incarnations"


def _busy_summary(path):
    return busy_server._read(os.path.join(path, busy_server.SUMMARY), ["run", "strategy", "lambda"])


def _occupancy(path, runs, w, args):
    series = busy_server._read(os.path.join(path, busy_server.SERIES), ["run", "time_s", "node", "metric", "value"])
    return busy_server.build_occupancy(series, _busy_summary(path), w), "tcp-teardown-busy, strategies"


def _knee(path, runs, w, args):
    return busy_server.build_knee(_busy_summary(path), width="one"), "tcp-teardown-busy, lambda sweep"


def _ladder(path, runs, w, args):
    fig, _ = ladder.build_figure(ladder.load_run(path), width=args.ladder_width)
    return fig, os.path.basename(path)


#: (figure name, sub-folder it reads ("" = the default study), builder:
#: (folder, default-study runs, width, options) -> (figure, what it shows))
SLOTS = [
    ("why_four_segments", "", _why_four_segments),
    ("why_time_wait", "", _why_time_wait),
    ("old_duplicates", "old-duplicates", _old_duplicates),
    ("time_wait_occupancy", "busy/occupancy", _occupancy),
    ("time_wait_knee", "busy/knee", _knee),
    ("close_time_cdf_chain", "cdf", _cdf_chain),
    ("dwell_times", "", _dwell),
    ("ladder_lost_final_ack", "ladders/lost-final-ack", _ladder),
    ("ladder_three_way_data", "ladders/three-way-data", _ladder),
    ("ladder_simultaneous", "ladders/simultaneous", _ladder),
]
assert len(SLOTS) <= MAX_FIGURES
