#!/usr/bin/env python3
"""Identity vs Apertium on fr->en and en->fr of the corpus: BLEU / chrF++ / TER with 95%
bootstrap CIs and paired significance against identity (sacrebleu ``PairedTest``).

    python scripts/benchmark_translators.py                    # dist/ (build it first)
    python scripts/benchmark_translators.py --corpus rows.jsonl --directions fr-en,en-fr,fr-th
    python scripts/benchmark_translators.py --system llm=openai:http://127.0.0.1:8000/v1

Prints the Markdown table, the translation speed of each system (segments/s, measured on
segments actually sent, the cache is bypassed), and where the JSON/PNG/TSV reports went.
Apertium (Debian: ``apt-get install apertium apertium-fr-es apertium-eng-spa``) pivots through
Spanish: fr->es->en and en->es->fr. Without it, its cells are skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", default=str(ROOT / "dist"), help="dataset folder or JSONL rows (default: dist/)"
    )
    parser.add_argument("--directions", default="fr-en,en-fr")
    parser.add_argument(
        "--system",
        action="append",
        default=[],
        metavar="NAME=SPEC",
        help="more systems besides identity and apertium",
    )
    parser.add_argument("--out", default=str(ROOT / "bench-results" / "translators"))
    parser.add_argument("--samples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--test", choices=["bs", "ar"], default="bs")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    import parallelcorpus as pc
    from parallelcorpus.bench import TranslatorError, parse_system

    systems = {"identity": "identity", "apertium": "apertium"}
    systems.update(parse_system(text) for text in args.system)
    # A fresh cache, so the speeds below are real translation speeds.
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        try:
            result = pc.benchmark(
                systems,
                directions=args.directions,
                corpus=args.corpus,
                baseline="identity",
                out=args.out,
                cache=cache,
                test=args.test,
                n_samples=args.samples,
                progress=not args.quiet,
            )
        except (pc.InputError, TranslatorError) as exc:
            print(f"benchmark_translators: {exc}", file=sys.stderr)
            return 2
    print(
        f"Corpus: {result.settings['corpus']}; baseline: identity; "
        f"{args.samples} bootstrap resamples; * = p < 0.05 vs identity\n"
    )
    print(result.markdown())
    print("| Direction | System | Segments sent | Seconds | Segments/s |")
    print("|---|---|---:|---:|---:|")
    for cell in result.cells:
        if cell.skipped:
            continue
        rate = cell.translated / cell.seconds if cell.seconds > 0 else float("inf")
        print(
            f"| {cell.direction} | {cell.system} | {cell.translated} | {cell.seconds:.2f} | "
            f"{rate:,.0f} |"
        )
    for note in result.notes:
        print(f"\nnote: {note}")
    signatures = {m.name + "|" + m.signature for c in result.cells for m in c.metrics.values()}
    print("\nSignatures:")
    for signature in sorted(signatures):
        print(f"  {signature}")
    print(f"\nReports: {args.out}/results.json, results.md, scores.png, segments.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
