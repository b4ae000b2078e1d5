#!/usr/bin/env python3
"""Validate the hand-written parallel dev set (``tests/data/parallel``) and print its counts.

Checks, each independent of the scripts that produced the files:

* documents: every document exists in en/fr/vi/th; text is NFC, has no tab, no double space, no
  leading or trailing space; Thai sentences carry no final period (Thai abbreviations such as
  ``น.`` or ``ต.ค.`` excepted).
* segmentation: joining each paragraph's gold sentences with one space gives the document's line
  exactly, paragraph for paragraph.
* gold ladders: every required pair exists; each side's ids are 0..n-1 exactly once, in order
  (so beads are contiguous and monotone); no empty bead; null beads hold one sentence.
* noisy variants: each line is a run of consecutive clean sentences of the document (joined by one
  space) or a sentence of another document (an added paragraph); the noisy ladder covers both
  files exactly once, keeps every surviving gold link inside one bead, and no bead can be split
  without cutting a link.
* the derived files are up to date with ``source/`` and with ``make_noisy.py``.

    python scripts/check_parallel_data.py        # prints a table, exit 1 on any problem
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "parallel"
LANGS = ("en", "fr", "vi", "th")
REQUIRED_PAIRS = ("en-fr", "en-th", "fr-th", "en-vi", "vi-fr", "vi-th")
THAI_ABBREVIATION_END = re.compile(r"(?:^|[\s(/])(?:[\u0e01-\u0e2e]{1,3}\.)+$")

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# ----------------------------------------------------------------------------- readers


def read_segmented(path: Path) -> list[list[str]]:
    """Paragraphs of a gold segmentation file (the noise generator's reader, shared)."""
    return _load("make_noisy").read_segmented(path)


def read_ladder(path: Path) -> list[Bead]:
    beads = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.fullmatch(r"\[([\d, ]*)\]:\[([\d, ]*)\](?::[\d.]+)?", line.strip())
        if not m:
            raise ValueError(f"{path}:{n}: not a ladder line: {line!r}")
        beads.append(tuple(tuple(int(x) for x in g.split(",") if x.strip()) for g in m.groups()))  # type: ignore[misc]
    return beads  # type: ignore[return-value]


def documents() -> list[str]:
    return sorted({p.name.split(".")[0] for p in (DATA / "docs").glob("*.txt")})


# ----------------------------------------------------------------------------- checks


def check_text(text: str, where: str, lang: str) -> list[str]:
    errors = []
    if not unicodedata.is_normalized("NFC", text):
        errors.append(f"{where}: not NFC")
    if "\t" in text or "  " in text or text != text.strip() or not text:
        errors.append(f"{where}: empty, tab, double space or outer space: {text[:60]!r}")
    if lang == "th" and text.endswith(".") and not THAI_ABBREVIATION_END.search(text):
        errors.append(f"{where}: Thai sentence ends with a period")
    return errors


def check_document(doc: str) -> list[str]:
    errors = []
    counts = {}
    for lang in LANGS:
        raw_path = DATA / "docs" / f"{doc}.{lang}.txt"
        seg_path = DATA / "segmented" / f"{doc}.{lang}.txt"
        if not raw_path.exists() or not seg_path.exists():
            errors.append(f"{doc}.{lang}: missing document or segmentation")
            continue
        raw = raw_path.read_text(encoding="utf-8")
        if not raw.endswith("\n") or "\n\n" in raw:
            errors.append(f"{raw_path.name}: expected one paragraph per line, no blank line")
        lines = raw.splitlines()
        paragraphs = read_segmented(seg_path)
        counts[lang] = len(paragraphs)
        if len(lines) != len(paragraphs):
            errors.append(f"{doc}.{lang}: {len(lines)} lines but {len(paragraphs)} gold paragraphs")
        for k, (line, sentences) in enumerate(zip(lines, paragraphs, strict=False), 1):
            if " ".join(sentences) != line:
                errors.append(f"{doc}.{lang} paragraph {k}: sentences do not join back to the line")
            for j, sentence in enumerate(sentences, 1):
                errors += check_text(sentence, f"{seg_path.name} paragraph {k} sentence {j}", lang)
    return errors


def check_ladder(beads: list[Bead], n_src: int, n_tgt: int, where: str) -> list[str]:
    errors = []
    for side, n in ((0, n_src), (1, n_tgt)):
        ids = [i for bead in beads for i in bead[side]]
        if ids != list(range(n)):
            errors.append(f"{where}: side {side} ids are not 0..{n - 1} once each, in order")
    for s, t in beads:
        if not s and not t:
            errors.append(f"{where}: empty bead")
        elif (not s and len(t) > 1) or (not t and len(s) > 1):
            errors.append(f"{where}: null bead with several sentences {list(s)}:{list(t)}")
    return errors


def sentence_counts(doc: str) -> dict[str, int]:
    return {
        lang: sum(len(p) for p in read_segmented(DATA / "segmented" / f"{doc}.{lang}.txt"))
        for lang in LANGS
    }


def check_gold(doc: str) -> list[str]:
    errors = []
    n = sentence_counts(doc)
    for pair in REQUIRED_PAIRS:
        path = DATA / "gold" / f"{doc}.{pair}.ladder"
        if not path.exists():
            errors.append(f"{path.name}: missing")
            continue
        src, tgt = pair.split("-")
        errors += check_ladder(read_ladder(path), n[src], n[tgt], path.name)
    return errors


def _origins(
    lines: list[str], clean: list[str], others: set[str]
) -> tuple[list[tuple[int, ...]], list[str]]:
    """Clean ids behind each noisy line, in order (() for an added line), and problems found."""
    out: list[tuple[int, ...]] = []
    errors: list[str] = []
    p = 0
    for k, line in enumerate(lines):
        found = None
        for q in range(p, len(clean)):
            text = ""
            for end in range(q, len(clean)):
                text = clean[end] if end == q else f"{text} {clean[end]}"
                if text == line:
                    found = (q, end + 1)
                    break
                if len(text) >= len(line):
                    break
            if found:
                break
        if found:
            out.append(tuple(range(*found)))
            p = found[1]
        elif line in others:
            out.append(())
        else:
            errors.append(f"line {k + 1} is neither clean text in order nor another document's")
            out.append(())
    return out, errors


def check_noisy_variant(stem: Path, docs: list[str]) -> list[str]:
    doc, pair, _variant = stem.name.split(".")
    src_lang, tgt_lang = pair.split("-")
    where = stem.name
    beads = read_ladder(stem.with_name(stem.name + ".ladder"))
    gold = read_ladder(DATA / "gold" / f"{doc}.{pair}.ladder")
    sides = []
    errors: list[str] = []
    for lang, ext in ((src_lang, "src"), (tgt_lang, "tgt")):
        lines = stem.with_name(f"{stem.name}.{ext}").read_text(encoding="utf-8").splitlines()
        clean = [s for p in read_segmented(DATA / "segmented" / f"{doc}.{lang}.txt") for s in p]
        others = {
            s
            for other in docs
            if other != doc
            for p in read_segmented(DATA / "segmented" / f"{other}.{lang}.txt")
            for s in p
        }
        origins, problems = _origins(lines, clean, others)
        errors += [f"{where}.{ext} {e}" for e in problems]
        sides.append((lines, origins))
    errors += check_ladder(beads, len(sides[0][0]), len(sides[1][0]), where)
    if errors:
        return errors
    line_of = [{cid: i for i, o in enumerate(origins) for cid in o} for _, origins in sides]
    links = {
        (line_of[0][s], line_of[1][t])
        for gs, gt in gold
        for s in gs
        for t in gt
        if s in line_of[0] and t in line_of[1]
    }
    bead_of = [{i: b for b, bead in enumerate(beads) for i in bead[side]} for side in (0, 1)]
    for s, t in links:
        if bead_of[0][s] != bead_of[1][t]:
            errors.append(f"{where}: gold link src {s} - tgt {t} split across beads")
    for b, (s_ids, t_ids) in enumerate(beads):
        if not s_ids or not t_ids:
            continue
        for a in range(len(s_ids) + 1):
            for c in range(len(t_ids) + 1):
                if (a, c) in ((0, 0), (len(s_ids), len(t_ids))):
                    continue
                left = (set(s_ids[:a]), set(t_ids[:c]))
                crossing = any(
                    (s in left[0]) != (t in left[1]) for s, t in links if bead_of[0][s] == b
                )
                if not crossing:
                    errors.append(f"{where}: bead {b} {list(s_ids)}:{list(t_ids)} is not minimal")
                    break
            else:
                continue
            break
    return errors


def check_up_to_date() -> list[str]:
    errors = []
    build = _load("build_parallel_data")
    for path in sorted((DATA / "source").glob("*.txt")):
        for target, content in build.render(build.parse_source(path)).items():
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                errors.append(f"{target.relative_to(ROOT)}: out of date with {path.name}")
    noisy = _load("make_noisy")
    outputs = noisy.all_outputs()
    for target, content in outputs.items():
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            errors.append(f"{target.relative_to(ROOT)}: differs from make_noisy.py output")
    for target in (DATA / "noisy").glob("*"):
        if target not in outputs:
            errors.append(f"{target.relative_to(ROOT)}: not produced by make_noisy.py")
    return errors


# ----------------------------------------------------------------------------- report


def bead_kind(bead: Bead) -> str:
    s, t = len(bead[0]), len(bead[1])
    if not s or not t:
        return "null"
    return "1-1" if s == t == 1 else "n-m"


def report(docs: list[str]) -> str:
    rows = ["doc                  paras  en  fr  vi  th"]
    totals = Counter()
    for doc in docs:
        n = sentence_counts(doc)
        paras = len(read_segmented(DATA / "segmented" / f"{doc}.en.txt"))
        totals.update(n)
        rows.append(f"{doc:<20}{paras:>6}" + "".join(f"{n[lang]:>4}" for lang in LANGS))
    rows.append(f"{'total':<20}{'':>6}" + "".join(f"{totals[lang]:>4}" for lang in LANGS))
    rows.append("")
    rows.append("pair    docs  beads   1-1   n-m  null   noisy variants (beads)")
    for pair in REQUIRED_PAIRS:
        kinds = Counter()
        for doc in docs:
            kinds.update(bead_kind(b) for b in read_ladder(DATA / "gold" / f"{doc}.{pair}.ladder"))
        noisy = sorted((DATA / "noisy").glob(f"*.{pair}.*.ladder"))
        noisy_beads = sum(len(read_ladder(p)) for p in noisy)
        rows.append(
            f"{pair:<8}{len(docs):>4}{sum(kinds.values()):>7}{kinds['1-1']:>6}{kinds['n-m']:>6}"
            f"{kinds['null']:>6}   {len(noisy):>4} ({noisy_beads})"
        )
    return "\n".join(rows)


def run_all() -> tuple[list[str], list[str]]:
    """(documents, errors) over the whole data set."""
    docs = documents()
    errors: list[str] = []
    for doc in docs:
        errors += check_document(doc)
        errors += check_gold(doc)
    for ladder in sorted((DATA / "noisy").glob("*.ladder")):
        stem = ladder.with_name(ladder.name[: -len(".ladder")])
        errors += check_noisy_variant(stem, docs)
    errors += check_up_to_date()
    return docs, errors


def main() -> int:
    docs, errors = run_all()
    print(report(docs))
    print()
    for error in errors:
        print(f"error: {error}")
    n_noisy = len(list((DATA / "noisy").glob("*.ladder")))
    print(
        f"{len(docs)} documents, {n_noisy} noisy variants: "
        + ("OK" if not errors else f"{len(errors)} problems")
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
