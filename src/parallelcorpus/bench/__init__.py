"""Benchmark machine translators on the multi-way corpus.

``benchmark`` (harness.py) runs translators (translators.py: registry and adapters) through a
disk cache (cache.py), scores them with CIs and paired significance (score.py + sacrebleu), and
``BenchResult.write`` produces the reports (report.py). ``run_bench_command`` is the CLI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from parallelcorpus.bench.harness import BenchResult, benchmark
from parallelcorpus.bench.translators import (
    Translator,
    TranslatorError,
    make_translator,
    parse_system,
    register,
)
from parallelcorpus.errors import InputError

__all__ = [
    "BenchResult",
    "Translator",
    "TranslatorError",
    "benchmark",
    "make_translator",
    "parse_system",
    "register",
    "run_bench_command",
]


def run_bench_command(args: argparse.Namespace) -> int:
    """``parallelcorpus bench --system NAME=SPEC ... [--directions fr-en] [--out DIR]``."""
    if not args.system:
        raise InputError("no translator given; e.g. --system id=identity --system ap=apertium")
    systems = [parse_system(text) for text in args.system]
    if getattr(args, "samples", 1000) < 1:
        raise InputError(f"--samples must be at least 1, got {args.samples}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():  # checked now, not after hours of translation
        raise InputError("exists and is not a folder; expected an output folder", path=str(out))
    try:
        result = benchmark(
            systems,
            directions=args.directions,
            corpus=args.corpus,
            baseline=args.baseline,
            out=out,
            cache=args.cache,
            metrics=getattr(args, "metrics", "bleu,chrf,ter"),
            test=getattr(args, "test", "bs"),
            n_samples=getattr(args, "samples", 1000),
            progress=not args.quiet,
        )
    except TranslatorError as exc:
        print(f"parallelcorpus: error: {exc}", file=sys.stderr)
        print("parallelcorpus: finished translations are cached; rerun to resume", file=sys.stderr)
        return 1
    sys.stdout.write(result.markdown())
    for note in result.notes:
        print(f"parallelcorpus: note: {note}", file=sys.stderr)
    reports = ("results.json", "results.md", "scores.png", "segments.tsv")
    print(
        f"parallelcorpus: reports written to {out}/ "
        f"({', '.join(name for name in reports if (out / name).is_file())})",
        file=sys.stderr,
    )
    return 0
