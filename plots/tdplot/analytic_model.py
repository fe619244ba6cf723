# SPDX-License-Identifier: GPL-2.0-only
"""An analytic model of the four-way close beside the Monte Carlo.

The scenario is the module's default one (doc/tcp-teardown.rst): A connects,
sends its request and closes at once (closeDelay 0, half close), B answers
with ``responseBytes`` and closes; one point-to-point link, loss from A's
close call on (lossScope close), independent in each direction.

Bare FIN (responseBytes 0): an exact absorbing Markov chain
--------------------------------------------------------------
The chain's states are the configurations of the close at the instants
something happens (a segment arrives, a timer expires): A's state
(FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED) with the index of its next FIN
attempt and its backed-off RTO, B's (SYN_RCVD, ESTABLISHED, LAST_ACK,
CLOSED) with the same, the TIME_WAIT deadline, the segments in flight with
their arrival times and the queues of the two link directions. Every
arriving segment is lost with probability p of its direction, else
delivered; that is the only randomness, so each state has at most two
successors. The chain is solved by first-step analysis (a memoised
recursion over the reachable states, times in integer nanoseconds as in
ns-3), which gives, exactly under the assumptions below, the probability of
each outcome and the expected FIN_WAIT_1 dwell of A, LAST_ACK dwell of B
and close completion time.

What the chain follows, from model/tcp-teardown-socket*.cc and checked on
single runs with --drop:
- A's close call is at t0, the instant A is ESTABLISHED: the handshake's
  ACK (54 B on the wire) leaves first, then the request with A's FIN on it
  (54 + requestBytes B); both are subject to loss (lossScope close).
- A's FIN timer is armed at t0 with RTO r_A = max(MinRto, 3 m_A), m_A the
  SYN's RTT sample (RFC 6298: SRTT + 4 RTTVAR of a first sample is 3 m; ns-3
  timestamps count whole milliseconds); each expiry resends the request with
  the FIN and doubles the RTO (capped at MaxFinRto); the expiry after
  FinRetries retransmissions gives up (outcome timeout) and sends RST|ACK
  (RstOnGiveUp, the default).
- B, on A's FIN, ACKs it at once (its own segment) and, its application
  closing in the same instant (response empty), sends its FIN right behind
  it (two segments, not one FIN+ACK) and enters LAST_ACK. B's FIN timer
  starts then with r_B = max(MinRto, 3 m_B), m_B B's first RTT sample: the
  handshake ACK normally (20 ms), but when that is lost, the first segment
  of A that reaches B (A's FIN, possibly retransmitted, or A's answer to a
  retransmitted SYN+ACK), measured from B's first SYN+ACK: a lost handshake
  ACK and a lost FIN make B's RTO three times the time A needed. The
  initial RTO is not capped, only its doublings (MaxFinRto).
- A retransmitted FIN that reaches B in LAST_ACK is answered with an ACK;
  A's FIN_WAIT_1 ends on the first segment of B acknowledging its FIN
  (B's ACK or any FIN of B). Each FIN of B that reaches A is answered with
  an ACK and (re)starts TIME_WAIT (2 MSL); one that arrives after TIME_WAIT
  ended is answered by A's stack with RST (42 B), and B ends reset. B ends
  orderly on the first ACK of its FIN.
- A RST ends FIN_WAIT_1/2 (reset) and cuts TIME_WAIT short (A closes,
  outcome orderly); a closed end answers every segment but a RST with RST.
- While B is in SYN_RCVD (handshake ACK lost, no FIN yet), B resends its
  SYN+ACK at ConnTimeout (3 s), doubling; A answers each with an ACK.
- Events at the same instant run in ns-3's order: by time, then by the time
  they were scheduled (a timer armed earlier fires first; an arrival is
  scheduled when its transmission starts).

Assumptions: independent loss in each direction for every segment;
segments are never reordered or duplicated; the link is otherwise idle
(the queue of each direction is modelled); B's SYN+ACK retransmissions stop
after SynRetries (6); runs are cut at stopTime like the simulation.

close_time_s is the model's: from A's close call until both ends are
CLOSED, whatever the outcome (helper/teardown-scenario.cc: the larger hold
time); a run in which one end never closes (stranded, open) has none. The
chain's E[close time] is therefore conditional on both ends closing, as
the mean over runs with a close_time_s is.

FIN on data (responseBytes > 0): an approximation
--------------------------------------------------
``fin_on_data`` adds a constant transfer time D (B's response, measured
without loss) to the bare-FIN chain: B's FIN is taken to leave D after the
bare-FIN case would send it. Losses of data segments, of the ACKs during the
transfer and the retransmissions and congestion control they cause are
not modelled, nor that A's FIN_WAIT_1 ends on B's first ACK rather than on
the FIN. It is a first-order guide, exact only at p = 0.
"""

