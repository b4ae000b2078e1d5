#!/usr/bin/env python
"""Sentence segmentation benchmark: boundary precision/recall/F1 and speed, ours vs peers.

Gold: ``tests/data/segmentation/<lang>/*.txt``, one sentence per line, a blank line between
paragraphs. Each paragraph's sentences are joined with a single space to make one input line;
paragraph breaks are given to every system (each line is segmented on its own), so only the
boundaries *inside* a line are scored. A boundary is counted as the number of non-space
characters before it, so systems that trim or keep spaces are scored alike.

Every system is run in the same process on the same lines; peers that are not installed are
skipped with a note. Add a system (or a language) by adding an entry to ``SYSTEMS``: a name
and a zero-argument factory returning ``fn(line) -> list[str]``.

    python scripts/benchmark_segmentation.py [--lang en,fr] [--gold DIR] [--per-file]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "segmentation"

Splitter = Callable[[str], list[str]]


# --- systems -------------------------------------------------------------------------------


def ours(lang: str) -> Callable[[], Splitter]:
    def factory() -> Splitter:
        from parallelcorpus.segment import segment_text

        return lambda line: [s.text for s in segment_text(line, lang)]

    return factory


def pysbd_(lang: str) -> Callable[[], Splitter]:
    def factory() -> Splitter:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False)
        return seg.segment

    return factory


def sentencex_(lang: str) -> Callable[[], Splitter]:
    def factory() -> Splitter:
        import sentencex

        return lambda line: list(sentencex.segment(lang, line))

    return factory


def punkt_(model: str) -> Callable[[], Splitter]:
    def factory() -> Splitter:
        import punkt

        return lambda line: punkt.sent_tokenize(line, language=model)

    return factory


def underthesea_() -> Splitter:
    from underthesea import sent_tokenize

    return sent_tokenize


def crfcut_() -> Splitter:
    from pythainlp.tokenize import sent_tokenize

    return lambda line: sent_tokenize(line, engine="crfcut")


def ours_candidates(lang: str) -> Callable[[], Splitter]:
    """Candidate mode (Thai): its recall is the ceiling of what the aligner can recover."""

    def factory() -> Splitter:
        from parallelcorpus.segment import segment_text

        return lambda line: [s.text for s in segment_text(line, lang, mode="candidates")]

    return factory


def pythainlp_(engine: str) -> Callable[[], Splitter]:
    def factory() -> Splitter:
        from pythainlp.tokenize import sent_tokenize

        return lambda line: sent_tokenize(line, engine=engine)

    return factory


#: language -> {system name: factory}. The first entry is ours.
SYSTEMS: dict[str, dict[str, Callable[[], Splitter]]] = {
    "en": {
        "parallelcorpus": ours("en"),
        "pysbd": pysbd_("en"),
        "sentencex": sentencex_("en"),
        "punkt (english)": punkt_("english"),
    },
    "fr": {
        "parallelcorpus": ours("fr"),
        "pysbd": pysbd_("fr"),
        "sentencex": sentencex_("fr"),
        "punkt (french)": punkt_("french"),
    },
    "vi": {
        "parallelcorpus": ours("vi"),
        "underthesea": underthesea_,
        "sentencex": sentencex_("vi"),
        "punkt (english model)": punkt_("english"),
    },
    "th": {
        "parallelcorpus": ours("th"),
        "parallelcorpus (cand.)": ours_candidates("th"),
        "pythainlp crfcut": crfcut_,
        "pythainlp thaisum": pythainlp_("thaisum"),
        "every space (whitespace)": pythainlp_("whitespace"),
    },
}


# --- gold and scoring ----------------------------------------------------------------------


def load_gold(path: Path) -> list[list[str]]:
    """Paragraphs of a gold file, each a list of sentences."""
    paragraphs: list[list[str]] = [[]]
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line:
            paragraphs[-1].append(" ".join(line.split()))
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _nonspace(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def boundaries(sentences: list[str]) -> set[int]:
    """Inner boundaries as counts of non-space characters before each sentence start."""
    out, total = set(), 0
    for sentence in sentences[:-1]:
        total += _nonspace(sentence)
        out.add(total)
    out.discard(0)
    return out


def evaluate(
    splitter: Splitter, paragraphs: list[list[str]]
) -> tuple[int, int, int, float, int, int]:
    """(true positives, predicted, gold, seconds, characters, lost) over all paragraphs."""
    tp = predicted = gold = chars = lost = 0
    seconds = 0.0
    for sentences in paragraphs:
        line = " ".join(sentences)
        t0 = time.perf_counter()
        pieces = [p for p in splitter(line) if p.strip()]
        seconds += time.perf_counter() - t0
        chars += len(line)
        if sum(_nonspace(p) for p in pieces) != _nonspace(line):
            lost += 1  # the system dropped or added text: its boundaries are still counted
        want, got = boundaries(sentences), boundaries(pieces)
        tp += len(want & got)
        predicted += len(got)
        gold += len(want)
    return tp, predicted, gold, seconds, chars, lost


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 1.0
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default=",".join(SYSTEMS), help="comma-separated languages")
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold folder (per-language dirs)")
    parser.add_argument("--per-file", action="store_true", help="also print F1 per gold file")
    parser.add_argument(
        "--errors",
        nargs="?",
        const="parallelcorpus",
        metavar="SYSTEM",
        help="print the boundary errors of SYSTEM (default: ours) on stderr",
    )
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    header = (
        f"{'lang':<5}{'system':<24}{'P':>7}{'R':>7}{'F1':>8}{'chars/s':>12}{'sents':>7}{'lost':>6}"
    )
    print(header)
    print("-" * len(header))
    for lang in args.lang.split(","):
        # per-language folders, or flat <doc>.<lang>.txt files (tests/data/parallel/segmented)
        files = sorted((args.gold / lang).glob("*.txt")) or sorted(args.gold.glob(f"*.{lang}.txt"))
        if not files:
            print(f"{lang:<5}(no gold in {args.gold / lang})")
            continue
        gold_files = {f.name: load_gold(f) for f in files}
        all_paragraphs = [p for paras in gold_files.values() for p in paras]
        n_sents = sum(len(p) for p in all_paragraphs)
        for name, factory in SYSTEMS.get(lang, {}).items():
            try:
                splitter = factory()
                splitter("Warm up. Load models.")
            except Exception as exc:  # a peer that does not install or run here
                print(f"{lang:<5}{name:<24}  unavailable: {type(exc).__name__}: {exc}")
                continue
            tp, predicted, gold, seconds, chars, lost = evaluate(splitter, all_paragraphs)
            p, r, f = prf(tp, predicted, gold)
            speed = chars / seconds if seconds else float("inf")
            print(
                f"{lang:<5}{name:<24}{p:>7.3f}{r:>7.3f}{f:>8.4f}{speed:>12,.0f}"
                f"{n_sents:>7}{lost:>6}"
            )
            if args.per_file:
                for fname, paras in gold_files.items():
                    fp = prf(*evaluate(splitter, paras)[:3])
                    print(f"{'':<5}  {fname:<36} F1 {fp[2]:.4f}")
            if args.errors == name:
                _print_errors(splitter, all_paragraphs)
        print()
    return 0


def _print_errors(splitter: Splitter, paragraphs: list[list[str]]) -> None:
    for sentences in paragraphs:
        line = " ".join(sentences)
        pieces = [p for p in splitter(line) if p.strip()]
        want, got = boundaries(sentences), boundaries(pieces)
        for kind, positions in (("missed", want - got), ("spurious", got - want)):
            for pos in sorted(positions):
                print(f"    {kind}: ...{_context(line, pos)}...", file=sys.stderr)


def _context(line: str, nonspace_pos: int) -> str:
    count = 0
    for i, ch in enumerate(line):
        if count == nonspace_pos:
            return line[max(0, i - 50) : i] + " ‖ " + line[i : i + 40]
        if not ch.isspace():
            count += 1
    return line[-50:]


if __name__ == "__main__":
    sys.exit(main())
