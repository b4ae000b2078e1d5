#!/usr/bin/env python3
"""What each signal of the aligner is worth: the test sets of ``benchmark_alignment.py``, aligned
by the default method with one signal taken out at a time.

Rows (each is ``full`` minus one thing):

* ``full``: the default aligner, for reference;
* ``- learned dictionary``: ``lexicon=False`` (no second pass with word pairs learned from the
  first pass's confident beads);
* ``- anchors``: no anchor keys (names, numbers, dates, places, acronyms) in the bead cost;
* ``- cognates``: no cognate keys (folded word prefixes) and no number tokens;
* ``- lone numbers``: a number, year or date that one document never mentions no longer counts
  (only features both documents share do);
* ``- contradiction check``: ``max_contradiction=1.01`` (a bead whose names and numbers say
  "not a translation" is kept instead of becoming 1-0 + 0-1);
* ``- paragraphs``: ``w_para=0`` (a bead may cross a paragraph break for free);
* ``- crossing discount``: ``merge_crossing=1`` (a bead that merges on both sides, 2-2, pays
  both merges in full);
* ``- five-sentence beads``: beads of at most four sentences (no 3-3, 2-4, 1-5);
* ``- abridgement``: no adaptation to an abridged side (``skip_adapt=0``, ``abridged_merge=1``,
  ``abridged_variance=0``: the same skip, merge and length costs on both sides);
* ``- captions``: photo captions treated as running text (``caption_pair=0``,
  ``caption_skip=0``);
* ``- Thai candidates``: Thai segmented once into sentences, instead of into candidate pieces the
  alignment merges;
* ``length only``: the Gale-Church baseline (``--method length``).

(Without anchors *and* cognates nothing is left to say that two sentences translate each other:
every bead's confidence is 0, the document scores as no translation, and the aligner pairs
nothing, by design.)

Columns are strict F1 (Vecalign's scorer on ladders, the text-span metric on seed articles),
averaged over the sets of a group, and the pairs made between the two different reports of one
event (seeds 000 and 003), which should be few. Options go through ``pc.align``'s public
``weights=`` and ``lexicon=``; the two that have no option (dropping a feature family, Thai
candidate mode) patch the aligner's feature function, the candidate-language set or the lone-number
prefixes for the duration of their row.

    python scripts/ablation_alignment.py [--only NAME] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark_alignment as bench


@dataclass(frozen=True)
class Ablation:
    name: str
    method: str = "full"
    options: dict = field(default_factory=dict)  # passed to pc.align / pc.align_documents
    weights: dict = field(default_factory=dict)  # CostWeights fields
    drop: tuple[str, ...] = ()  # feature-key prefixes removed from every sentence
    thai_candidates: bool = True
    lone_numbers: bool = True
    max_sentences: int | None = None  # largest bead over whole sentences (engine.MAX_SENTENCES)


ABLATIONS = (
    Ablation("full"),
    Ablation("- learned dictionary", options={"lexicon": False}),
    Ablation("- anchors", drop=("a:",)),
    Ablation("- cognates", drop=("c:", "n:")),
    Ablation("- lone numbers", lone_numbers=False),
    Ablation("- contradiction check", weights={"max_contradiction": 1.01}),
    Ablation("- paragraphs", weights={"w_para": 0.0}),
    Ablation("- crossing discount", weights={"merge_crossing": 1.0}),
    Ablation("- five-sentence beads", max_sentences=4),
    Ablation(
        "- abridgement",
        weights={"skip_adapt": 0.0, "abridged_merge": 1.0, "abridged_variance": 0.0},
    ),
    Ablation("- captions", weights={"caption_pair": 0.0, "caption_skip": 0.0}),
    Ablation("- Thai candidates", thai_candidates=False),
    Ablation("length only", method="length"),
)

#: Column -> the sets averaged into it (set names as benchmark_alignment.py prints them).
GROUPS: dict[str, Callable[[str], bool]] = {
    "Text+Berg dev": lambda s: s == "textberg-dev de-fr",
    "Text+Berg noisy x40": lambda s: s == "noisy de-fr x40",
    "seed translations x5": lambda s: (
        s in {f"seeds {p}" for p in ("fr-th", "vi-fr", "vi-th", "en-fr", "en-vi")}
    ),
    "seeds en-th": lambda s: s == "seeds en-th",
    "noisy fr-th x2": lambda s: s.startswith("noisy fr-th"),
    "written x6": lambda s: s.startswith("written") and not s.endswith("noisy"),
    "written noisy x6": lambda s: s.startswith("written") and s.endswith("noisy"),
}


@contextlib.contextmanager
def applied(ablation: Ablation) -> Iterator[None]:
    """The ablation in force: the benchmark's options for ``full`` carry its weights and options,
    and the feature function / Thai candidate set are patched while it runs."""
    import importlib

    from parallelcorpus.align.costs import CostWeights

    engine = importlib.import_module("parallelcorpus.align.engine")
    documents = importlib.import_module("parallelcorpus.align.documents")
    costs = importlib.import_module("parallelcorpus.align.costs")
    saved = (
        bench.method_options,
        engine.sentence_features,
        documents.CANDIDATE_LANGS,
        costs.LONE_KEYS,
        engine.MAX_SENTENCES,
    )
    base_options = bench.method_options

    def method_options(method: str) -> dict:
        options = base_options(method)
        if method == "full":
            options.update(ablation.options)
            if ablation.weights:
                options["weights"] = CostWeights(**ablation.weights)
        return options

    def without(texts: Sequence[str], lang: str, anchor_boost: float) -> list:
        return [
            ({k: v for k, v in feats.items() if not k.startswith(ablation.drop)}, tokens)
            for feats, tokens in saved[1](texts, lang, anchor_boost)
        ]

    bench.method_options = method_options
    if ablation.drop:
        engine.sentence_features = without
    if not ablation.thai_candidates:
        documents.CANDIDATE_LANGS = frozenset()
    if not ablation.lone_numbers:
        costs.LONE_KEYS = ()
    if ablation.max_sentences is not None:
        engine.MAX_SENTENCES = ablation.max_sentences
    try:
        yield
    finally:
        (
            bench.method_options,
            engine.sentence_features,
            documents.CANDIDATE_LANGS,
            costs.LONE_KEYS,
            engine.MAX_SENTENCES,
        ) = saved


def run(ablation: Ablation, only: str = "") -> dict[str, dict]:
    """The benchmark's row (strict F1, pairs made, ...) per test set with the ablation in force."""
    rows: dict[str, dict] = {}
    with applied(ablation):
        for name, job in bench.build_jobs([ablation.method]):
            if only and only not in name:
                continue
            for row in job():
                rows[row["set"]] = row
    return rows


