#!/usr/bin/env python
"""Measure the anchors stage on gold sentence pairs: do translations share a key, do non-pairs?

Gold sets: ``../shared/data/seeds-gold/fr-th.jsonl`` and ``tests/data/gold/*.jsonl`` (the seed
articles), Text+Berg de-fr dev (``../shared/data/textberg-dev``, a language pair and domain the
anchors were not written for) and every language pair of ``tests/data/anchors/multiway.jsonl``
(sentences written for the project: sports, finance, other countries' names, both calendars).
Over the aligned units (both sides present):

- any key: recall = share of units whose two sides both carry anchors that share at least one
  key; false = the same for non-pairs (source of unit i against target of unit i+3);
- strong key: the same counting only keys of weight >= 0.5 (number words and capitalised words
  opening a sentence are weak evidence by design);
- doc-weighted: the same after :func:`document_key_weights` (keys frequent in one article, such
  as the country it is about, decay like an IDF, as an aligner should weigh them), counting keys
  whose weighted value is >= 0.5 on both sides;
- sim >= 0.5: recall and false matches counted on the doc-weighted ``anchor_similarity`` score
  instead of on a shared key: a unit counts when its score is at least 0.5, i.e. the anchors say
  "match" more than "no match". As in the aligner, which keeps only the features both documents
  share, a mention whose keys the other document never has is left out (:func:`shared_with`:
  "Cinema Law" translated as "loi sur le cinéma" says nothing about which sentence is which);
  numbers stay, since one missing from the other document marks a left-out sentence;
- similarity: mean of the same score for pairs and for non-pairs;
- top-1 ±3: share of all units whose own partner gets the strictly best such score among the
  targets within three positions (the aligner's decision).

The same measures are computed for the identity matching peer aligners rely on (hunalign's and
Bleualign's identical tokens: numerals and capitalised words compared as written).

Usage: python scripts/benchmark_anchors.py [--verbose] [GOLD.jsonl ...]
(gold files are JSON lines ``{"src": ..., "tgt": ...}`` named after their languages, e.g.
``en-vi.jsonl``; without arguments every gold set the project knows is measured).
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
#: anchor_similarity from which two units count as matched in the "sim >= 0.5" columns
SIMILAR = 0.5


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


Counts = list[int]  # pairs with keys on both sides, of which sharing one, non-pairs, sharing one


def measure(units: list[tuple[str, str]], sl: str, tl: str, extract: Any) -> dict[str, Any]:
    """Every measure of one gold set for one anchor extractor ``extract(text, lang)``."""
    from parallelcorpus.anchors import (
        anchor_set,
        anchor_similarity,
        document_key_weights,
        reweight,
        shared_with,
    )

    src = [anchor_set(extract(s, sl)) for s, _ in units]
    tgt = [anchor_set(extract(t, tl)) for _, t in units]
    ws, wt = document_key_weights(src), document_key_weights(tgt)
    dsrc, dtgt = [reweight(x, ws) for x in src], [reweight(x, wt) for x in tgt]
    # what the aligner compares: keys the other document has at all (and every number)
    asrc, atgt = shared_with(dsrc, dtgt), shared_with(dtgt, dsrc)
    pos = [anchor_similarity(asrc[i], atgt[i]).score for i in range(len(units))]
    neg = [anchor_similarity(asrc[i], atgt[i + OFFSET]).score for i in range(len(units) - OFFSET)]
    with_pos = [i for i in range(len(units)) if src[i].keys and tgt[i].keys]
    with_neg = [i for i in range(len(units) - OFFSET) if src[i].keys and tgt[i + OFFSET].keys]
    return {
        "any": list(rates(src, tgt, 0.0)),
        "strong": list(rates(src, tgt, 0.5)),
        "doc": list(rates(dsrc, dtgt, 0.5)),
        "sim": [
            len(with_pos),
            sum(pos[i] >= SIMILAR for i in with_pos),
            len(with_neg),
            sum(neg[i] >= SIMILAR for i in with_neg),
        ],
        "top1": list(top1(asrc, atgt, anchor_similarity)),
        "score+": [sum(pos), len(pos)],
        "score-": [sum(neg), len(neg)],
        "sets": (src, tgt, dsrc, dtgt),
    }


def _add(total: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if key != "sets":
            total[key] = [
                a + b for a, b in zip(total.get(key, [0] * len(value)), value, strict=True)
            ]


def _row(label: str, m: dict[str, Any], width: int = 26) -> str:
    def rf(c: Counts) -> str:
        return f"{c[1] / max(1, c[0]):5.3f} {c[3] / max(1, c[2]):5.3f}"

    def mean(key: str) -> float:
        return m[key][0] / max(1, m[key][1])

    return (
        f"{label:{width}} {m['top1'][1]:5d} | {rf(m['any'])} | {rf(m['strong'])} | {rf(m['doc'])}"
        f" | {rf(m['sim'])} | {mean('score+'):6.3f} {mean('score-'):6.3f} | {mean('top1'):5.3f}"
    )


def _header(width: int = 26) -> str:
    top = (
        f"{'':{width}} {'':5} | {'any key':^11} | {'strong key':^11} | {'doc-weighted':^11}"
        f" | {'sim >= 0.5':^11} | {'similarity':^13} | {'top-1':^5}"
    )
    sub = (
        f"{'gold':{width}} {'units':>5} | {'recl':>5} {'false':>5} | {'recl':>5} {'false':>5}"
        f" | {'recl':>5} {'false':>5} | {'recl':>5} {'false':>5} | {'pairs':>6} {'nonpr':>6}"
        f" | {'±3':>5}"
    )
    return f"{top}\n{sub}\n{'-' * len(sub)}"


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
    from parallelcorpus.anchors import extract_anchors

    print(_header())
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    extract_time = extracted = 0.0
    for name, sl, tl, units in gold_sets(args.gold):
        t0 = time.perf_counter()
        ours = measure(units, sl, tl, extract_anchors)
        extract_time += time.perf_counter() - t0
        extracted += 2 * len(units)
        base = measure(units, sl, tl, lambda text, _lang: identical_tokens(text))
        print(_row(name, ours))
        group = groups.setdefault(_group(name), {"ours": {}, "base": {}})
        _add(group["ours"], ours)
        _add(group["base"], base)
        if args.verbose:
            _explain(units, *ours["sets"])
    print("-" * 114)
    for gname, g in sorted(groups.items(), reverse=True):
        print(_row(gname, g["ours"]))

    print("\nSide by side with the identity matching peer aligners rely on (numerals and")
    print("capitalised tokens compared as written, as hunalign and Bleualign do; no peer aligner")
    print("has cross-script or cross-calendar anchors):")
    print(_header(42))
    for gname, g in sorted(groups.items(), reverse=True):
        print(_row(f"{gname}, identical tokens", g["base"], 42))
        print(_row(f"{gname}, parallelcorpus", g["ours"], 42))

    from parallelcorpus.anchors import anchor_similarity

    units, sl, tl = _first_set(args.gold)
    _, _, src, tgt = measure(units, sl, tl, extract_anchors)["sets"]
    t0 = time.perf_counter()
    calls = 0
    for a in src:
        for b in tgt:
            anchor_similarity(a, b)
            calls += 1
    sim_time = time.perf_counter() - t0
    print(
        f"\nextraction (and measuring): {1000 * extract_time / max(1, extracted):.2f} ms per unit;"
        f" anchor_similarity: {1e6 * sim_time / max(1, calls):.1f} µs per call ({calls} calls)"
    )
    return 0


def _group(name: str) -> str:
    if name.startswith("multiway"):
        return "all multiway (written)"
    if name.startswith("textberg"):
        return "textberg de-fr"
    return "all seeds"


def _first_set(paths: list[Path]) -> tuple[list[tuple[str, str]], str, str]:
    """The first gold set, for timing anchor_similarity on every source x target pair."""
    _, sl, tl, units = gold_sets(paths)[0]
    return units, sl, tl


def _explain(units: list[tuple[str, str]], src: list, tgt: list, dsrc: list, dtgt: list) -> None:
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


if __name__ == "__main__":
    raise SystemExit(main())
