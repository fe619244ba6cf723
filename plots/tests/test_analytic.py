# SPDX-License-Identifier: GPL-2.0-only
"""The analytic model of the close (tdplot.analytic_model) and figure 8.

- the chain against values worked out by hand from the link (10 Mbps,
  10 ms) and ns-3's wire sizes: p = 0, geometric series of retries when
  only one direction loses, P(B reset) when TIME_WAIT is shorter than the
  RTO;
- the chain's rules against the simulation run by run: walked along each
  run's own loss pattern (segments.csv), it gives that run's close time,
  dwell times and B's outcome exactly;
- the chain's E[close time] and P(B reset) inside the 95 % intervals of a
  real sweep at three loss rates;
- the figure draws what the runs and the chain say."""

import bisect
import collections
import csv
import math
import os
import subprocess

import pytest

from tdplot import analytic_model
from tdplot.analytic_model import backoff_schedule, bare_fin, replay
from tdplot.old_duplicates import clopper_pearson
from tdplot.stats import mean_ci

MIN_RTO = "--ns3::TcpSocketBase::MinRto=200ms"
R = 0.2  # max(MinRto, 3 x the 20 ms handshake sample)

# wire times at 10 Mbps: 54 B 43.2 us, 154 B (request + FIN) 123.2 us
T54, T154, D = 43.2e-6, 123.2e-6, 0.010
FW1_P0 = T54 + T154 + D + T54 + D  # handshake ACK first, request + FIN, B's ACK back
FIN_AT_A_P0 = FW1_P0 + T54  # B's FIN right behind its ACK
B_FIN_RX_P0 = T54 + T154 + D  # B gets A's FIN, sends ACK and FIN, enters LAST_ACK
LA_P0 = FIN_AT_A_P0 + T54 + D - B_FIN_RX_P0  # until A's final ACK arrives


def test_no_loss_is_the_link():
    for msl in (0.5, 0.002):
        a = bare_fin(loss_a2b=0.0, msl=msl, min_rto=R)
        assert a["e_fin_wait_1"] == pytest.approx(FW1_P0, abs=1e-12)  # 20.2096 ms
        assert a["e_last_ack"] == pytest.approx(LA_P0, abs=1e-12)  # 20.1296 ms
        # B closes at 30.296 ms, A 2 MSL after B's FIN arrived
        assert a["e_close_time"] == pytest.approx(max(FIN_AT_A_P0 + 2 * msl, FIN_AT_A_P0 + T54 + D), abs=1e-12)
        assert a["p_b_orderly"] == 1.0 and a["p_complete"] == 1.0 and a["sd_close_time"] == 0.0


def test_rto_doubles_to_the_cap():
    assert backoff_schedule(1.0, 8, 60.0) == [0, 1, 3, 7, 15, 31, 63, 123, 183, 243]
    assert backoff_schedule(100.0, 2, 60.0) == [0, 100, 160, 220]  # only the doublings are capped
    assert analytic_model.first_rto(0.020, 0.2) == 0.2 and analytic_model.first_rto(1.02, 0.2) == pytest.approx(3.06)


@pytest.mark.parametrize("p", [0.1, 0.3])
def test_fin_lost_towards_b_is_a_geometric_series(p):
    """Only A -> B loses: A's attempt k (sent at S_k) is the first to arrive
    with probability p^k (1 - p); B's ACK ends FIN_WAIT_1 one round trip
    later (the first attempt waits 43.2 us behind the handshake ACK); after
    FinRetries = 8 lost retransmissions A gives up at S_9."""
    s = backoff_schedule(R, 8, 60.0)
    q = 1 - p
    fw1 = sum(p**k * q * (s[k] + (FW1_P0 if k == 0 else T154 + D + T54 + D)) for k in range(9)) + p**9 * s[9]
    a = bare_fin(loss_a2b=p, loss_b2a=0.0, msl=0.01, min_rto=R)
    assert a["e_fin_wait_1"] == pytest.approx(fw1, rel=1e-12)
    # TIME_WAIT (20 ms) < RTO: a lost final ACK means a RST for each of B's
    # retransmitted FINs; B ends reset unless all 8 RSTs are lost, or when
    # A's FIN never arrived and A's give-up RST does; that lost too (p^10),
    # B, still in SYN_RCVD if the handshake ACK and A's answers to B's
    # SYN+ACKs at 3, 9, 21, 45 and 93 s were lost (p^6), resends its SYN+ACK
    # at 189 s, after A gave up (102.2 s), and A's stack answers with RST
    assert a["p_b_reset"] == pytest.approx((1 - p**9) * p * (1 - p**8) + p**9 * q + p**16 * q, rel=1e-12)
    assert a["p_b_timeout"] == pytest.approx((1 - p**9) * p**9, rel=1e-12)