#: The two different reports of the same event (000, 003): pairs made between them (fewer is
#: better; the aligner should see that they are not translations of each other).
DIFFERENT_REPORTS = "seeds en000-vi"
PAIRS_COLUMN = "000 vs 003: pairs"


def group_means(rows: dict[str, dict]) -> dict[str, float | None]:
    """Mean strict F1 per column, and the pairs made between the two different reports."""
    out: dict[str, float | None] = {}
    for column, member in GROUPS.items():
        values = [r["f1_strict"] for s, r in rows.items() if member(s)]
        out[column] = statistics.fmean(values) if values else None
    other = rows.get(DIFFERENT_REPORTS)
    out[PAIRS_COLUMN] = float(other["pairs"]) if other else None
    return out


def print_table(results: list[tuple[Ablation, dict[str, float | None], float]]) -> None:
    columns = [*GROUPS, PAIRS_COLUMN]
    reference = results[0][1]
    width = max(len(a.name) for a, _, _ in results)
    print(f"{'aligner':<{width}} | " + " | ".join(f"{c:>20}" for c in columns) + " |     s")
    print("-" * (width + 3 + 23 * len(columns) + 6))
    for ablation, means, seconds in results:
        cells = []
        for c in columns:
            value, ref = means[c], reference[c]
            if value is None:  # no set of this column ran (--only, or data missing here)
                cells.append(f"{'-':>20}")
                continue
            shown = f"{value:.0f}" if c == PAIRS_COLUMN else f"{value:.3f}"
            if ablation is results[0][0] or ref is None:
                cells.append(shown.rjust(20))
            elif c == PAIRS_COLUMN:
                cells.append(f"{shown} ({value - ref:+.0f})".rjust(20))
            else:
                cells.append(f"{shown} ({value - ref:+.3f})".rjust(20))
        print(f"{ablation.name:<{width}} | " + " | ".join(cells) + f" | {seconds:5.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="", help="substring filter on set names")
    parser.add_argument("--json", help="also write every set's score per ablation to this file")
    args = parser.parse_args(argv)
    results = []
    per_set: dict[str, dict[str, float]] = {}
    for ablation in ABLATIONS:
        start = time.perf_counter()
        rows = run(ablation, args.only)
        results.append((ablation, group_means(rows), time.perf_counter() - start))
        per_set[ablation.name] = {name: row["f1_strict"] for name, row in rows.items()}
    print("strict F1, mean over the sets of each column (difference to full); last column: pairs")
    print("made between the two different reports of one event (fewer is better)\n")
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(per_set, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