import functools
import math
import sys

import numpy as np

NS = 1_000_000_000

#: wire sizes (bytes): PPP 2 + IPv4 20 + TCP 20 + timestamps 12 (ns-3's
#: defaults); SYN/SYN+ACK add window scale and SACK-permitted; a RST from a
#: closed end carries no options
HEADER_BYTES = 54
SYN_BYTES = 58
RST_BYTES = 42

#: outcome and expectation components of the chain's value vector
_FIELDS = [
    "p_complete",  # both ends CLOSED before stopTime
    "e_close_time_complete",  # E[close time; complete]
    "e_fin_wait_1",  # E[A's FIN_WAIT_1 dwell]
    "e_last_ack",  # E[B's LAST_ACK dwell] (0 when B never gets there)
    "p_b_reset",
    "p_b_timeout",
    "p_b_orderly",
    "p_a_reset",
    "p_a_timeout",
    "e_close_time2_complete",  # E[close time^2; complete]
]
_IDX = {f: i for i, f in enumerate(_FIELDS)}
_NF = len(_FIELDS)


def _ns(seconds):
    return int(round(seconds * NS))


def rate_bps(text):
    """'10Mbps' -> 1e7 (ns-3's DataRate units)."""
    text = str(text).strip()
    units = {"bps": 1.0, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "KiBps": 8 * 1024.0, "Bps": 8.0}
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


def first_rto(sample_s, min_rto_s, granularity_s=0.001):
    """RFC 6298 after a first RTT sample m: SRTT = m, RTTVAR = m / 2,
    RTO = max(MinRto, SRTT + max(G, 4 RTTVAR)) (ns-3's formula)."""
    return max(min_rto_s, sample_s + max(granularity_s, 2.0 * sample_s))


def backoff_schedule(r0, n, cap):
    """Send offsets S_0 = 0, S_k = S_{k-1} + R_{k-1} of n + 2 timer events
    (n retransmissions and the give-up), R_0 = r0, R_k = min(2 R_{k-1}, cap)
    (the initial RTO is not capped, its doublings are: RetransmitFin)."""
    s, r, out = 0.0, r0, [0.0]
    for _ in range(n + 1):
        s += r
        out.append(s)
        r = min(2 * r, cap)
    return out


class Scenario:
    """The parameters of one grid point (defaults: the module's)."""

    def __init__(
        self,
        loss_a2b=0.0,
        loss_b2a=None,
        msl=1.0,
        min_rto=1.0,
        fin_retries=8,
        max_fin_rto=60.0,
        delay=0.010,
        rate="10Mbps",
        request_bytes=100,
        start=1.0,
        stop_time=None,
        conn_timeout=3.0,
        syn_retries=6,
        rst_on_give_up=True,
        time_wait=None,
        drop_final_ack=False,
    ):
        self.loss_a2b = float(loss_a2b)
        self.loss_b2a = float(loss_a2b if loss_b2a is None else loss_b2a)
        self.msl = float(msl)
        self.time_wait = 2 * self.msl if time_wait is None else float(time_wait)
        self.min_rto = float(min_rto)
        self.fin_retries = int(fin_retries)
        self.max_fin_rto = float(max_fin_rto)
        self.delay = float(delay)
        self.rate = rate_bps(rate)
        self.request_bytes = int(request_bytes)
        self.start = float(start)
        self.stop_time = stop_time
        self.conn_timeout = float(conn_timeout)
        self.syn_retries = int(syn_retries)
        self.rst_on_give_up = bool(rst_on_give_up)
        #: --drop=a2b:ack-of-fin:1: A's first ACK of B's FIN is lost
        self.drop_final_ack = bool(drop_final_ack)

    def tx(self, nbytes):
        return nbytes * 8.0 / self.rate

    def key(self):
        return tuple(sorted(vars(self).items()))


