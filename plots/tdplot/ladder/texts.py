# SPDX-License-Identifier: GPL-2.0-only
"""What a segment's label says: flags, length, seq/ack; one text for a
burst of like segments."""

CONTROL_FLAGS = ("SYN", "FIN", "RST")


def flags_text(flags):
    return ", ".join(flags) if flags else "(no flags)"


def is_control(seg):
    """SYN, FIN or RST: drawn bolder and never grouped."""
    return any(f in CONTROL_FLAGS for f in seg["flags"])


def _join(head, size, nums, compact):
    if compact:
        return "\n".join([head] + ([size] if size else []) + nums)
    text = head + (" ({})".format(size) if size else "")
    return text + ("\n" + " ".join(nums) if nums else "")


def segment_label(seg, seqack, compact=False):
    """Label of one segment: flags, length, and seq/ack on request. The
    compact form puts every part on its own line (for short arrows)."""
    head = flags_text(seg["flags"])
    size = "{} B".format(seg["length"]) if seg["length"] > 0 else None
    nums = ["seq={}".format(seg["seq"]), "ack={}".format(seg["ack"])] if seqack else []
    return _join(head, size, nums, compact)


def group_label(segs, seqack, compact=False):
    """One label for a burst of like segments: '10 x ACK (536 B each)'."""
    k = len(segs)
    head = "{} \u00d7 {}".format(k, flags_text(segs[0]["flags"]))
    lengths = {s["length"] for s in segs}
    if lengths == {0}:
        size = None
    elif len(lengths) == 1:
        size = "{} B each".format(segs[0]["length"])
    else:
        size = "{} B in all".format(sum(s["length"] for s in segs))
    nums = []
    if seqack:
        if lengths == {0}:
            nums = ["ack={}\u2013{}".format(segs[0]["ack"], segs[-1]["ack"])]
        else:
            nums = ["seq={}\u2013{}".format(segs[0]["seq"], segs[-1]["seq"]), "ack={}".format(segs[-1]["ack"])]
    return _join(head, size, nums, compact)


def groupable(a, b):
    """Two segments that may share a burst label."""
    return (
        a["direction"] == b["direction"]
        and a["flags"] == b["flags"]
        and not a["dropped"]
        and not b["dropped"]
        and not is_control(a)
        and (a["length"] > 0) == (b["length"] > 0)
    )
