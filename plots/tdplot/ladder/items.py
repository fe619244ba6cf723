# SPDX-License-Identifier: GPL-2.0-only
"""Which arrows share a label: one item per segment, per dense burst of
like segments ('10 x ACK (536 B each)'), or per set of arrows leaving one
end at practically the same moment ('ACK + ACK (536 B)')."""

from .texts import group_label, groupable, is_control, segment_label


def label_items(lad):
    """The label items of a laid-out Ladder, most important first (lost
    segments, then SYN/FIN/RST, then the rest; each in time order)."""
    line_h = lad.measure("Ag", lad.fs)[1]
    per_dir = {"a2b": [], "b2a": []}
    for k, a in enumerate(lad.arrows):
        per_dir[a["seg"]["direction"]].append(k)
    items = []
    for ks in per_dir.values():
        ks = sorted(ks, key=lambda k: lad.arrows[k]["seg"]["sent"])
        for parts in merge_simultaneous(lad.arrows, bursts(lad, ks, line_h), line_h):
            items.append(make_item(lad, parts))
    items.sort(key=lambda it: (it["prio"], it["t"]))
    return items


def bursts(lad, ks, line_h):
    """Chains of arrows (indices in time order) of like segments that
    leave within about two text lines of each other."""
    chains, current = [], []
    for k in ks:
        if current:
            prev = lad.arrows[current[-1]]
            near = abs(prev["p0"][1] - lad.arrows[k]["p0"][1]) < 2.2 * line_h
            if lad.group and near and groupable(prev["seg"], lad.arrows[k]["seg"]):
                current.append(k)
                continue
            chains.append(current)
        current = [k]
    if current:
        chains.append(current)
    return chains


def merge_simultaneous(arrows, chains, line_h):
    """Chains that start at (nearly) the same point share a label:
    [[chain, chain, ...], ...]."""
    merged = []
    for chain in chains:
        if merged:
            prev_arrow = arrows[merged[-1][-1][-1]]
            this_arrow = arrows[chain[0]]
            if (
                abs(prev_arrow["p0"][1] - this_arrow["p0"][1]) < 0.6 * line_h
                and not prev_arrow["seg"]["dropped"]
                and not this_arrow["seg"]["dropped"]
            ):
                merged[-1].append(chain)
                continue
        merged.append([chain])
    return merged


def item_texts(lad, parts):
    """The texts an item may show: one line first, then a compact one."""
    one, compact = [], []
    for chain in parts:
        segs = [lad.arrows[k]["seg"] for k in chain]
        if len(chain) == 1:
            one.append(segment_label(segs[0], lad.seqack))
            compact.append(segment_label(segs[0], lad.seqack, True))
        else:
            one.append(group_label(segs, lad.seqack))
            compact.append(group_label(segs, lad.seqack, True))
    if len(parts) == 1:
        texts = [one[0], compact[0]]
    elif lad.seqack:
        flat = [t.replace("\n", " ") for t in one]
        texts = ["\n".join(flat), "\n".join(one)]
    else:
        texts = [" + ".join(one), "\n".join(one)]
    return texts[:1] if texts[1] == texts[0] else texts


def make_item(lad, parts):
    """A label item for one or more chains of arrows."""
    texts = item_texts(lad, parts)
    arrows = [k for chain in parts for k in chain]
    segs = [lad.arrows[k]["seg"] for k in arrows]
    if any(s["dropped"] for s in segs):
        prio = 0
    elif any(is_control(s) for s in segs):
        prio = 1
    else:
        prio = 2
    return dict(
        arrows=arrows,
        text=texts[0],
        texts=texts,
        prio=prio,
        t=segs[0]["sent"],
        dropped=segs[0]["dropped"],
        bundle=len(arrows) > 1,
    )