# ---------------------------------------------------------------------------
# the chain


class _Chain:
    """Reachable states and their values for one Scenario."""

    def __init__(self, sc):
        self.sc = sc
        self.p = {"a2b": sc.loss_a2b, "b2a": sc.loss_b2a}
        self.d = _ns(sc.delay)
        self.txn = {n: _ns(sc.tx(n)) for n in (HEADER_BYTES, SYN_BYTES, RST_BYTES, HEADER_BYTES + sc.request_bytes)}
        self.fin_bytes_a = HEADER_BYTES + sc.request_bytes
        # absolute times (ns) of the handshake: SYN at start, SYN+ACK when it
        # arrives, A's close call when the SYN+ACK arrives
        self.start = _ns(sc.start)
        self.synack_sent = self.start + self.d + self.txn[SYN_BYTES]
        self.t0 = self.synack_sent + self.d + self.txn[SYN_BYTES]
        m_a = (self.t0 // 1_000_000 - self.start // 1_000_000) / 1000.0
        self.r_a = _ns(first_rto(m_a, sc.min_rto))
        self.cap = _ns(sc.max_fin_rto)
        self.tw = _ns(sc.time_wait)
        self.min_rto = sc.min_rto
        if sc.stop_time is None or sc.stop_time <= 0:
            self.stop = None
        else:
            self.stop = _ns(sc.stop_time) - self.t0  # relative to the close call
        self.memo = {}
        self.dist_memo = {}

    # -- building blocks -------------------------------------------------
    def send(self, st, direction, kind, nbytes, now, sub):
        """Queue a segment: returns the new state with its arrival event."""
        busy = st["busy_" + direction]
        begin = max(now, busy)
        tx = self.txn[nbytes]
        st["busy_" + direction] = begin + tx
        # ns-3 schedules the arrival when the transmission starts
        st["ev"].append((begin + tx + self.d, begin, sub, "arr", direction, kind))

    @staticmethod
    def cancel(st, kind):
        st["ev"] = [e for e in st["ev"] if e[3] != kind]

    def arm(self, st, kind, at, now, sub):
        self.cancel(st, kind)
        st["ev"].append((at, now, sub, kind, "", ""))

    @staticmethod
    def freeze(st):
        return tuple(sorted((k, tuple(sorted(v)) if k == "ev" else v) for k, v in st.items()))

    @staticmethod
    def thaw(key):
        st = dict(key)
        st["ev"] = list(st["ev"])
        return st

    def close_end(self, st, end, now, outcome, r):
        """End `end` reaches CLOSED at `now` with `outcome`; rewards into r."""
        st[end] = "C"
        if end == "a":
            self.cancel(st, "a_timer")
            self.cancel(st, "tw")
            if outcome in ("reset", "timeout"):
                r[_IDX["p_a_" + outcome]] += 1
        else:
            self.cancel(st, "b_timer")
            self.cancel(st, "sa_timer")
            if st["b_la_since"] is not None:
                r[_IDX["e_last_ack"]] += (now - st["b_la_since"]) / NS
                st["b_la_since"] = None
            r[_IDX["p_b_" + outcome]] += 1
        if end == "a" and st["a_fw1"]:
            r[_IDX["e_fin_wait_1"]] += now / NS
            st["a_fw1"] = False
        if st["a"] == "C" and st["b"] == "C":
            t = now / NS
            r[_IDX["p_complete"]] += 1
            r[_IDX["e_close_time_complete"]] += t
            r[_IDX["e_close_time2_complete"]] += t * t

    def leave_fw1(self, st, now, r):
        if st["a_fw1"]:
            r[_IDX["e_fin_wait_1"]] += now / NS
            st["a_fw1"] = False
            self.cancel(st, "a_timer")

    # -- the initial state -----------------------------------------------
    def initial(self):
        st = dict(
            a="FW1",
            a_fw1=True,
            a_next=1,  # index of A's next FIN attempt
            a_rto=self.r_a,
            b="SR",  # SYN_RCVD until an ACK of A arrives
            b_rto=None,
            b_next=1,
            b_la_since=None,
            sa_next=1,  # next SYN+ACK retransmission
            drop_left=1 if self.sc.drop_final_ack else 0,
            busy_a2b=0,
            busy_b2a=0,
            ev=[],
        )
        r = np.zeros(_NF)
        self.send(st, "a2b", "hs_ack", HEADER_BYTES, 0, 0)
        self.send(st, "a2b", "a_fin", self.fin_bytes_a, 0, 1)
        self.arm(st, "a_timer", self.r_a, 0, 2)
        sa_first = _ns(self.sc.conn_timeout) + (self.synack_sent - self.t0)
        self.arm(st, "sa_timer", sa_first, self.synack_sent - self.t0, 0)
        st["sa_rto"] = _ns(self.sc.conn_timeout)
        return st, r

    # -- segment arrivals ------------------------------------------------
    def b_synchronize(self, st, now):
        """B's first RTT sample: the first ACK of A to arrive, measured from
        B's first SYN+ACK in whole milliseconds (ns-3's timestamps)."""
        if st["b"] != "SR":
            return
        m = ((self.t0 + now) // 1_000_000 - self.synack_sent // 1_000_000) / 1000.0
        st["b_rto"] = _ns(first_rto(m, self.min_rto))
        st["b"] = "EST"
        self.cancel(st, "sa_timer")

    def arrive_at_b(self, st, kind, now, r):
        b = st["b"]
        if b == "C":
            if kind not in ("rst", "a_rst"):
                self.send(st, "b2a", "b_stack_rst", RST_BYTES, now, 0)
            return
        if kind in ("rst", "a_rst"):
            self.close_end(st, "b", now, "reset", r)
            return
        if kind in ("hs_ack", "chal_ack"):
            self.b_synchronize(st, now)
            return
        if kind == "a_fin":
            if b in ("SR", "EST"):
                self.b_synchronize(st, now)
                # CLOSE_WAIT: ACK now; the application closes at once: FIN
                self.send(st, "b2a", "b_ack", HEADER_BYTES, now, 0)
                self.send(st, "b2a", "b_fin", HEADER_BYTES, now, 1)
                st["b"] = "LA"
                st["b_la_since"] = now
                st["b_next"] = 1
                st["b_cur_rto"] = st["b_rto"]
                self.arm(st, "b_timer", now + st["b_rto"], now, 2)
            else:  # LAST_ACK: a retransmitted FIN, ACK it again
                self.send(st, "b2a", "b_ack", HEADER_BYTES, now, 0)
            return
        if kind == "a_ack":  # A's ACK of B's FIN
            if b == "LA":
                self.close_end(st, "b", now, "orderly", r)
            return

    def arrive_at_a(self, st, kind, now, r):
        a = st["a"]
        if a == "C":
            if kind not in ("b_giveup_rst", "b_stack_rst"):
                self.send(st, "a2b", "rst", RST_BYTES, now, 0)
            return
        if kind in ("b_giveup_rst", "b_stack_rst"):
            if a == "TW":
                self.close_end(st, "a", now, "orderly", r)  # TIME_WAIT cut
            else:
                self.leave_fw1(st, now, r)
                self.close_end(st, "a", now, "reset", r)
            return
        if kind == "synack":
            self.send(st, "a2b", "chal_ack", HEADER_BYTES, now, 0)
            return
        if kind == "b_ack":
            if a == "FW1":
                self.leave_fw1(st, now, r)
                st["a"] = "FW2"
            return
        if kind == "b_fin":
            self.leave_fw1(st, now, r)
            st["a"] = "TW"
            self.send(st, "a2b", "a_ack", HEADER_BYTES, now, 0)
            self.arm(st, "tw", now + self.tw, now, 1)
            return

    # -- timers ----------------------------------------------------------
    def a_timer(self, st, now, r):
        if st["a"] != "FW1":
            return
        if st["a_next"] > self.sc.fin_retries:
            if self.sc.rst_on_give_up:
                self.send(st, "a2b", "a_rst", HEADER_BYTES, now, 0)
            self.leave_fw1(st, now, r)
            self.close_end(st, "a", now, "timeout", r)
            return
        st["a_next"] += 1
        st["a_rto"] = min(2 * st["a_rto"], self.cap)
        self.send(st, "a2b", "a_fin", self.fin_bytes_a, now, 0)
        self.arm(st, "a_timer", now + st["a_rto"], now, 1)

    def b_timer(self, st, now, r):
        if st["b"] != "LA":
            return
        if st["b_next"] > self.sc.fin_retries:
            if self.sc.rst_on_give_up:
                self.send(st, "b2a", "b_giveup_rst", HEADER_BYTES, now, 0)
            self.close_end(st, "b", now, "timeout", r)
            return
        st["b_next"] += 1
        st["b_cur_rto"] = min(2 * st["b_cur_rto"], self.cap)
        self.send(st, "b2a", "b_fin", HEADER_BYTES, now, 0)
        self.arm(st, "b_timer", now + st["b_cur_rto"], now, 1)

    def sa_timer(self, st, now, r):
        if st["b"] != "SR" or st["sa_next"] > self.sc.syn_retries:
            return
        st["sa_next"] += 1
        self.send(st, "b2a", "synack", SYN_BYTES, now, 0)
        st["sa_rto"] = 2 * st["sa_rto"]
        self.arm(st, "sa_timer", now + st["sa_rto"], now, 1)

    def tw_expire(self, st, now, r):
        if st["a"] == "TW":
            self.close_end(st, "a", now, "orderly", r)

    # -- the recursion ---------------------------------------------------
    def successors(self, key):
        """The next step from a frozen state: a list of (probability,
        rewards of the step, next frozen state); empty when nothing moves
        the state on (both ends closed, no event left, or the run is cut)."""
        st = self.thaw(key)
        if (st["a"] == "C" and st["b"] == "C") or not st["ev"]:
            return []
        ev = min(st["ev"])
        now = ev[0]
        if self.stop is not None and now > self.stop:
            return []  # the run is cut
        st["ev"].remove(ev)
        kind = ev[3]
        out = []
        if kind == "arr":
            direction, seg = ev[4], ev[5]
            p = self.p[direction]
            if seg == "a_ack" and st["drop_left"]:
                st["drop_left"] = 0
                p = 1.0  # the drop rule takes it
            if p > 0:
                out.append((p, np.zeros(_NF), self.freeze(st)))
            if p < 1:
                r = np.zeros(_NF)
                if direction == "a2b":
                    self.arrive_at_b(st, seg, now, r)
                else:
                    self.arrive_at_a(st, seg, now, r)
                out.append((1 - p, r, self.freeze(st)))
        else:
            r = np.zeros(_NF)
            if kind == "tw":
                self.tw_expire(st, now, r)
            else:
                getattr(self, kind)(st, now, r)
            out.append((1.0, r, self.freeze(st)))
        return out

    def value(self, key):
        """Expected future rewards from a frozen state."""
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        v = np.zeros(_NF)
        for p, r, nxt in self.successors(key):
            v += p * (r + self.value(nxt))
        self.memo[key] = v
        return v

    def completion(self, key):
        """The distribution of the close time from a frozen state: {time
        (ns from the close call): probability that both ends close then}.
        The masses sum to P(complete)."""
        hit = self.dist_memo.get(key)
        if hit is not None:
            return hit
        d = {}
        for p, r, nxt in self.successors(key):
            if r[_IDX["p_complete"]]:
                t = int(round(r[_IDX["e_close_time_complete"]] * NS))
                d[t] = d.get(t, 0.0) + p
            else:
                for t, q in self.completion(nxt).items():
                    d[t] = d.get(t, 0.0) + p * q
        self.dist_memo[key] = d
        return d

    def solve(self):
        st, r = self.initial()
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))
        try:
            v = r + self.value(self.freeze(st))
        finally:
            sys.setrecursionlimit(limit)
        out = dict(zip(_FIELDS, (float(x) for x in v)))
        pc = out["p_complete"]
        out["e_close_time"] = out["e_close_time_complete"] / pc if pc > 0 else math.nan
        var = out["e_close_time2_complete"] / pc - out["e_close_time"] ** 2 if pc > 0 else math.nan
        out["sd_close_time"] = math.sqrt(max(var, 0.0))
        out["states"] = len(self.memo)
        out["rto_a"] = self.r_a / NS
        return out


