#!/usr/bin/env python
"""Thai segmentation benchmark by data group: seed, written dev text, held-out written text.

Uses the systems and the scoring of ``benchmark_segmentation.py`` (same gold format, same
boundary definition) but reports each group of gold files on its own, because they answer
different questions:

- ``seed``: the Thai seed article, cut where the French translation has sentence ends;
- ``dev``: news/wiki text written for this project, used while designing the rules;
- ``held-out``: more written news/wiki text that was never looked at while tuning;
- ``other-fit``/``other-held``: news/wiki text by *another* writer
  (``tests/data/parallel/segmented/*.th.txt``): the six documents the weights are fitted on,
  and the three held out (``HELD_OUT`` in ``fit_thai_segmenter.py``; never fitted on).
  ``python scripts/fit_thai_segmenter.py`` prints the leave-one-document-out F1 over all of it.

For candidate mode it also prints how many candidates a gold sentence spans (the aligner
merges at most 4 into one bead) and the share of gold sentences it can rebuild exactly.

    python scripts/benchmark_segmentation_th.py [--gold DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

HERE = Path(__file__).resolve().parent
GROUPS = {"seed": "seed*.txt", "dev": "dev_*.txt", "held-out": "heldout_*.txt"}
OTHER_WRITER = HERE.parent / "tests" / "data" / "parallel" / "segmented"
OTHER_HELD_OUT = ("news_typhoon", "wiki_chiangmai", "wiki_asean")  # as in fit_thai_segmenter.py


def _bench():
    spec = importlib.util.spec_from_file_location(
        "benchmark_segmentation", HERE / "benchmark_segmentation.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def candidate_spans(splitter, paragraphs, bench) -> tuple[int, int, list[int]]:
    """(gold sentences made of whole candidates, gold sentences, candidates per such sentence)."""
    exact = total = 0
    spans: list[int] = []
    for sentences in paragraphs:
        line = " ".join(sentences)
        pieces = [p for p in splitter(line) if p.strip()]
        cuts = sorted(bench.boundaries(pieces))
        gold = [0, *sorted(bench.boundaries(sentences)), bench._nonspace(line)]
        cut_set = set(cuts)
        for a, b in itertools.pairwise(gold):
            total += 1
            if (a == 0 or a in cut_set) and (b == gold[-1] or b in cut_set):
                exact += 1
                spans.append(1 + sum(1 for c in cuts if a < c < b))
    return exact, total, spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold", type=Path, default=HERE.parent / "tests" / "data" / "segmentation"
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    bench = _bench()
    folder = args.gold / "th"
    groups = {g: sorted(folder.glob(pat)) for g, pat in GROUPS.items()}
    other = sorted(OTHER_WRITER.glob("*.th.txt"))
    held = [f for f in other if f.name.removesuffix(".th.txt") in OTHER_HELD_OUT]
    groups["other-fit"] = [f for f in other if f not in held]
    groups["other-held"] = held
    gold = {g: [p for f in files for p in bench.load_gold(f)] for g, files in groups.items()}

    header = f"{'group':<12}{'system':<28}{'P':>7}{'R':>7}{'F1':>8}{'chars/s':>11}{'gold b.':>9}"
    print(header)
    print("-" * len(header))
    splitters = {}
    for name, factory in bench.SYSTEMS["th"].items():
        try:
            splitters[name] = factory()
            splitters[name]("ทดสอบ ระบบ")
        except Exception as exc:  # a peer that does not run here
            print(f"{'':<12}{name:<28}  unavailable: {type(exc).__name__}: {exc}")
    for group, paragraphs in gold.items():
        if not paragraphs:
            continue
        for name, splitter in splitters.items():
            tp, predicted, n_gold, seconds, chars, _ = bench.evaluate(splitter, paragraphs)
            p, r, f = bench.prf(tp, predicted, n_gold)
            speed = chars / seconds if seconds else float("inf")
            print(f"{group:<12}{name:<28}{p:>7.3f}{r:>7.3f}{f:>8.3f}{speed:>11,.0f}{n_gold:>9}")
        print()
    cand = next((s for n, s in splitters.items() if "cand" in n), None)
    if cand is not None:
        print("candidate mode: gold sentences that are a run of whole candidates, and its length")
        for group, paragraphs in gold.items():
            if not paragraphs:
                continue
            exact, total, spans = candidate_spans(cand, paragraphs, bench)
            within4 = sum(1 for s in spans if s <= 4)
            mean = sum(spans) / len(spans) if spans else 0.0
            print(
                f"  {group:<11} rebuildable {exact}/{total} ({exact / max(total, 1):.0%}); "
                f"mean {mean:.2f} candidates per sentence; <= 4 candidates: {within4}/{len(spans)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
