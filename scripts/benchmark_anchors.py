#!/usr/bin/env python
"""Measure the anchors stage on gold sentence pairs: do translations share a key, do non-pairs?

For every gold file (``../shared/data/seeds-gold/fr-th.jsonl``, ``tests/data/gold/*.jsonl``) and
every language pair of the hand-written out-of-domain sentences
``tests/data/anchors/multiway.jsonl`` (sports, finance, other countries' names), over the aligned
units (both sides present):

- recall: share of units whose two sides both carry anchors that share at least one key;
- false: share of non-pairs (source of unit i against target of unit i+3) that share a key,
  among those where both sides carry anchors;
- doc-weighted: the same after :func:`document_key_weights` (keys frequent in one article, such
  as the country the article is about, decay like an IDF; what an aligner should do), counting
  keys whose weighted value is >= 0.5 on both sides;
- score+ / score-: mean doc-weighted ``anchor_similarity`` score of pairs and of non-pairs;
- top-1 ±3: share of units whose own partner gets the strictly best doc-weighted
  ``anchor_similarity`` among the targets within three positions (the aligner's decision).

The same measures are computed for the identity matching that peer aligners rely on (hunalign's
and Bleualign's identical tokens: numerals and capitalised words compared as written).

Usage: python scripts/benchmark_anchors.py [--verbose] [GOLD.jsonl ...]
(gold files are JSON lines ``{"src": ..., "tgt": ...}`` named after their languages, e.g.
``en-vi.jsonl``; without arguments every gold file the project knows is measured).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "data" / "seeds-gold"
OFFSET = 3


def gold_sets(paths: list[Path] | None = None) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(name, src_lang, tgt_lang, aligned units) of every gold file found (or of ``paths``)."""
    found = []
    if paths:
        for path in paths:
            langs = [p.rstrip("0123456789") for p in path.stem.split("_")[-1].split("-")]
            if len(langs) != 2:
                raise SystemExit(f"{path}: name it like en-vi.jsonl (source-target languages)")
            found.append((path.stem, langs[0], langs[1], load_units(path)))
        return found
    for path in [SHARED_GOLD / "fr-th.jsonl", *sorted((ROOT / "tests/data/gold").glob("*.jsonl"))]:
        if not path.exists():
            continue
        langs = [p.rstrip("0123456789") for p in path.stem.split("-")]
        if len(langs) == 2:
            found.append((f"{path.parent.name}/{path.stem}", langs[0], langs[1], load_units(path)))
    textberg = SHARED_GOLD.parent / "textberg-dev"
    if (textberg / "dev.defr").exists():
        found.append(("textberg/de-fr", "de", "fr", load_ladder(textberg)))
    multiway = ROOT / "tests/data/anchors/multiway.jsonl"
    if multiway.exists():
        rows = [
            json.loads(line)
            for line in multiway.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        for sl, tl in (
            ("en", "fr"),
            ("en", "vi"),
            ("en", "th"),
            ("fr", "vi"),
            ("fr", "th"),
            ("vi", "th"),
        ):
            units = [(r[sl], r[tl]) for r in rows if r.get(sl) and r.get(tl)]
            found.append((f"multiway/{sl}-{tl}", sl, tl, units))
    return found


def load_ladder(folder: Path) -> list[tuple[str, str]]:
    """Text+Berg dev: non-null beads of the gold ladder as (German, French) text units."""
    de = (folder / "dev.de").read_text(encoding="utf-8").splitlines()
    fr = (folder / "dev.fr").read_text(encoding="utf-8").splitlines()
    units = []
    for line in (folder / "dev.defr").read_text(encoding="utf-8").splitlines():
        src, tgt = (json.loads(part) for part in line.split(":")[:2])
        if src and tgt:
            units.append((" ".join(de[i] for i in src), " ".join(fr[j] for j in tgt)))
    return units


def load_units(path: Path) -> list[tuple[str, str]]:
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("src") and row.get("tgt"):
            units.append((row["src"], row["tgt"]))
    return units


_IDENTICAL = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]*[A-Z][^\W_]*")


