"""Validate the hand-made gold alignments of the seed articles.

Every gold file ``tests/data/gold/<src>-<tgt>.jsonl`` holds one JSON object per line,
``{"src": text | null, "tgt": text | null}``, in document order. This script checks what a
scorer relies on, so that a bad edit of a gold file cannot silently skew a measurement:

* each side is a verbatim substring of its seed article (no rewriting, no normalisation);
* units follow document order on both sides and never overlap;
* units start and end on whitespace boundaries (no cut words);
* together the units cover all the article's content: every uncovered piece of text must be
  page furniture (photo credits, bylines, image markers, trailers...); anything else is reported.

It prints one table row per pair (units, 1-1 / n-m / null counts, coverage) and exits 1 when a
file violates a rule, so it can gate CI. ``tests/test_gold_data.py`` runs the same checks.

Usage: python scripts/check_gold.py [--no-shared] [--verbose] [FILE.jsonl ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "data" / "gold"
SEEDS_DIR = ROOT / "seeds"
SHARED_GOLD = ROOT.parent / "shared" / "data" / "seeds-gold" / "fr-th.jsonl"

# Language code used in gold file names -> seed file prefix.
SEED_OF = {"en000": "000", "en": "001", "fr": "002", "vi": "003", "th": "004"}

# Page furniture: text that belongs to no unit. Each pattern matches one whole uncovered line
# piece (stripped). They describe the outlets' page templates, not particular articles.
FURNITURE = [
    ("photo credit", re.compile(r"^\((?:Photo|Ảnh|ภาพ)\s*:[^()]*\)\s*\|?$")),
    ("separator", re.compile(r"^\|$")),
    ("comment counter", re.compile(r"^(?:Comments?|Bình luận|การแสดงความคิดเห็น)\s*\(\d+\)$")),
    ("byline", re.compile(r"^[^\s,][^,\n]{0,40},\s*ảnh\s*:\s*\S.{0,40}$")),
    ("dateline", re.compile(r"^[A-Z][A-Z.]{1,10}\s+-$")),
    ("image marker", re.compile(r"^.+ - ảnh \d+$")),
    ("related-news trailer", re.compile(r"^(?:Tin liên quan|Ý kiến bạn đọc)$")),
    ("follow-us trailer", re.compile(r"^Mời quý độc giả theo dõi .+ trên$")),
]
# A line that opens a block of teasers running to the end of the article.
TAIL_BLOCK = re.compile(r"^(?:Related|Tin liên quan|Tin cùng chuyên mục)$")

_SPACE = " \t\r\n\u00a0\u2009\u200b\ufeff"

# Sentence boundary inside a unit side (Latin-script languages): end punctuation, optional
# closing quote, whitespace, then an upper-case letter, digit or opening quote.
_BOUNDARY = re.compile(r"[.!?…][\"”»]?\s+(?=[\"“«]?[A-ZÀ-ÖØ-ÞĀ-ỸĐ0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Mme|Mlle|M|TS|ThS|PGS|GS|St|Prof)|\b(?:[A-Z]\.){1,}[A-Z])\.$"
)


@dataclass
class Report:
    """Outcome of checking one gold file."""

    pair: str
    units: int = 0
    one_one: int = 0
    n_m: int = 0
    src_only: int = 0
    tgt_only: int = 0
    coverage: dict[str, float] = field(default_factory=dict)
    furniture: dict[str, list[str]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


def seed_text(code: str, seeds_dir: Path = SEEDS_DIR) -> str:
    """Read the seed article that a language code of a gold file name stands for."""
    prefix = SEED_OF[code]
    matches = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one seed {prefix}_*.txt in {seeds_dir}")
    return matches[0].read_text(encoding="utf-8")


def sentence_count(text: str, lang: str) -> int:
    """Approximate number of sentences in a unit side (only used for the 1-1 / n-m counts).

    Thai has no sentence punctuation and its "sentences" are defined relative to the other
    side (pieces between spaces that translate one sentence there), so a Thai side counts as
    one sentence per line it spans.
    """
    if lang == "th":
        return text.count("\n") + 1
    count = 1
    for m in _BOUNDARY.finditer(text):
        if not _ABBREV.search(text[: m.start() + 1]):
            count += 1
    return count


def _furniture_kind(piece: str) -> str | None:
    for name, pattern in FURNITURE:
        if pattern.match(piece):
            return name
    return None


def check_side_coverage(
    text: str, spans: list[tuple[int, int]], label: str, report: Report
) -> None:
    """Record coverage of one article and flag uncovered text that is not furniture."""
    covered = [False] * len(text)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    gaps: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(text) and not covered[j]:
            j += 1
        gaps.append((i, j))
        i = j
    last_unit_end = max((end for _, end in spans), default=0)
    furniture_chars = 0
    found: list[str] = []
    for start, end in gaps:
        in_tail = False
        for line in text[start:end].split("\n"):
            piece = line.strip(_SPACE)
            if not piece:
                continue
            if in_tail:
                kind = "tail block"
            elif start >= last_unit_end and TAIL_BLOCK.match(piece):
                in_tail, kind = True, "tail block"
            else:
                kind = _furniture_kind(piece)
            if kind is None:
                report.violations.append(f"{label}: uncovered content {piece[:80]!r}")
                continue
            found.append(f"{kind}: {piece[:60]}")
            furniture_chars += sum(1 for ch in piece if ch not in _SPACE)
    content = sum(1 for ch in text if ch not in _SPACE) - furniture_chars
    unit_chars = sum(1 for i, ch in enumerate(text) if covered[i] and ch not in _SPACE)
    report.coverage[label] = 100.0 * unit_chars / content if content else 100.0
    report.furniture[label] = found


def check_units(
    units: list[dict],
    src_text: str,
    tgt_text: str,
    pair: str = "?",
    langs: tuple[str, str] = ("", ""),
) -> Report:
    """Check parsed units against the two article texts (see the module docstring)."""
    report = Report(pair=pair, units=len(units))
    texts = {"src": src_text, "tgt": tgt_text}
    cursors = {"src": 0, "tgt": 0}
    spans: dict[str, list[tuple[int, int]]] = {"src": [], "tgt": []}
    for n, unit in enumerate(units, 1):
        where = f"unit {n}"
        if not isinstance(unit, dict) or set(unit) != {"src", "tgt"}:
            report.violations.append(f"{where}: must be an object with exactly src and tgt")
            continue
        if unit["src"] is None and unit["tgt"] is None:
            report.violations.append(f"{where}: both sides are null")
            continue
        counts = {}
        for key, lang in zip(("src", "tgt"), langs, strict=True):
            side = unit[key]
            if side is None:
                continue
            if not isinstance(side, str) or not side.strip(_SPACE):
                report.violations.append(f"{where} {key}: must be null or non-empty text")
                continue
            if side != side.strip(_SPACE):
                report.violations.append(f"{where} {key}: leading/trailing whitespace")
            text = texts[key]
            start = text.find(side, cursors[key])
            if start < 0:
                if text.find(side) >= 0:
                    report.violations.append(
                        f"{where} {key}: out of document order or overlapping: {side[:60]!r}"
                    )
                else:
                    report.violations.append(f"{where} {key}: not verbatim in seed: {side[:60]!r}")
                continue
            end = start + len(side)
            if start > 0 and text[start - 1] not in _SPACE:
                report.violations.append(f"{where} {key}: starts inside a word: {side[:40]!r}")
            if end < len(text) and text[end] not in _SPACE:
                report.violations.append(f"{where} {key}: ends inside a word: {side[-40:]!r}")
            cursors[key] = end
            spans[key].append((start, end))
            counts[key] = sentence_count(side, lang)
        if unit["src"] is None:
            report.tgt_only += 1
        elif unit["tgt"] is None:
            report.src_only += 1
        elif counts.get("src") == 1 and counts.get("tgt") == 1:
            report.one_one += 1
        else:
            report.n_m += 1
    for key in ("src", "tgt"):
        check_side_coverage(texts[key], spans[key], key, report)
    return report


def load_units(path: Path) -> tuple[list[dict], list[str]]:
    """Parse a JSONL gold file; return the units and any syntax problems."""
    units, problems = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {n}: blank line")
            continue
        try:
            units.append(json.loads(line))
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: invalid JSON ({exc.msg})")
    return units, problems


def check_file(path: Path, seeds_dir: Path = SEEDS_DIR) -> Report:
    """Check one gold file named ``<src>-<tgt>.jsonl`` against the seeds."""
    pair = path.stem
    try:
        src, tgt = pair.split("-")
        src_text, tgt_text = seed_text(src, seeds_dir), seed_text(tgt, seeds_dir)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        report = Report(pair=pair)
        report.violations.append(f"cannot map file name to two seeds: {exc}")
        return report
    units, problems = load_units(path)
    report = check_units(units, src_text, tgt_text, pair, (src, tgt))
    report.violations[:0] = problems
    return report


def print_table(reports: list[Report]) -> None:
    """One row per gold file; 0-1 / 1-0 are units whose source / target side is null."""
    head = (
        f"{'pair':<10} {'units':>5} {'1-1':>4} {'n-m':>4} {'0-1':>4} {'1-0':>4}"
        f" {'cov src%':>8} {'cov tgt%':>8} {'violations':>10}"
    )
    print(head)
    print("-" * len(head))
    for r in reports:
        print(
            f"{r.pair:<10} {r.units:>5} {r.one_one:>4} {r.n_m:>4} {r.tgt_only:>4}"
            f" {r.src_only:>4} {r.coverage.get('src', 0):>8.1f} {r.coverage.get('tgt', 0):>8.1f}"
            f" {len(r.violations):>10}"
        )
    print("0-1: only a target side (src null); 1-0: only a source side (tgt null)")


def furniture_summary(report: Report) -> str:
    """Kinds of uncovered text per side, e.g. 'tgt: photo credit x6, separator x2'."""
    parts = []
    for label, items in report.furniture.items():
        kinds: dict[str, int] = {}
        for item in items:
            kind = item.split(":", 1)[0]
            kinds[kind] = kinds.get(kind, 0) + 1
        listed = ", ".join(f"{k} x{n}" for k, n in kinds.items()) or "none"
        parts.append(f"{label}: {listed}")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="gold files (default: all)")
    parser.add_argument("--no-shared", action="store_true", help="skip the shared fr-th gold")
    parser.add_argument("--verbose", action="store_true", help="list the furniture found")
    args = parser.parse_args(argv)
    files = args.files or sorted(GOLD_DIR.glob("*.jsonl"))
    if not args.files and not args.no_shared and SHARED_GOLD.exists():
        files.append(SHARED_GOLD)
    if not files:
        print(f"no gold files in {GOLD_DIR}", file=sys.stderr)
        return 1
    reports = [check_file(path) for path in files]
    print_table(reports)
    failed = False
    print("\nuncovered text, all of it furniture unless reported as a violation:")
    for r in reports:
        print(f"  {r.pair}: {furniture_summary(r)}")
        if args.verbose:
            for label, items in r.furniture.items():
                for item in items:
                    print(f"  {r.pair} {label} furniture  {item}")
        for v in r.violations:
            failed = True
            print(f"VIOLATION {r.pair}: {v}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