@pytest.mark.parametrize("p", [0.1, 0.3])
def test_replies_lost_towards_a_is_a_geometric_series(p):
    """Only B -> A loses: round m (m >= 1) A's retransmission reaches B
    43.2 us before B's own timer fires; B's ACK (S_m + 20.1664 ms) or, that
    lost, its FIN right behind it (S_m + 20.2096 ms) ends FIN_WAIT_1; both
    lost (p^2), the next round."""
    s = backoff_schedule(R, 8, 60.0)
    q = 1 - p
    x = [FW1_P0] + [s[m] + T154 + D + T54 + D for m in range(1, 9)]
    y = [FIN_AT_A_P0] + [x[m] + T54 for m in range(1, 9)]
    fw1 = sum(p ** (2 * m) * (q * x[m] + p * q * y[m]) for m in range(9)) + p**18 * s[9]
    a = bare_fin(loss_a2b=0.0, loss_b2a=p, msl=0.5, min_rto=R)
    assert a["e_fin_wait_1"] == pytest.approx(fw1, rel=1e-12)


def test_final_ack_dropped_resets_b_when_time_wait_is_shorter_than_the_rto():
    # B's retransmitted FIN arrives RTO - 43.2 us after its first one
    assert bare_fin(msl=0.0999, min_rto=R, drop_final_ack=True)["p_b_reset"] == 1.0
    assert bare_fin(msl=0.1, min_rto=R, drop_final_ack=True)["p_b_reset"] == 0.0


