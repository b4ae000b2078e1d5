#!/usr/bin/env python
"""Fit the weights of the Thai segmenter's cues (logistic regression) and choose its threshold.

The cues themselves (word lists, rules) are written by hand from linguistic knowledge in
``parallelcorpus/segment/thai.py``; this script only weighs them against each other and against
the CRF's opinion, with an L2 penalty (few, interpretable weights; no lexical features).

- Weights: fitted on ``tests/data/segmentation/th/dev_*.txt`` plus the seed gold (its many
  non-boundaries are good evidence), never on the held-out files.
- Threshold: chosen by leave-one-file-out cross-validation over the *native* dev files (fit on
  the others plus the seed, score the left-out file), because the seed is cut where the French
  translation ends a sentence, not where a Thai writer would, and in-sample scores flatter
  high thresholds.

Prints the weights as Python to paste into ``thai.py`` and the cross-validated F1 per threshold.

    python scripts/fit_thai_segmenter.py [--l2 1.0]
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "segmentation" / "th"
THRESHOLDS = (-2.0, -1.75, -1.5, -1.25, -1.0, -0.75, -0.5)


def load(path: Path) -> list[tuple[str, set[int]]]:
    """(line, gold boundary offsets) per paragraph: sentences joined by one space."""
    out = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        sents = [" ".join(s.split()) for s in block.split("\n") if s.strip()]
        line, cuts, pos = " ".join(sents), set(), 0
        for s in sents[:-1]:
            pos += len(s)
            cuts.add(pos)
            pos += 1
        out.append((line, cuts))
    return out


def examples(thai, paragraphs, names):
    """Feature rows and labels of every space the rules leave open."""
    rows, labels = [], []
    for line, gold in paragraphs:
        gaps, _ = thai._score_line(line)
        for g in gaps:
            if not g.protected:
                rows.append([g.crf_logit, 1.0] + [float(n in g.features) for n in names])
                labels.append(float(g.start in gold))
    return rows, labels


def fit(rows, labels, l2: float):
    """L2-regularised logistic regression by plain gradient descent (small, convex, exact)."""
    import numpy as np

    x, y = np.array(rows), np.array(labels)
    w = np.zeros(x.shape[1])
    w[0] = 1.0
    penalty = np.full(x.shape[1], l2)
    penalty[1] = 0.0  # no penalty on the bias
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + penalty * w / len(y))
    return w


def use(thai, w, names) -> None:
    thai._W_CRF, thai._BIAS = float(w[0]), float(w[1])
    thai._W = {n: float(v) for n, v in zip(names, w[2:], strict=True)}


def f1(thai, paragraphs) -> float:
    tp = fp = fn = 0
    for line, gold in paragraphs:
        pred = {s.end for s in thai.segment_thai(line)[:-1]}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    return 2 * tp / max(2 * tp + fp + fn, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    thai = importlib.import_module("parallelcorpus.segment.thai")
    names = sorted(thai._W)
    native = {f.name: load(f) for f in sorted(GOLD.glob("dev_*.txt"))}
    seed = [p for f in sorted(GOLD.glob("seed*.txt")) for p in load(f)]
    cache = {name: examples(thai, paras, names) for name, paras in native.items()}
    cache["seed"] = examples(thai, seed, names)

    def rows_of(keys):
        rows = [r for k in keys for r in cache[k][0]]
        return rows, [y for k in keys for y in cache[k][1]]

    rows, labels = rows_of(cache)
    w = fit(rows, labels, args.l2)
    print(f"# fitted on {len(labels)} spaces ({int(sum(labels))} sentence ends), l2={args.l2}")
    print(f"_W_CRF = {w[0]:.2f}")
    print(f"_BIAS = {w[1]:.2f}")
    print("_W = {")
    for n, v in zip(names, w[2:], strict=True):
        print(f'    "{n}": {v:.2f},')
    print("}")

    saved = thai._W_CRF, thai._BIAS, dict(thai._W), thai._SENTENCE_THRESHOLD
    scores = {t: [] for t in THRESHOLDS}
    for left_out in native:
        use(thai, fit(*rows_of([k for k in cache if k != left_out]), args.l2), names)
        for t in THRESHOLDS:
            thai._SENTENCE_THRESHOLD = t
            scores[t].append(f1(thai, native[left_out]))
    thai._W_CRF, thai._BIAS, thai._W, thai._SENTENCE_THRESHOLD = saved
    print(f"# leave-one-file-out F1 on {', '.join(native)} (mean)")
    for t, fs in scores.items():
        print(f"#   {t:5.2f}: {sum(fs) / len(fs):.3f}  ({', '.join(f'{x:.3f}' for x in fs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
