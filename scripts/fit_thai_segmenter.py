#!/usr/bin/env python
"""Fit the weights of the Thai segmenter's cues (logistic regression) on the *dev* gold only.

The cues themselves (word lists, rules) are written by hand from linguistic knowledge in
``parallelcorpus/segment/thai.py``; this script only weighs them against each other and against
the CRF's opinion, with a strong L2 penalty (few, interpretable weights; no lexical features).
It reads ``tests/data/segmentation/th/seed*.txt`` and ``dev_*.txt`` and never the held-out
files. It prints the weights as Python to paste into ``thai.py`` and the F1 of a few
threshold/length settings on the dev data.

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
FILES = ["seed*.txt", "dev_*.txt"]


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


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    thai = importlib.import_module("parallelcorpus.segment.thai")
    data = [
        p
        for pat in FILES
        for f in sorted((ROOT / "tests/data/segmentation/th").glob(pat))
        for p in load(f)
    ]
    names = sorted(thai._W)
    rows, labels = [], []
    for line, gold in data:
        gaps, _ = thai._score_line(line)
        for g in gaps:
            if g.protected:
                continue
            rows.append([g.crf_logit, 1.0] + [float(n in g.features) for n in names])
            labels.append(float(g.start in gold))
    x, y = np.array(rows), np.array(labels)
    w = np.zeros(x.shape[1])
    w[0] = 1.0
    penalty = np.full(x.shape[1], args.l2)
    penalty[1] = 0.0  # no penalty on the bias
    for _ in range(20000):  # plain gradient descent: small, convex, deterministic
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + penalty * w / len(y)
        w -= 0.5 * grad
    print(f"# fitted on {len(y)} spaces ({int(y.sum())} sentence ends), l2={args.l2}")
    print(f"_W_CRF = {w[0]:.2f}")
    print(f"_BIAS = {w[1]:.2f}")
    print("_W = {")
    for n, v in zip(names, w[2:], strict=True):
        print(f'    "{n}": {v:.2f},')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