def _sweep(sweep_program, out, *args):
    cmd = [sweep_program, "--outputDir=" + out, "--quiet", "--responseBytes=0", MIN_RTO] + list(args)
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail("{} failed ({}):\n{}".format(" ".join(cmd), done.returncode, done.stderr))
    with open(os.path.join(out, "runs.csv"), newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def sweep_program():
    from conftest import need_program

    return need_program("tcp-teardown-sweep")


def _params(row):
    return dict(
        loss_a2b=float(row["loss_a2b"]),
        msl=float(row["msl_s"]),
        min_rto=float(row["min_rto_s"]),
        stop_time=float(row["stop_time_s"]),
        drop_final_ack=row["drop"] == "a2b:ack-of-fin:1",
    )


def test_chain_rules_reproduce_every_run(sweep_program, tmp_path):
    """Each run's own loss pattern walked through the chain: the same close
    time, FIN_WAIT_1, LAST_ACK and B outcome, and the same segments."""
    out = str(tmp_path / "replay")
    rows = _sweep(sweep_program, out, "--loss=0.3", "--msl=0.05,0.5", "--runs=400", "--segments=true")
    rows += _sweep(
        sweep_program, str(tmp_path / "replay-drop"), "--loss=0.1", "--msl=0.15", "--runs=200",
        "--drop=a2b:ack-of-fin:1", "--segments=true", "--RngRun=1000",
    )
    segs = collections.defaultdict(list)
    for folder in (out, str(tmp_path / "replay-drop")):
        with open(os.path.join(folder, "segments.csv"), newline="") as f:
            for s in csv.DictReader(f):
                segs[(folder, s["run_index"])].append(s)
    folders = [out] * 800 + [str(tmp_path / "replay-drop")] * 200
    assert len(rows) == 1000
    t0 = 1.0 + 2 * (D + 58 * 8 / 1e7)  # A's close call: SYN and SYN+ACK (58 B) after --start 1 s
    for folder, row in zip(folders, rows):
        mine = sorted(segs[(folder, row["run_index"])], key=lambda s: float(s["time_s"]))
        after = [s for s in mine if float(s["sent_s"]) >= t0 - 1e-12]
        fates = {d: [s["dropped"] == "1" for s in after if s["direction"] == d] for d in ("a2b", "b2a")}
        got = replay(fates, **_params(row))
        what = "run {} of {}".format(row["run_index"], folder)
        if row["close_time_s"]:
            assert got["close_time"] == pytest.approx(float(row["close_time_s"]), abs=1e-9), what
        else:
            assert got["close_time"] is None, what
        assert got["fin_wait_1"] == pytest.approx(float(row["a_fin_wait_1_s"]), abs=1e-9), what
        assert got["last_ack"] == pytest.approx(float(row["b_last_ack_s"]), abs=1e-9), what
        b = "open" if row["b_outcome"] == "stranded" else row["b_outcome"]  # neither ever closes
        assert got["b_outcome"] == b, what
        assert got["used"] == {d: len(fates[d]) for d in fates}, what


@pytest.fixture(scope="module")
def loss_sweep(sweep_program, tmp_path_factory):
    """10,000 runs at each of three loss rates (about 20 s on two cores):
    the close time is heavy-tailed (B's backed-off FINs), its mean needs
    many runs."""
    out = str(tmp_path_factory.mktemp("analytic"))
    _sweep(sweep_program, out, "--loss=0.05,0.15,0.3", "--msl=0.5", "--runs=10000")
    return out


def test_chain_inside_the_monte_carlo_intervals(loss_sweep):
    with open(os.path.join(loss_sweep, "runs.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    by_p = collections.defaultdict(list)
    for r in rows:
        by_p[float(r["loss_a2b"])].append(r)
    assert sorted(by_p) == [0.05, 0.15, 0.3]
    for p, g in sorted(by_p.items()):
        a = bare_fin(**_params(g[0]))
        n, mean, half = mean_ci([float(r["close_time_s"]) for r in g if r["close_time_s"]])
        k = sum(r["b_outcome"] == "reset" for r in g)
        low, high = clopper_pearson(k, len(g))
        print(
            "p={}: close time MC {:.5f} +- {:.5f} (n={}), chain {:.5f}; P(B reset) MC {}/{} [{:.5f}, {:.5f}], chain {:.5f}".format(
                p, mean, half, n, a["e_close_time"], k, len(g), low, high, a["p_b_reset"]
            )
        )
        assert abs(a["e_close_time"] - mean) <= half, p
        assert low <= a["p_b_reset"] <= high, p


def test_loss_figure_draws_the_runs_and_the_chain(loss_sweep, tmp_path, run_script):
    import tdplot
    from tdplot import analytic, draw

    runs = tdplot.read_runs(loss_sweep)
    fig, drawn = analytic.build_loss_figure(runs, grid=4)
    assert drawn["exact"] and drawn["why"] is None
    with open(os.path.join(loss_sweep, "runs.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for ax, (col, key, _title) in zip(fig.axes, analytic.LOSS_METRICS):
        mc = draw.find_line(ax, "mc:" + col)
        for p, y in zip(mc.get_xdata(), mc.get_ydata()):
            vals = [float(r[col]) for r in rows if float(r["loss_a2b"]) == p and r[col] != ""]
            assert y == pytest.approx(sum(vals) / len(vals), rel=1e-12)
        line = draw.find_line(ax, "analytic:" + col)
        for p, y in zip(line.get_xdata(), line.get_ydata()):
            assert y == pytest.approx(bare_fin(**dict(_params(rows[0]), loss_a2b=p))[key], rel=1e-12)
    done = run_script("analytic.py", "--results", loss_sweep, "--out", tmp_path, "--grid", "3")
    assert done.returncode == 0, done.stderr
    assert os.path.getsize(tmp_path / "analytic.pdf") > 0 and os.path.getsize(tmp_path / "analytic.png") > 0


def test_reset_figure_draws_shares_and_the_chain(sweep_program, tmp_path):
    import tdplot
    from tdplot import analytic, draw

    out = str(tmp_path / "reset")
    rows = _sweep(sweep_program, out, "--loss=0.1", "--msl=0.05,0.15,0.5", "--runs=200", "--drop=a2b:ack-of-fin:1")
    fig, drawn = analytic.build_reset_figure(tdplot.read_runs(out), grid=3)
    assert drawn["rto"] == R
    ax = fig.axes[0]
    mc = draw.find_line(ax, "mc:b_reset")
    for x, y in zip(mc.get_xdata(), mc.get_ydata()):
        cell = [r for r in rows if 2 * float(r["msl_s"]) / R == pytest.approx(x)]
        assert len(cell) == 200
        assert y == pytest.approx(sum(r["b_outcome"] == "reset" for r in cell) / 200.0)
    line = draw.find_line(ax, "analytic:b_reset")
    for x, y in zip(line.get_xdata(), line.get_ydata()):
        msl = x * R / 2
        assert y == pytest.approx(bare_fin(**dict(_params(rows[0]), msl=msl))["p_b_reset"], rel=1e-12)
    assert len(drawn["analytic"]) >= 3 and all(0.0 <= v <= 1.0 for v in drawn["analytic"])


def test_close_time_distribution_without_loss_is_one_atom():
    times, probs = analytic_model.close_time_distribution(loss_a2b=0.0, msl=0.5, min_rto=R)
    assert list(probs) == [1.0]
    assert times[0] == pytest.approx(FIN_AT_A_P0 + 2 * 0.5, abs=1e-9)  # A's TIME_WAIT ends last


def test_close_time_distribution_first_atom_and_moments():
    """Only A -> B loses, MSL tiny: the earliest possible close (the no-loss
    one) needs A's FIN and its final ACK through, (1 - p)^2 (a lost
    handshake ACK does not matter: the FIN segment acknowledges B's
    SYN+ACK); the masses add to P(complete), and their mean and spread are
    the chain's expectation and standard deviation (a second recursion)."""
    p, msl = 0.3, 0.002
    times, probs = analytic_model.close_time_distribution(loss_a2b=p, loss_b2a=0.0, msl=msl, min_rto=R)
    assert times[0] == pytest.approx(max(FIN_AT_A_P0 + 2 * msl, FIN_AT_A_P0 + T54 + D), abs=1e-9)
    assert probs[0] == pytest.approx((1 - p) ** 2, rel=1e-9)
    assert (times[1:] > times[0]).all() and len(times) > 10
    a = bare_fin(loss_a2b=p, loss_b2a=0.0, msl=msl, min_rto=R)
    assert probs.sum() == pytest.approx(a["p_complete"], abs=1e-12)
    mean = (times * probs).sum() / probs.sum()
    assert mean == pytest.approx(a["e_close_time"], rel=1e-9)
    sd = ((times - mean) ** 2 * probs).sum() / probs.sum()
    assert sd**0.5 == pytest.approx(a["sd_close_time"], rel=1e-6)


def test_close_time_cdf_of_the_runs_is_the_chain(loss_sweep):
    """Dvoretzky-Kiefer-Wolfowitz: the empirical CDF of n runs is within
    sqrt(ln(2 / alpha) / 2n) of the true one everywhere with probability
    1 - alpha; alpha = 0.001. Runs that never close count in n."""
    with open(os.path.join(loss_sweep, "runs.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    by_p = collections.defaultdict(list)
    for r in rows:
        by_p[float(r["loss_a2b"])].append(r)
    for p, g in sorted(by_p.items()):
        times, probs = analytic_model.close_time_distribution(**_params(g[0]))
        mc = sorted(float(r["close_time_s"]) for r in g if r["close_time_s"])
        n = len(g)
        eps = (math.log(2 / 0.001) / (2 * n)) ** 0.5
        # both CDFs are step functions: compare at every atom and run value,
        # from the right (F(t) = P(T <= t)) with a 1 ns tolerance on times
        grid = sorted(set(times) | set(mc))
        worst = 0.0
        for t in grid:
            f_mc = bisect.bisect_right(mc, t + 1e-9) / n
            f_an = probs[: bisect.bisect_right(list(times), t + 1e-9)].sum()
            worst = max(worst, abs(f_mc - f_an))
        print("p={}: sup |F_runs - F_chain| = {:.4f} (DKW bound {:.4f}, n={})".format(p, worst, eps, n))
        assert worst <= eps, p
