#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The model's workload on the real Linux kernel, over a veth path A -- R -- B.

R forwards through NFQUEUE to td-path (tcp-teardown-kernel-path), which holds
every segment for the one-way delay and drops by the model's --drop rules and
random loss. tcpdump on R's two interfaces sees each segment arrive (sent) and
leave (delivered). The captures become segments.csv and runs.csv with the
model's column names; see doc/kernel-harness.md.

Exit 77 (one line on stderr) without root or network namespaces.
"""

import argparse
import csv
import json
import os
import platform
import select
import signal
import struct
import subprocess
import sys
import time

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
FIN, SYN, RST, PSH, ACK, URG, ECE, CWR = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80
# ns-3's TcpHeader::FlagsToString order
FLAG_NAMES = [(FIN, "FIN"), (SYN, "SYN"), (RST, "RST"), (PSH, "PSH"), (ACK, "ACK"),
              (URG, "URG"), (ECE, "ECE"), (CWR, "CWR")]
ADDR_A, ADDR_RA, ADDR_RB, ADDR_B = "10.213.1.1", "10.213.1.2", "10.213.2.2", "10.213.2.1"
TIMESTAMP_OPTION_BYTES = 12  # each segment's TCP timestamp option, padded
MODEL_START_S = 1.0  # the model's A connects at 1 s
SYSCTLS_REPORTED = ["tcp_rfc1337", "tcp_fin_timeout", "tcp_orphan_retries", "tcp_early_retrans",
                    "tcp_sack", "tcp_timestamps", "tcp_no_metrics_save", "tcp_retries2",
                    "tcp_syn_retries", "tcp_tw_reuse"]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--outputDir", required=True)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--RngRun", type=int, default=1, help="seed of run 0 (run i: RngRun + i)")
    p.add_argument("--drop", default="")
    p.add_argument("--loss", type=float, default=0.0)
    p.add_argument("--lossA2B", type=float)
    p.add_argument("--lossB2A", type=float)
    p.add_argument("--responseBytes", type=int, default=5000)
    p.add_argument("--requestBytes", type=int, default=100)
    p.add_argument("--delay", type=float, default=0.01, help="one-way delay, s")
    p.add_argument("--rate", default="10Mbps", help="link rate, e.g. 10Mbps (tbf)")
    p.add_argument("--closeDelay", type=float, default=0.0)
    p.add_argument("--strategy", default="half-close",
                   choices=["half-close", "full-close", "abortive", "lingering"])
    p.add_argument("--lingerTimeout", type=float, default=1.0)
    p.add_argument("--segmentSize", type=int, default=536,
                   help="payload bytes per segment, as the model's (TCP_MAXSEG = this + 12 "
                        "bytes of timestamp option); 0: the kernel's own")
    p.add_argument("--rfc1337", type=int, choices=[0, 1], default=0)
    p.add_argument("--runTimeout", type=float, default=20.0, help="wall-clock bound of one run, s")
    p.add_argument("--margin", type=float, default=0.3,
                   help="quiet time after the last segment before a run is stopped, s")
    p.add_argument("--build", default=os.path.join(SCRIPT_DIR, "..", "build"))
    p.add_argument("--ladder", action="store_true", help="print each run's flag ladder")
    a = p.parse_args(argv)
    a.lossA2B = a.loss if a.lossA2B is None else a.lossA2B
    a.lossB2A = a.loss if a.lossB2A is None else a.lossB2A
    return a


def tc_rate(rate):
    """'10Mbps' -> '10mbit' for tc."""
    r = rate.strip()
    for suffix, unit in (("Gbps", "gbit"), ("Mbps", "mbit"), ("Kbps", "kbit"), ("kbps", "kbit"),
                         ("bps", "bit")):
        if r.endswith(suffix):
            return r[: -len(suffix)] + unit
    return r


def tbf_burst(args):
    """Bytes of one full Ethernet frame: payload, timestamp option, TCP, IPv4, Ethernet."""
    if args.segmentSize <= 0:
        return 1514
    return args.segmentSize + TIMESTAMP_OPTION_BYTES + 20 + 20 + 14


def sh(*cmd, check=True, timeout=10):
    return subprocess.run(cmd, check=check, timeout=timeout, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


class Namespaces:
    """A -- R -- B with two veth pairs; removed by close()."""

    def __init__(self, args):
        self.prefix = "tdk-%d" % os.getpid()
        self.a, self.r, self.b = (self.prefix + s for s in ("-a", "-r", "-b"))
        self.args = args
        self.made = []

    def ex(self, ns, *cmd, **kw):
        return sh("ip", "netns", "exec", ns, *cmd, **kw)

    def create(self):
        for ns in (self.a, self.r, self.b):
            sh("ip", "netns", "add", ns)
            self.made.append(ns)
        sh("ip", "link", "add", "a0", "netns", self.a, "type", "veth", "peer", "name", "ra",
           "netns", self.r)
        sh("ip", "link", "add", "b0", "netns", self.b, "type", "veth", "peer", "name", "rb",
           "netns", self.r)
        for ns, dev, addr in ((self.a, "a0", ADDR_A), (self.r, "ra", ADDR_RA),
                              (self.r, "rb", ADDR_RB), (self.b, "b0", ADDR_B)):
            self.ex(ns, "ip", "addr", "add", addr + "/24", "dev", dev)
            self.ex(ns, "ip", "link", "set", dev, "up")
            self.ex(ns, "ethtool", "-K", dev, "tso", "off", "gso", "off", "gro", "off",
                    check=False)
        for ns in (self.a, self.r, self.b):
            self.ex(ns, "ip", "link", "set", "lo", "up")
            self.ex(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", check=False)
        self.ex(self.a, "ip", "route", "add", "default", "via", ADDR_RA)
        self.ex(self.b, "ip", "route", "add", "default", "via", ADDR_RB)
        self.ex(self.r, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        for ns in (self.a, self.b):
            for key, value in (("tcp_sack", 1), ("tcp_timestamps", 1),
                               ("tcp_rfc1337", self.args.rfc1337), ("tcp_no_metrics_save", 1)):
                self.ex(ns, "sysctl", "-qw", "net.ipv4.%s=%d" % (key, value))
        rate = tc_rate(self.args.rate)
        for ns, dev in ((self.a, "a0"), (self.b, "b0")):
            # the sender's serialization: a bucket of one full frame, so frames
            # leave one at a time; limit ~ the model's 100-packet queue
            self.ex(ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", rate,
                    "burst", str(tbf_burst(self.args)), "limit", "151400")
        self.ex(self.r, "iptables", "-A", "FORWARD", "-p", "tcp", "-j", "NFQUEUE",
                "--queue-num", "0")

    def sysctls(self, ns):
        out = {}
        for key in SYSCTLS_REPORTED:
            r = self.ex(ns, "sysctl", "-n", "net.ipv4." + key, check=False)
            out[key] = r.stdout.strip()
        return out

    def offloads(self, ns, dev):
        r = self.ex(ns, "ethtool", "-k", dev, check=False)
        wanted = ("tcp-segmentation-offload", "generic-segmentation-offload",
                  "generic-receive-offload")
        return {line.split(":")[0].strip(): line.split(":")[1].strip()
                for line in r.stdout.splitlines() if line.split(":")[0].strip() in wanted}

    def close(self):
        for ns in reversed(self.made):
            sh("ip", "netns", "del", ns, check=False)
        self.made = []


class Proc:
    """A started process that is always stopped (by its pid) in stop()."""

    def __init__(self, cmd, ready_text=None, ready_on_stderr=False, timeout=5.0):
        self.p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, start_new_session=True)
        self.err_lines = []
        if ready_text:
            stream = self.p.stderr if ready_on_stderr else self.p.stdout
            self._wait_for(stream, ready_text, timeout)

    def _wait_for(self, stream, text, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                break
            line = stream.readline()
            if not line:
                break
            if text in line:
                return
        raise RuntimeError("%s: not ready after %.1f s" % (self.p.args[4:6], timeout))

    def wait(self, timeout):
        try:
            return self.p.wait(timeout=max(0.0, timeout))
        except subprocess.TimeoutExpired:
            return None

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, sig)  # its own session: this process and its children
            except ProcessLookupError:
                pass
            if self.wait(3.0) is None:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait(timeout=3.0)
        for stream in (self.p.stdout, self.p.stderr):
            stream.close()


# --- pcap ------------------------------------------------------------------


def read_pcap(path):
    """[(time_ns, src, flags, seq, ack, payload_len)] of the TCP/IPv4 packets of an Ethernet pcap."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nano = struct.unpack(endian + "I", data[:4])[0] == 0xA1B23C4D
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        t = sec * 1_000_000_000 + (frac if nano else frac * 1000)
        if len(pkt) < 14 + 20 or pkt[12:14] != b"\x08\x00":
            continue
        ip = pkt[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[9] != 6 or len(ip) < ihl + 20:
            continue
        total = struct.unpack("!H", ip[2:4])[0]
        src = ".".join(str(b) for b in ip[12:16])
        tcp = ip[ihl:]
        seq, ack = struct.unpack("!II", tcp[4:12])
        doff = (tcp[12] >> 4) * 4
        out.append((t, src, tcp[13], seq, ack, total - ihl - doff))
    return out


def read_path_log(path):
    """td-path's lines: dict per segment, in arrival order."""
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split(None, 8)
            if len(parts) < 9:
                continue
            rows.append({"arrival": int(parts[0]), "verdict_t": int(parts[1]), "dir": parts[2],
                         "flags": int(parts[3]), "seq": int(parts[4]), "ack": int(parts[5]),
                         "len": int(parts[6]), "drop": parts[7] == "drop",
                         "cause": parts[8].strip()})
    return rows


def flags_text(flags):
    return "|".join(name for bit, name in FLAG_NAMES if flags & bit)


def build_segments(ra_pcap, rb_pcap, log):
    """Joins captures and td-path's log: one dict per segment sent, in send order per direction.

    Sent = seen arriving on R's interface toward the sender; delivered = seen
    leaving R's other interface. Both lists are in arrival order, as is the log
    (the delay is the same for all, so the path keeps the order).
    """
    sent = {"a2b": [p for p in ra_pcap if p[1] == ADDR_A],
            "b2a": [p for p in rb_pcap if p[1] == ADDR_B]}
    delivered = {"a2b": [p for p in rb_pcap if p[1] == ADDR_A],
                 "b2a": [p for p in ra_pcap if p[1] == ADDR_B]}
    problems = []
    segments = []
    for d in ("a2b", "b2a"):
        entries = [e for e in log if e["dir"] == d]
        accepted = iter(delivered[d])
        for i, pkt in enumerate(sent[d]):
            e = entries[i] if i < len(entries) else None
            if e is None or (e["seq"], e["flags"], e["len"]) != (pkt[3], pkt[2], pkt[5]):
                problems.append("%s segment %d: capture and path log disagree" % (d, i + 1))
                e = None
            seg = {"dir": d, "sent_ns": pkt[0], "flags": pkt[2], "seq": pkt[3], "ack": pkt[4],
                   "len": pkt[5], "dropped": bool(e and e["drop"]),
                   "cause": e["cause"] if e and e["drop"] else "", "time_ns": None}
            if e is not None and e["drop"]:
                seg["time_ns"] = e["verdict_t"]
            else:
                out = next(accepted, None)
                if out is not None and (out[3], out[2]) == (pkt[3], pkt[2]):
                    seg["time_ns"] = out[0]
                elif out is not None:
                    problems.append("%s segment %d: delivered copy out of order" % (d, i + 1))
            segments.append(seg)
    segments.sort(key=lambda s: s["sent_ns"])
    return segments, problems


# --- per-run results ---------------------------------------------------------


def relative_numbers(segments):
    """Adds rel_seq, rel_ack: relative to each side's ISN, as ns-3's ISN is 0."""
    isn = {}
    for s in segments:
        if s["flags"] & SYN and s["dir"] not in isn:
            isn[s["dir"]] = s["seq"]
    for s in segments:
        own, peer = s["dir"], "b2a" if s["dir"] == "a2b" else "a2b"
        s["rel_seq"] = (s["seq"] - isn.get(own, 0)) % 2**32
        s["rel_ack"] = (s["ack"] - isn.get(peer, 0)) % 2**32 if s["flags"] & ACK else 0


def side_counts(segments, d):
    """FIN, RST, data retransmissions, segments and drops of one direction."""
    mine = [s for s in segments if s["dir"] == d]
    fins = [s for s in mine if s["flags"] & FIN]
    highest, data_retx = 0, 0
    for s in mine:
        if s["len"] > 0:
            end = s["rel_seq"] + s["len"]
            if end <= highest:
                data_retx += 1
            highest = max(highest, end)
    return {"fin_tx": len(fins), "fin_retx": len(fins) - len({s["seq"] for s in fins}),
            "rst_tx": sum(1 for s in mine if s["flags"] & RST),
            "data_retx": data_retx, "segments_tx": len(mine),
            "dropped": sum(1 for s in mine if s["dropped"])}


def fin_end(segments, d):
    """Relative sequence number just past d's FIN, or None."""
    for s in segments:
        if s["dir"] == d and s["flags"] & FIN:
            return (s["rel_seq"] + s["len"] + 1) % 2**32
    return None


def first_delivered(segments, d, test):
    times = [s["time_ns"] for s in segments
             if s["dir"] == d and not s["dropped"] and s["time_ns"] is not None and test(s)]
    return min(times) if times else None


def outcome(me, peer, segments, app, state, aborts=False):
    """aborted | orderly | reset | timeout | open for one end, as the model
    defines them. aborted: the application closed abortively (SO_LINGER 0,
    \p aborts) and the end sent its RST before one reached it.

    reset: this end sent a RST, or a RST from the peer reached it, or its
    application saw ECONNRESET. orderly: its FIN was acknowledged and the
    peer's FIN reached it. open: its socket still exists (other than TIME-WAIT)
    when the run is stopped. timeout: gone without either.
    """
    rst_sent = any(s["dir"] == me and s["flags"] & RST for s in segments)
    rst_got = first_delivered(segments, peer, lambda s: s["flags"] & RST)
    if aborts and rst_sent:
        first_sent = min(s["sent_ns"] for s in segments if s["dir"] == me and s["flags"] & RST)
        if rst_got is None or first_sent <= rst_got:
            return "aborted"
    if rst_sent or rst_got is not None or app.get("reset") == "1":
        return "reset"
    my_fin, peer_fin = fin_end(segments, me), fin_end(segments, peer)
    acked = my_fin is not None and first_delivered(
        segments, peer, lambda s: s["flags"] & ACK and s["rel_ack"] == my_fin) is not None
    got_fin = peer_fin is not None and first_delivered(
        segments, peer, lambda s: s["flags"] & FIN) is not None
    if acked and got_fin and state in ("TIME-WAIT", "CLOSED"):
        return "orderly"
    if state not in ("CLOSED", "TIME-WAIT"):
        return "open"
    return "timeout"


def read_app_result(path):
    try:
        with open(path) as f:
            return dict(kv.split("=", 1) for kv in f.read().split())
    except (OSError, ValueError):
        return {}


def socket_state(ns, env, port, local):
    """State of the run's connection in ns (ss -tan), 'CLOSED' if it has none."""
    key = "sport" if local else "dport"
    r = env.ex(ns, "ss", "-tanH", "state", "all", "( %s = :%d )" % (key, port), check=False)
    states = [line.split()[0] for line in r.stdout.splitlines()
              if line.strip() and not line.startswith("LISTEN")]
    return states[0] if states else "CLOSED"


def rel_s(t_ns, t0_ns):
    return "" if t_ns is None else "%.9f" % (MODEL_START_S + (t_ns - t0_ns) / 1e9)


def tcpdump_cmd(env, dev, pcap, port):
    return ["ip", "netns", "exec", env.r, "tcpdump", "-i", dev, "-n", "-U", "--immediate-mode",
            "-s", "128", "--time-stamp-precision=nano", "-w", pcap, "tcp", "port", str(port)]


def path_cmd(env, args, port, log, seed):
    return ["ip", "netns", "exec", env.r, app_path(args, "path"), "--addrA", ADDR_A,
            "--port", str(port), "--log", log, "--delay", repr(args.delay), "--drop", args.drop,
            "--lossA2B", repr(args.lossA2B), "--lossB2A", repr(args.lossB2A),
            "--seed", str(seed), "--requestBytes", str(args.requestBytes),
            "--responseBytes", str(args.responseBytes), "--timeLimit", repr(args.runTimeout + 5)]


def app_cmd(env, args, role, port, result):
    mss = args.segmentSize + TIMESTAMP_OPTION_BYTES if args.segmentSize > 0 else 0
    cmd = ["ip", "netns", "exec", env.a if role == "a" else env.b, app_path(args, "app"), role,
           "--port", str(port), "--mss", str(mss), "--requestBytes", str(args.requestBytes),
           "--responseBytes", str(args.responseBytes), "--timeLimit", repr(args.runTimeout),
           "--result", result]
    if role == "a":
        cmd += ["--connect", ADDR_B, "--closeDelay", repr(args.closeDelay),
                "--strategy", args.strategy, "--lingerTimeout", repr(args.lingerTimeout)]
    return cmd


def run_once(env, args, index, tmp):
    """One run: capture, path, B, A; returns its segments, problems, (row, t0)."""
    port = 20000 + index % 20000
    rng_run = args.RngRun + index
    files = {k: os.path.join(tmp, "%s.%d" % (k, index))
             for k in ("ra.pcap", "rb.pcap", "path.log", "a.res", "b.res")}
    for f in files.values():
        if os.path.exists(f):
            os.unlink(f)
    procs = []
    wall0 = time.monotonic()
    bound = args.runTimeout
    try:
        for dev in ("ra", "rb"):
            procs.append(Proc(tcpdump_cmd(env, dev, files[dev + ".pcap"], port),
                              ready_text="listening on", ready_on_stderr=True))
        procs.append(Proc(path_cmd(env, args, port, files["path.log"], rng_run),
                          ready_text="ready"))
        b = Proc(app_cmd(env, args, "b", port, files["b.res"]), ready_text="ready")
        procs.append(b)
        a = Proc(app_cmd(env, args, "a", port, files["a.res"]))
        procs.append(a)
        deadline = wall0 + bound
        a.wait(deadline - time.monotonic())
        b.wait(deadline - time.monotonic())
        a_state, b_state = wait_quiet(env, port, files["path.log"], deadline, args.margin)
    finally:
        for p in reversed(procs):
            p.stop(signal.SIGINT if "tcpdump" in p.p.args else signal.SIGTERM)
        # after the capture and the path have stopped: the RSTs this sends are
        # not captured, and dropped in R (an NFQUEUE without a reader drops)
        kill_leftovers(env, port)
    wall = time.monotonic() - wall0
    log = read_path_log(files["path.log"])
    segments, problems = build_segments(read_pcap(files["ra.pcap"]), read_pcap(files["rb.pcap"]),
                                        log)
    relative_numbers(segments)
    app_a, app_b = read_app_result(files["a.res"]), read_app_result(files["b.res"])
    return segments, problems, summarise(args, index, rng_run, segments, app_a, app_b, a_state,
                                         b_state, wall)


def wait_quiet(env, port, log_path, deadline, margin):
    """Waits until no socket of the run is left but A's TIME-WAIT and the path
    has been quiet for margin s (or the deadline); returns both end states."""
    while True:
        a_state = socket_state(env.a, env, port, local=False)
        b_state = socket_state(env.b, env, port, local=True)
        try:
            quiet = time.time() - os.path.getmtime(log_path)
        except OSError:
            quiet = 0.0
        settled = a_state in ("CLOSED", "TIME-WAIT") and b_state == "CLOSED"
        if (settled and quiet >= margin) or time.monotonic() >= deadline:
            return a_state, b_state
        time.sleep(0.05)


def kill_leftovers(env, port):
    """Ends the run's sockets still open (not A's TIME-WAIT) with ss -K, so that
    they do not keep retransmitting into later runs (those ignore other ports)."""
    env.ex(env.b, "ss", "-K", "-tn", "( sport = :%d )" % port, check=False)
    env.ex(env.a, "ss", "-K", "-tn", "state", "connected", "exclude", "time-wait",
           "( dport = :%d )" % port, check=False)


def app_path(args, which):
    return os.path.join(os.path.abspath(args.build), "tcp-teardown-kernel-" + which)


STATE_NAMES = {"TIME-WAIT": "TIME_WAIT", "CLOSED": "CLOSED", "LAST-ACK": "LAST_ACK",
               "FIN-WAIT-1": "FIN_WAIT_1", "FIN-WAIT-2": "FIN_WAIT_2", "CLOSING": "CLOSING",
               "CLOSE-WAIT": "CLOSE_WAIT", "ESTAB": "ESTABLISHED"}


def summarise(args, index, rng_run, segments, app_a, app_b, a_state, b_state, wall):
    t0 = next((s["sent_ns"] for s in segments if s["dir"] == "a2b" and s["flags"] & SYN), None)
    if t0 is None:
        t0 = int(app_a.get("close_ns", 0)) or 0
    a_close = int(app_a["close_ns"]) if app_a.get("close_ns", "0") != "0" else None
    row = {"run_index": index, "variant": "linux-kernel", "strategy": args.strategy,
           "drop": args.drop, "loss_a2b": args.lossA2B, "loss_b2a": args.lossB2A,
           "loss_scope": "close", "rate": args.rate, "delay_s": args.delay,
           "request_bytes": args.requestBytes, "response_bytes": args.responseBytes,
           "close_delay_s": args.closeDelay, "segment_size": args.segmentSize, "rng_run": rng_run,
           "delivered_bytes": app_a.get("bytes_read", ""),
           "a_outcome": outcome("a2b", "b2a", segments, app_a, a_state,
                                 aborts=args.strategy == "abortive"),
           "b_outcome": outcome("b2a", "a2b", segments, app_b, b_state),
           "a_end_state": STATE_NAMES.get(a_state, a_state),
           "b_end_state": STATE_NAMES.get(b_state, b_state)}
    # an end left waiting in FIN-WAIT-2 after its peer gave up waits for ever
    # (Linux times out only an orphan's FIN-WAIT-2): the model calls it stranded
    for me, peer in (("a", "b"), ("b", "a")):
        if (row[me + "_outcome"] == "open" and row[me + "_end_state"] == "FIN_WAIT_2" and
                row[peer + "_outcome"] == "timeout"):
            row[me + "_outcome"] = "stranded"
    # B is CLOSED when the ACK of its FIN (or a RST) reaches it
    b_fin = fin_end(segments, "b2a")
    b_closed = first_delivered(segments, "a2b", lambda s: (s["flags"] & RST) or (
        b_fin is not None and s["flags"] & ACK and s["rel_ack"] == b_fin))
    if b_state != "CLOSED":
        b_closed = None
    row["b_hold_time_s"] = "" if b_closed is None or a_close is None else \
        "%.9f" % ((b_closed - a_close) / 1e9)
    # A's TIME-WAIT lasts 60 s in Linux and is not waited for: A's hold time is
    # known only when a RST ended A (the first RST it sent or that reached it)
    a_closed = None
    if a_state == "CLOSED" and row["a_outcome"] == "reset":
        times = [s["sent_ns"] for s in segments if s["dir"] == "a2b" and s["flags"] & RST]
        got = first_delivered(segments, "b2a", lambda s: s["flags"] & RST)
        times += [got] if got is not None else []
        a_closed = min(times) if times else None
    row["a_hold_time_s"] = "" if a_closed is None or a_close is None else \
        "%.9f" % ((a_closed - a_close) / 1e9)
    row["close_time_s"] = "" if not (row["a_hold_time_s"] and row["b_hold_time_s"]) else \
        "%.9f" % ((max(a_closed, b_closed) - a_close) / 1e9)
    row["a_time_wait_at_end"] = "yes" if a_state == "TIME-WAIT" else "no"
    for side, d in (("a", "a2b"), ("b", "b2a")):
        for key, value in side_counts(segments, d).items():
            row["%s_%s" % (side, key)] = value
    peer = {"a": "b2a", "b": "a2b"}
    for side in ("a", "b"):
        row[side + "_rst_rx"] = sum(1 for s in segments if s["dir"] == peer[side]
                                    and s["flags"] & RST and not s["dropped"])
    row["random_drops_a2b"] = sum(1 for s in segments if s["dir"] == "a2b" and s["cause"] == "random")
    row["random_drops_b2a"] = sum(1 for s in segments if s["dir"] == "b2a" and s["cause"] == "random")
    rules = [r for r in args.drop.split(";") if r]
    row["rule_drops"] = " ".join(str(sum(1 for s in segments if s["cause"] == r)) for r in rules)
    for side, app in (("a", app_a), ("b", app_b)):
        row[side + "_bytes_read"] = app.get("bytes_read", "")
        row[side + "_read_error"] = app.get("read_error", "")
        row[side + "_app_timed_out"] = app.get("timed_out", "")
        row[side + "_close_call_s"] = rel_s(int(app["close_ns"]), t0) \
            if app.get("close_ns", "0") != "0" else ""
        row[side + "_exit_s"] = rel_s(int(app["exit_ns"]), t0) if app.get("exit_ns") else ""
    row["wall_s"] = "%.3f" % wall
    return row, t0


SEGMENT_COLUMNS = ["run_index", "sent_s", "time_s", "direction", "flags", "seq", "ack",
                   "length_bytes", "dropped", "cause", "incarnation"]


def segment_rows(index, segments, t0):
    for s in segments:
        yield [index, rel_s(s["sent_ns"], t0), rel_s(s["time_ns"], t0), s["dir"],
               flags_text(s["flags"]), s["rel_seq"], s["rel_ack"], s["len"],
               1 if s["dropped"] else 0, s["cause"], 1]


def print_ladder(index, segments, t0):
    print("run %d:" % index)
    for s in segments:
        arrow = "A -> B" if s["dir"] == "a2b" else "B -> A"
        fate = "DROPPED (%s)" % s["cause"] if s["dropped"] else \
            ("at %s" % rel_s(s["time_ns"], t0) if s["time_ns"] else "not seen leaving R")
        print("  %s  %s %-12s seq=%-6d ack=%-6d len=%-5d %s" % (
            rel_s(s["sent_ns"], t0), arrow, flags_text(s["flags"]), s["rel_seq"], s["rel_ack"],
            s["len"], fate))


def write_meta(args, env, path, started, rows=()):
    """meta.json: kernel, sysctls, offloads, arguments; with rows, what the runs ended in."""
    meta = {"variant": "linux-kernel", "kernel": platform.release(),
            "kernel_version": platform.version(), "started": started,
            "sysctls_a": env.sysctls(env.a), "sysctls_b": env.sysctls(env.b),
            "offloads": {dev: env.offloads(ns, dev) for ns, dev in
                         ((env.a, "a0"), (env.r, "ra"), (env.r, "rb"), (env.b, "b0"))},
            "arguments": vars(args), "tbf": {"rate": tc_rate(args.rate), "burst_bytes": tbf_burst(args),
                                              "limit_bytes": 151400},
            "linux_time_wait_s": 60}
    if rows:
        walls = [float(r["wall_s"]) for r in rows]
        meta["runs_done"] = len(rows)
        meta["a_time_wait_at_end_runs"] = sum(1 for r in rows if r["a_time_wait_at_end"] == "yes")
        meta["wall_s_per_run"] = {"mean": sum(walls) / len(walls), "max": max(walls)}
        meta["capture_problem_runs"] = sum(1 for r in rows if r["capture_problems"])
    with open(path, "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")


def check_environment(args):
    if os.geteuid() != 0:
        print("harness: needs root (network namespaces, iptables): skipped", file=sys.stderr)
        sys.exit(77)
    probe = "tdk-%d-probe" % os.getpid()
    r = sh("ip", "netns", "add", probe, check=False)
    if r.returncode != 0:
        print("harness: 'ip netns add' failed (%s): skipped" % r.stderr.strip(), file=sys.stderr)
        sys.exit(77)
    sh("ip", "netns", "del", probe, check=False)
    for which in ("path", "app"):
        if not os.access(app_path(args, which), os.X_OK):
            print("harness: %s not built (needs libnetfilter_queue)" % app_path(args, which),
                  file=sys.stderr)
            sys.exit(1)


def main(argv):
    args = parse_args(argv)
    check_environment(args)
    os.makedirs(args.outputDir, exist_ok=True)
    tmp = os.path.join(args.outputDir, "raw")
    os.makedirs(tmp, exist_ok=True)
    env = Namespaces(args)

    def on_signal(sig, _frame):
        raise SystemExit(128 + sig)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:
        env.create()
        write_meta(args, env, os.path.join(args.outputDir, "meta.json"), started)
        with open(os.path.join(args.outputDir, "segments.csv"), "w", newline="") as sf, \
                open(os.path.join(args.outputDir, "runs.csv"), "w", newline="") as rf:
            seg_writer = csv.writer(sf)
            seg_writer.writerow(SEGMENT_COLUMNS)
            run_writer = None
            rows = []
            for i in range(args.runs):
                segments, problems, (row, t0) = run_once(env, args, i, tmp)
                for p in problems:
                    print("harness: run %d: %s" % (i, p), file=sys.stderr)
                row["capture_problems"] = len(problems)
                seg_writer.writerows(segment_rows(i, segments, t0))
                if run_writer is None:
                    run_writer = csv.DictWriter(rf, fieldnames=list(row))
                    run_writer.writeheader()
                run_writer.writerow(row)
                rows.append(row)
                sf.flush()
                rf.flush()
                if args.ladder:
                    print_ladder(i, segments, t0)
        write_meta(args, env, os.path.join(args.outputDir, "meta.json"), started, rows)
    finally:
        env.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
