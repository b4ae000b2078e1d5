#!/usr/bin/env python3
"""Score a predicted sentence alignment against a gold one.

Two metrics:

* **ladder files** (``--gold X.defr --pred Y``): Vecalign's strict/lax precision, recall and F1
  (the scorer behind the published Text+Berg numbers). Recall runs over the gold's non-null
  beads; precision over the predicted beads, where, as in Vecalign, a predicted null bead only
  counts when the gold has the same null bead. ``--non-null`` drops predicted null beads from
  precision too.
* **text golds** (``--gold X.jsonl --pred Y.jsonl --src-doc A --tgt-doc B``): segmentations differ,
  so units are compared by text. Each side of each unit is located as a character span in a
  normalised copy of its article (NFKC, casefolded, letters/marks/digits only). A predicted bead
  matches a gold unit *strictly* when the span IoU is >= 0.95 on both sides, *laxly* when the
  spans overlap on both sides. Precision/recall over non-null units.

Usage::

    python scripts/evaluate_alignment.py --gold dev.defr --pred out.ladder
    python scripts/evaluate_alignment.py --gold fr-th.jsonl --pred out.jsonl \\
        --src-doc seeds/002_*.txt --tgt-doc seeds/004_*.txt
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

Ladder = list[tuple[tuple[int, ...], tuple[int, ...]]]


# ----------------------------------------------------------------------------- ladder metric


def read_ladder(lines: Iterable[str]) -> Ladder:
    """``[0]:[0, 1]:0.9`` lines -> list of (src ids, tgt ids); the score field is ignored."""
    out: Ladder = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        fields = [f for f in line.split(":") if f.strip()]
        out.append((tuple(ast.literal_eval(fields[0])), tuple(ast.literal_eval(fields[1]))))
    return out


def _precision_counts(gold: Ladder, test: Ladder) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of ``test`` against ``gold`` (Vecalign)."""
    test_set = {(tuple(x), tuple(y)) for x, y in test if x or y}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if x or y}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_gold_tgt[s].update(gt)
    tps = fps = tpl = fpl = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        linked = set().union(*(src_to_gold_tgt[s] for s in ts)) if ts else set()
        if linked & set(tt):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def score_ladders(
    golds: Sequence[Ladder], tests: Sequence[Ladder], *, non_null: bool = False
) -> dict[str, float]:
    """Strict and lax P/R/F1 accumulated over several documents (Vecalign's score_multiple)."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        test_p = [(x, y) for x, y in test if x and y] if non_null else test
        for k, v in enumerate(_precision_counts(gold, test_p)):
            p[k] += v
        test_nn = [(x, y) for x, y in test if x and y]
        gold_nn = [(x, y) for x, y in gold if x and y]
        for k, v in enumerate(_precision_counts(test_nn, gold_nn)):
            r[k] += v
    return _prf(p, r)


def _prf(p: Sequence[int], r: Sequence[int]) -> dict[str, float]:
    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    ps, pl, rs, rl = ratio(p[0], p[1]), ratio(p[2], p[3]), ratio(r[0], r[1]), ratio(r[2], r[3])

    def f1(a: float, b: float) -> float:
        return 2 * a * b / (a + b) if a + b else 0.0

    return {
        "precision_strict": ps,
        "recall_strict": rs,
        "f1_strict": f1(ps, rs),
        "precision_lax": pl,
        "recall_lax": rl,
        "f1_lax": f1(pl, rl),
    }


# ----------------------------------------------------------------------------- text-span metric


def normalise_with_map(text: str) -> str:
    """NFKC, casefolded, letters/marks/digits only (the gold README's normalisation)."""
    out = []
    for ch in unicodedata.normalize("NFKC", text).casefold():
        cat = unicodedata.category(ch)
        if cat[0] in "LMN":
            out.append(ch)
    return "".join(out)


class SpanLocator:
    """Finds units of an article as spans of its normalised text, left to right."""

    def __init__(self, article: str) -> None:
        self.text = normalise_with_map(article)
        self.cursor = 0

    def locate(self, unit: str | None) -> tuple[int, int] | None:
        if not unit:
            return None
        key = normalise_with_map(unit)
        if not key:
            return None
        pos = self.text.find(key, self.cursor)
        if pos < 0:
            pos = self.text.find(key)
        if pos < 0:
            return None
        self.cursor = pos + len(key)
        return pos, pos + len(key)


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def unit_spans(
    units: Iterable[tuple[str | None, str | None]], src_doc: str, tgt_doc: str
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Spans of the non-null units (both sides located) in the normalised articles."""
    src_loc, tgt_loc = SpanLocator(src_doc), SpanLocator(tgt_doc)
    out = []
    for src, tgt in units:
        s, t = src_loc.locate(src), tgt_loc.locate(tgt)
        if s is not None and t is not None:
            out.append((s, t))
    return out


def score_spans(
    gold: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    pred: Sequence[tuple[tuple[int, int], tuple[int, int]]],
    threshold: float = 0.95,
) -> dict[str, float]:
    """Strict (IoU >= threshold on both sides) and lax (overlap on both sides) P/R/F1."""

    def matched(a, b, strict: bool) -> bool:
        if strict:
            return _iou(a[0], b[0]) >= threshold and _iou(a[1], b[1]) >= threshold
        return _iou(a[0], b[0]) > 0 and _iou(a[1], b[1]) > 0

    counts = []
    for strict in (True, False):
        tp_p = sum(1 for p in pred if any(matched(p, g, strict) for g in gold))
        tp_r = sum(1 for g in gold if any(matched(p, g, strict) for p in pred))
        counts.append((tp_p, len(pred) - tp_p, tp_r, len(gold) - tp_r))
    (sp, sfp, sr, sfn), (lp, lfp, lr, lfn) = counts
    return _prf([sp, sfp, lp, lfp], [sr, sfn, lr, lfn])


def read_jsonl_units(path: str | Path) -> list[tuple[str | None, str | None]]:
    units = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                obj = json.loads(line)
                units.append((obj.get("src"), obj.get("tgt")))
    return units


# ----------------------------------------------------------------------------- CLI


def format_scores(name: str, scores: dict[str, float]) -> str:
    return (
        f"{name}: strict P/R/F1 {scores['precision_strict']:.3f}/{scores['recall_strict']:.3f}/"
        f"{scores['f1_strict']:.3f}  lax P/R/F1 {scores['precision_lax']:.3f}/"
        f"{scores['recall_lax']:.3f}/{scores['f1_lax']:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--gold", required=True, nargs="+", help="gold ladder file(s) or text-gold jsonl"
    )
    parser.add_argument(
        "--pred", required=True, nargs="+", help="predicted ladder file(s) or jsonl"
    )
    parser.add_argument("--src-doc", help="source article (text-gold mode)")
    parser.add_argument("--tgt-doc", help="target article (text-gold mode)")
    parser.add_argument(
        "--non-null", action="store_true", help="ignore predicted null beads in precision"
    )
    args = parser.parse_args(argv)
    if len(args.gold) != len(args.pred):
        parser.error("--gold and --pred need the same number of files")
    if args.gold[0].endswith(".jsonl"):
        if not (args.src_doc and args.tgt_doc):
            parser.error("text golds need --src-doc and --tgt-doc")
        src_doc = Path(args.src_doc).read_text(encoding="utf-8")
        tgt_doc = Path(args.tgt_doc).read_text(encoding="utf-8")
        gold = unit_spans(read_jsonl_units(args.gold[0]), src_doc, tgt_doc)
        pred = unit_spans(read_jsonl_units(args.pred[0]), src_doc, tgt_doc)
        print(format_scores("text-span", score_spans(gold, pred)))
        return 0
    golds = [read_ladder(Path(p).read_text(encoding="utf-8").splitlines()) for p in args.gold]
    tests = [read_ladder(Path(p).read_text(encoding="utf-8").splitlines()) for p in args.pred]
    print(format_scores("ladder", score_ladders(golds, tests, non_null=args.non_null)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
