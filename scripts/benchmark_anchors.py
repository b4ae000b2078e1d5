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
- score+ / score-: mean doc-weighted ``anchor_similarity`` score of pairs and of non-pairs.

Usage: python scripts/benchmark_anchors.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "data" / "seeds-gold"
OFFSET = 3


def gold_sets() -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(name, src_lang, tgt_lang, aligned units) of every gold file found."""
    found = []
    for path in [SHARED_GOLD / "fr-th.jsonl", *sorted((ROOT / "tests/data/gold").glob("*.jsonl"))]:
        if not path.exists():
            continue
        langs = [p.rstrip("0123456789") for p in path.stem.split("-")]
        if len(langs) == 2:
            found.append((f"{path.parent.name}/{path.stem}", langs[0], langs[1], load_units(path)))
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


def load_units(path: Path) -> list[tuple[str, str]]:
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("src") and row.get("tgt"):
            units.append((row["src"], row["tgt"]))
    return units


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
    for name, sl, tl, units in gold_sets():
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
    print(f"{'all':22} {'':5} | {_fmt(agg['raw'])} | {_fmt(agg['doc'])} |")
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