@functools.lru_cache(maxsize=4096)
def _solve_cached(key):
    return _Chain(Scenario(**dict(key))).solve()


def bare_fin(**params):
    """The chain for one Scenario(**params): a dict with p_complete,
    e_close_time (E[close_time_s | both ends closed]), e_fin_wait_1,
    e_last_ack, p_b_reset, p_b_timeout, p_b_orderly, p_a_reset, p_a_timeout,
    sd_close_time, states (the chain's size) and rto_a."""
    sc = Scenario(**params)
    return dict(_solve_cached(sc.key()))


def fin_on_data(transfer_s, **params):
    """The FIN-on-data approximation (module docstring): the bare-FIN chain
    with B's FIN D = transfer_s later; FIN_WAIT_1 is not shifted (B ACKs
    A's FIN before its data), LAST_ACK and the close time are."""
    out = bare_fin(**params)
    out = dict(out)
    out["e_close_time"] = out["e_close_time"] + transfer_s
    out["approximate"] = True
    return out


def close_time_distribution(**params):
    """The exact distribution of close_time_s in the bare-FIN chain: (times
    in seconds, ascending; probability of each). The close time takes
    finitely many values (sums of delays, transmission times and backed-off
    RTOs); the probabilities sum to P(complete), so the CDF built from them
    ends at P(complete) as the Monte Carlo's does (runs that never close
    count in its denominator)."""
    ch = _Chain(Scenario(**params))
    st, r = ch.initial()
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        d = ch.completion(ch.freeze(st))
    finally:
        sys.setrecursionlimit(limit)
    times = np.array(sorted(d), dtype=float)
    probs = np.array([d[int(t)] for t in times])
    return times / NS, probs


