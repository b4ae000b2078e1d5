#!/usr/bin/env python3
"""Build the corpus (timed) and print its table, then score the pair configs against gold.

    python scripts/corpus_stats.py                 # build seeds/ into a temp folder, timed
    python scripts/corpus_stats.py --dist dist     # measure an existing build (no timing)

Prints: rows per config and bead types; multi-way units and the share holding all four
languages; pairwise disagreements; build time; then, for every hand-made gold alignment of the
seeds (``tests/data/gold/*.jsonl`` and ``../shared/data/seeds-gold/fr-th.jsonl``), strict and lax
P/R/F1 of the pair config (text-span match, as ``scripts/evaluate_alignment.py``) and of the
multi-way units projected onto that pair.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]
GOLD_FILES = [
    *sorted((ROOT / "tests" / "data" / "gold").glob("*.jsonl")),
    ROOT.parent / "shared" / "data" / "seeds-gold" / "fr-th.jsonl",
]
#: Which seed file each language tag of a gold file name refers to (see tests/data/gold/README.md).
GOLD_DOCS = {"en": "001_", "en000": "000_", "fr": "002_", "vi": "003_", "th": "004_"}


def _evaluator():
    spec = importlib.util.spec_from_file_location(
        "evaluate_alignment", ROOT / "scripts" / "evaluate_alignment.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def seed_file(seeds: Path, prefix: str) -> Path:
    return next(p for p in sorted(seeds.glob("*.txt")) if p.name.startswith(prefix))


def gold_table(dist: Path, seeds: Path) -> list[list[str]]:
    ev = _evaluator()
    rows = []
    multiway = read_jsonl(dist / "exports" / "jsonl" / "multiway.jsonl")
    for gold_path in GOLD_FILES:
        if not gold_path.exists():
            continue
        tag_a, tag_b = gold_path.stem.split("-")
        lang_a, lang_b = tag_a[:2], tag_b[:2]
        doc_a, doc_b = seed_file(seeds, GOLD_DOCS[tag_a]), seed_file(seeds, GOLD_DOCS[tag_b])
        text_a, text_b = doc_a.read_text(encoding="utf-8"), doc_b.read_text(encoding="utf-8")
        gold = ev.unit_spans(ev.read_jsonl_units(gold_path), text_a, text_b)
        config = "-".join(sorted((lang_a, lang_b), key=lambda x: "enfrvith".index(x)))
        pair_path = dist / "exports" / "jsonl" / f"{config}.jsonl"
        pairs = read_jsonl(pair_path) if pair_path.exists() else []
        pred = [
            (r["translation"][lang_a], r["translation"][lang_b])
            for r in pairs
            if r[f"{lang_a}_doc"] == doc_a.stem and r[f"{lang_b}_doc"] == doc_b.stem
        ]
        mw = [
            (r[lang_a], r[lang_b])
            for r in multiway
            if r[lang_a]
            and r[lang_b]
            and r[f"{lang_a}_doc"] == doc_a.stem
            and r[f"{lang_b}_doc"] == doc_b.stem
        ]
        p = ev.score_spans(gold, ev.unit_spans(pred, text_a, text_b))
        m = ev.score_spans(gold, ev.unit_spans(mw, text_a, text_b))
        rows.append(
            [
                gold_path.stem,
                config,
                str(len(gold)),
                str(len(pred)),
                f"{p['precision_strict']:.3f}/{p['recall_strict']:.3f}/{p['f1_strict']:.3f}",
                f"{p['precision_lax']:.3f}/{p['recall_lax']:.3f}/{p['f1_lax']:.3f}",
                f"{m['f1_strict']:.3f}",
            ]
        )
    return rows


def print_table(head: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=False)]
    for row in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", default=str(ROOT / "seeds"))
    parser.add_argument(
        "--dist", default=None, help="measure this built folder instead of building"
    )
    args = parser.parse_args(argv)

    import parallelcorpus as pc
    from parallelcorpus.corpus import dataset

    seconds = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.dist:
            dist = Path(args.dist)
        else:
            started = time.perf_counter()
            dist = pc.build_corpus(args.seeds, Path(tmp) / "dist", progress=False)
            seconds = time.perf_counter() - started
        tables = {}
        for name in ["multiway", "en-fr", "en-vi", "en-th", "fr-vi", "fr-th", "vi-th"]:
            path = dist / "exports" / "jsonl" / f"{name}.jsonl"
            tables[name] = (None, read_jsonl(path) if path.exists() else [])
        print("## Corpus\n")
        print_table(
            ["config", "rows", "bead types"],
            [[str(c) for c in r] for r in dataset.corpus_table(tables)],
        )
        multiway = tables["multiway"][1]
        aligned = [r for r in multiway if r["n_languages"] >= 2]
        full = [r for r in multiway if r["n_languages"] >= 4]
        print(
            f"\nmulti-way units: {len(multiway)} ({len(aligned)} with 2+ languages, "
            f"{len(full)} with "
            f"all four = {len(full) / max(1, len(aligned)):.1%} of aligned units, "
            f"{len(full) / max(1, len(multiway)):.1%} of all units)"
        )
        card = (dist / "README.md").read_text(encoding="utf-8")
        line = next((x for x in card.splitlines() if x.startswith("Pairwise decisions")), "")
        print(line)
        if seconds is not None:
            print(
                f"build time: {seconds:.1f} s "
                f"(seeds: {len(list(Path(args.seeds).glob('*.txt')))} articles)"
            )
        print("\n## Pair configs against the gold alignments of the seeds (text-span match)\n")
        print_table(
            ["gold", "config", "gold units", "rows", "strict P/R/F1", "lax P/R/F1", "multiway F1"],
            gold_table(dist, Path(args.seeds)),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
