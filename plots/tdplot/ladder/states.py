# SPDX-License-Identifier: GPL-2.0-only
"""Each endpoint's TCP states over time, from its transitions."""

PASSIVE_START = ("SYN_RCVD", "ESTABLISHED")


def close_call_time(trace):
    """A's close call: A's first transition out of ESTABLISHED (else any
    endpoint's, else the first FIN's transmission, else 0)."""
    for who in ("A", None):
        for t in trace.transitions:
            if t["frm"] == "ESTABLISHED" and (who is None or t["endpoint"] == who):
                return t["time"]
    fins = [s["sent"] for s in trace.segments if "FIN" in s["flags"]]
    return min(fins) if fins else 0.0


def _inferred_opening(trace, endpoint, first, start):
    """States before the first recorded transition: the recorder may begin
    with a passive opener already in SYN_RCVD or ESTABLISHED; LISTEN and
    SYN_RCVD are then inferred from the arrival of the peer's SYN and first
    ACK."""
    if first["frm"] not in PASSIVE_START:
        return [] if first["frm"] == "CLOSED" else [[first["frm"], start, first["time"], True]]
    incoming = "a2b" if endpoint == "B" else "b2a"
    arrivals = [
        s for s in trace.segments if s["direction"] == incoming and not s["dropped"] and s["time"] <= first["time"]
    ]
    syn = next((s for s in arrivals if "SYN" in s["flags"] and "ACK" not in s["flags"]), None)
    if syn is None:
        return [[first["frm"], start, first["time"], True]]
    out = [["LISTEN", start, syn["time"], True]]
    if first["frm"] == "ESTABLISHED":
        est = next((s for s in arrivals if s["time"] > syn["time"] and "SYN" not in s["flags"]), None)
        est_time = est["time"] if est is not None else first["time"]
        out.append(["SYN_RCVD", syn["time"], est_time, True])
        out.append(["ESTABLISHED", est_time, first["time"], True])
    else:
        out.append(["SYN_RCVD", syn["time"], first["time"], True])
    return out


def state_intervals(trace, endpoint, start, end):
    """[(state, t0, t1, inferred, entered)] of one endpoint from its
    transitions, clipped to [start, end]; inferred states (see
    _inferred_opening) are marked, entered is False for a state already
    held at ``start``."""
    trs = sorted((t for t in trace.transitions if t["endpoint"] == endpoint), key=lambda t: t["time"])
    if not trs:
        return []
    out = _inferred_opening(trace, endpoint, trs[0], start)
    for k, t in enumerate(trs):
        t_next = trs[k + 1]["time"] if k + 1 < len(trs) else max(end, t["time"])
        out.append([t["to"], t["time"], t_next, False])
    clipped = []
    for state, t0, t1, inferred in out:
        if t1 < start or t0 > end:
            continue
        clipped.append((state, max(t0, start), min(t1, end), inferred, t0 >= start))
    return clipped