def replay(fates, **params):
    """Walk the chain along one loss pattern instead of averaging over all:
    fates = {'a2b': [dropped, ...], 'b2a': [...]} in order of arrival (a
    run's segments.csv after the close call). Returns dict(close_time,
    fin_wait_1, last_ack, b_outcome, a_outcome, used) for checking the
    chain's rules run by run against the simulation."""
    ch = _Chain(Scenario(**params))
    st, r = ch.initial()
    used = {"a2b": 0, "b2a": 0}
    outcome = {}
    total = r.copy()
    while st["ev"] and not (st["a"] == "C" and st["b"] == "C"):
        ev = min(st["ev"])
        now = ev[0]
        if ch.stop is not None and now > ch.stop:
            break
        st["ev"].remove(ev)
        r = np.zeros(_NF)
        if ev[3] == "arr":
            direction = ev[4]
            k = used[direction]
            used[direction] += 1
            dropped = fates[direction][k] if k < len(fates[direction]) else False
            if ev[5] == "a_ack" and st["drop_left"]:
                st["drop_left"] = 0
            if not dropped:
                (ch.arrive_at_b if direction == "a2b" else ch.arrive_at_a)(st, ev[5], now, r)
        else:
            getattr(ch, ev[3] if ev[3] != "tw" else "tw_expire")(st, now, r)
        total += r
    for ev in st["ev"]:
        if ev[3] == "arr":
            used[ev[4]] += 1  # still in flight when both ends had closed
    out = dict(zip(_FIELDS, total))
    for end in ("a", "b"):
        for oc in ("reset", "timeout", "orderly"):
            if out.get("p_{}_{}".format(end, oc)):
                outcome[end] = oc
    return dict(
        close_time=out["e_close_time_complete"] if out["p_complete"] else None,
        fin_wait_1=out["e_fin_wait_1"],
        last_ack=out["e_last_ack"],
        b_outcome=outcome.get("b", "open"),
        used=used,
    )