def identical_tokens(text: str) -> list[Any]:
    """Baseline anchors: numerals and capitalised tokens, keyed by their exact spelling."""
    from parallelcorpus.types import Anchor

    return [
        Anchor("token", "tok:" + m.group(0), m.start(), m.end())
        for m in _IDENTICAL.finditer(text)
        if m.group(0)[:1].isdigit() or m.group(0)[:1].isupper()
    ]


def top1(src: list, tgt: list, similarity: Any, window: int = OFFSET) -> tuple[int, int]:
    """Units whose own partner has the strictly best similarity among targets within ±window.

    This is the decision an aligner faces; counted over all units (a unit without anchors on
    both sides is a miss), so that variants extracting more or fewer anchors compare fairly.
    """
    hit = total = 0
    for i in range(len(src)):
        total += 1
        if not src[i].keys or not tgt[i].keys:
            continue
        own = similarity(src[i], tgt[i]).score
        rivals = [
            similarity(src[i], tgt[j]).score
            for j in range(max(0, i - window), min(len(tgt), i + window + 1))
            if j != i
        ]
        hit += own > max(rivals, default=-2.0)
    return hit, total


def rates(src: list, tgt: list, min_weight: float) -> tuple[int, int, int, int]:
    """(pairs with keys on both sides, of which sharing one, non-pairs with keys, sharing one)."""

    def keys(s) -> set[str]:
        return {k for k, w in s.keys.items() if w >= min_weight}

    ks, kt = [keys(s) for s in src], [keys(t) for t in tgt]
    pos = [i for i in range(len(ks)) if ks[i] and kt[i]]
    neg = [i for i in range(len(ks) - OFFSET) if ks[i] and kt[i + OFFSET]]
    return (
        len(pos),
        sum(1 for i in pos if ks[i] & kt[i]),
        len(neg),
        sum(1 for i in neg if ks[i] & kt[i + OFFSET]),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--verbose", action="store_true", help="print missed pairs and false matches"
    )
    parser.add_argument(
        "gold", nargs="*", type=Path, help="gold files (src-tgt.jsonl); default: all known"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from parallelcorpus.anchors import (
        anchor_set,
        anchor_similarity,
        document_key_weights,
        extract_anchors,
        reweight,
    )

    header = (
        f"{'gold':22} {'units':>5} | {'both':>4} {'recall':>6} {'nonpr':>5} {'false':>5} | "
        f"{'both':>4} {'recall':>6} {'nonpr':>5} {'false':>5} | {'score+':>6} {'score-':>6}"
    )
    print(
        f"{'':28} | {'any shared key (raw)':^28} | {'shared key, doc-weighted':^28} | "
        f"{'doc-weighted':^13}"
    )
    print(header)
    print("-" * len(header))
    agg = {"raw": [0, 0, 0, 0], "doc": [0, 0, 0, 0]}
    total_units = extract_time = sim_calls = sim_time = 0.0
    groups: dict[str, dict[str, list[int]]] = {}
    for name, sl, tl, units in gold_sets(args.gold):
        t0 = time.perf_counter()
        src = [anchor_set(extract_anchors(s, sl)) for s, _ in units]
        tgt = [anchor_set(extract_anchors(t, tl)) for _, t in units]
        extract_time += time.perf_counter() - t0
        total_units += 2 * len(units)
        ws, wt = document_key_weights(src), document_key_weights(tgt)
        dsrc = [reweight(s, ws) for s in src]
        dtgt = [reweight(t, wt) for t in tgt]
        raw = rates(src, tgt, 0.0)
        doc = rates(dsrc, dtgt, 0.5)
        agg["raw"] = [a + b for a, b in zip(agg["raw"], raw, strict=True)]
        agg["doc"] = [a + b for a, b in zip(agg["doc"], doc, strict=True)]
        group = groups.setdefault(
            "all multiway"
            if name.startswith("multiway")
            else "textberg de-fr"
            if name.startswith("textberg")
            else "all seeds",
            {"raw": [0, 0, 0, 0], "doc": [0, 0, 0, 0]},
        )
        group["raw"] = [a + b for a, b in zip(group["raw"], raw, strict=True)]
        group["doc"] = [a + b for a, b in zip(group["doc"], doc, strict=True)]
        # peer baseline: identical tokens, as hunalign/Bleualign-style identity matching sees them
        bsrc = [anchor_set(identical_tokens(s)) for s, _ in units]
        btgt = [anchor_set(identical_tokens(t)) for _, t in units]
        bws, bwt = document_key_weights(bsrc), document_key_weights(btgt)
        for label, r in (
            ("base_raw", rates(bsrc, btgt, 0.0)),
            (
                "base_doc",
                rates([reweight(x, bws) for x in bsrc], [reweight(x, bwt) for x in btgt], 0.5),
            ),
        ):
            group[label] = [a + b for a, b in zip(group.get(label, [0, 0, 0, 0]), r, strict=True)]
        for label, (a_sets, b_sets) in (
            ("top1_base", ([reweight(x, bws) for x in bsrc], [reweight(x, bwt) for x in btgt])),
            ("top1", (dsrc, dtgt)),
        ):
            hit, total = top1(a_sets, b_sets, anchor_similarity)
            prev = group.get(label, [0, 0])
            group[label] = [prev[0] + hit, prev[1] + total]
        t0 = time.perf_counter()
        pos = [anchor_similarity(dsrc[i], dtgt[i]).score for i in range(len(units))]
        neg = [
            anchor_similarity(dsrc[i], dtgt[i + OFFSET]).score for i in range(len(units) - OFFSET)
        ]
        sim_time += time.perf_counter() - t0
        sim_calls += len(pos) + len(neg)
        print(
            f"{name:22} {len(units):5d} | {_fmt(raw)} | {_fmt(doc)} | "
            f"{sum(pos) / max(1, len(pos)):6.3f} {sum(neg) / max(1, len(neg)):6.3f}"
        )
        if args.verbose:
            for i in range(len(units)):
                a, b = set(src[i].keys), set(tgt[i].keys)
                if a and b and not a & b:
                    print(
                        f"  MISS #{i}: {units[i][0][:90]!r}\n        {sorted(a)[:8]}\n"
                        f"        {units[i][1][:90]!r}\n        {sorted(b)[:8]}"
                    )
                if i + OFFSET < len(units):
                    shared = {
                        k
                        for k in dsrc[i].keys.keys() & dtgt[i + OFFSET].keys.keys()
                        if min(dsrc[i].keys[k], dtgt[i + OFFSET].keys[k]) >= 0.5
                    }
                    if shared:
                        print(f"  FALSE #{i}: {sorted(shared)}")
    print("-" * len(header))
    for gname, g in sorted(groups.items(), reverse=True):
        print(f"{gname:22} {'':5} | {_fmt(g['raw'])} | {_fmt(g['doc'])} |")
    print(f"{'all':22} {'':5} | {_fmt(agg['raw'])} | {_fmt(agg['doc'])} |")
    print("\nSide by side with the identity matching peers use (digits and capitalised tokens")
    print("compared as written; no peer aligner has cross-script or cross-calendar anchors):")
    print(f"{'':34} | {'raw':^28} | {'doc-weighted':^28} | {'top-1 ±3':^11}")
    for gname, g in sorted(groups.items(), reverse=True):
        b1, p1 = g["top1_base"], g["top1"]
        print(
            f"{gname + ', identical tokens':34} | {_fmt(g['base_raw'])} | {_fmt(g['base_doc'])}"
            f" | {b1[0] / max(1, b1[1]):5.3f} ({b1[1]})"
        )
        print(
            f"{gname + ', parallelcorpus':34} | {_fmt(g['raw'])} | {_fmt(g['doc'])}"
            f" | {p1[0] / max(1, p1[1]):5.3f} ({p1[1]})"
        )
    print(
        f"\nextraction: {1000 * extract_time / max(1, total_units):.2f} ms/unit "
        f"(incl. first-use loading); similarity: {1e6 * sim_time / max(1, sim_calls):.1f} µs/call"
    )
    return 0


def _fmt(r: list[int] | tuple[int, int, int, int]) -> str:
    pos, hit, neg, fal = r
    return f"{pos:4d} {hit / max(1, pos):6.3f} {neg:5d} {fal / max(1, neg):5.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
