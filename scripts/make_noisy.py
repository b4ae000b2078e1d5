#!/usr/bin/env python3
"""Make noisy variants of the hand-written parallel dev set, with their transformed gold ladders.

Real comparable news pairs are rarely clean translations: an outlet drops sentences, a translator
fuses two sentences, an editor adds a paragraph of background, a short version keeps a third of
the story. Each variant applies one such edit (``mixed`` applies three) to one side of a clean
pair from ``tests/data/parallel/segmented`` and rewrites the gold ladder from
``tests/data/parallel/gold`` to match:

* ``deleted``  -- 10-30 % of one side's sentences are removed; their counterparts become null beads.
* ``merged``   -- about a fifth of one side's adjacent sentence pairs (inside a paragraph) are
  joined into one line; the beads of the two sentences become one bead.
* ``added``    -- a paragraph from another document (same language) is inserted at a paragraph
  break of one side; its sentences are null beads.
* ``abridged`` -- one side keeps about a third of its sentences, in whole gold beads (always the
  headline and the lead).
* ``mixed``    -- deletions on one side, then merges and an added paragraph on the other.

Output, one sentence per line (``--presplit`` input for the aligner), no blank lines::

    tests/data/parallel/noisy/<doc>.<src>-<tgt>.<variant>.src
    tests/data/parallel/noisy/<doc>.<src>-<tgt>.<variant>.tgt
    tests/data/parallel/noisy/<doc>.<src>-<tgt>.<variant>.ladder
    tests/data/parallel/noisy/MANIFEST.tsv      what was done to which side

Every random choice comes from ``random.Random("<doc>.<src>-<tgt>.<variant>")`` (string seeds are
hashed with SHA-512, so the output does not depend on PYTHONHASHSEED): running the script again
rewrites the committed files byte for byte.

    python scripts/make_noisy.py            # regenerate everything
    python scripts/make_noisy.py --check    # exit 1 if a committed file differs
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "parallel"
VARIANTS = ("deleted", "merged", "added", "abridged", "mixed")

Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Line:
    """One output sentence line: its text and the clean sentence ids it carries (() = added)."""

    text: str
    origin: tuple[int, ...]


Side = list[list[Line]]  # paragraphs of lines


# ----------------------------------------------------------------------------- reading


def read_segmented(path: Path) -> list[list[str]]:
    """Paragraphs of a gold segmentation file (one sentence per line, blank line between)."""
    paragraphs: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def parse_ladder(text: str) -> list[Bead]:
    """``[0]:[0, 1]`` lines (an optional ``:score`` is ignored) -> beads of id tuples."""
    beads = []
    for line in text.splitlines():
        if not line.strip():
            continue
        src, tgt = line.split("]:[", 1)
        tgt = tgt.split("]", 1)[0]
        ids = [
            tuple(int(x) for x in part.strip("[] ").split(",") if x.strip()) for part in (src, tgt)
        ]
        beads.append((ids[0], ids[1]))
    return beads


def format_ladder(beads: list[Bead]) -> str:
    return "".join(f"{list(s)}:{list(t)}\n" for s, t in beads)


def to_side(paragraphs: list[list[str]]) -> Side:
    ids = iter(range(10**9))
    return [[Line(text, (next(ids),)) for text in para] for para in paragraphs]


# ----------------------------------------------------------------------------- edits


def delete(side: Side, rng: random.Random, rate: float) -> tuple[Side, str]:
    lines = [line for para in side for line in para]
    k = max(1, round(rate * len(lines)))
    gone = set(rng.sample(range(len(lines)), k))
    kept = iter(i not in gone for i in range(len(lines)))
    out = [[line for line in para if next(kept)] for para in side]
    return [p for p in out if p], f"deleted {k} of {len(lines)} sentences"


def merge(side: Side, rng: random.Random, rate: float = 0.2) -> tuple[Side, str]:
    out: Side = []
    merged = 0
    for para in side:
        new: list[Line] = []
        i = 0
        while i < len(para):
            if i + 1 < len(para) and rng.random() < rate:
                a, b = para[i], para[i + 1]
                new.append(Line(f"{a.text} {b.text}", a.origin + b.origin))
                merged += 1
                i += 2
            else:
                new.append(para[i])
                i += 1
        out.append(new)
    if not merged:  # always make at least one merge, in the longest paragraph
        longest = max(range(len(out)), key=lambda j: len(out[j]))
        para = out[longest]
        if len(para) >= 2:
            j = rng.randrange(len(para) - 1)
            para[j : j + 2] = [
                Line(f"{para[j].text} {para[j + 1].text}", para[j].origin + para[j + 1].origin)
            ]
            merged = 1
    return out, f"merged {merged} adjacent pairs"


def add_paragraph(
    side: Side, rng: random.Random, donors: list[list[str]], donor_name: str
) -> tuple[Side, str]:
    paragraph = rng.choice(donors)
    at = rng.randrange(1, len(side)) if len(side) > 1 else 1
    out = [*side[:at], [Line(text, ()) for text in paragraph], *side[at:]]
    return (
        out,
        f"added a {len(paragraph)}-sentence paragraph from {donor_name} before paragraph {at}",
    )


def abridge(side: Side, rng: random.Random, beads: list[Bead], side_index: int) -> tuple[Side, str]:
    """Keep whole gold beads until about a third of the side is kept.

    Like a real short version, it always keeps the headline and the lead (the first two beads).
    """
    n = sum(len(p) for p in side)
    candidates = [b[side_index] for b in beads if b[side_index]]
    keep = {i for bead in candidates[:2] for i in bead}
    order = list(range(2, len(candidates)))
    rng.shuffle(order)
    for j in order:
        if len(keep) >= round(n / 3):
            break
        keep.update(candidates[j])
    out = [[line for line in para if line.origin[0] in keep] for para in side]
    return [p for p in out if p], f"abridged to {len(keep)} of {n} sentences"


# ----------------------------------------------------------------------------- ladder


def transform_ladder(beads: list[Bead], src: list[Line], tgt: list[Line]) -> list[Bead]:
    """The clean gold ladder re-expressed over the edited lines.

    Deleted sentences disappear from their beads (a bead left with one side becomes a null bead,
    an empty one vanishes); beads that now share a merged line are fused together with every bead
    between them, so the ladder stays monotone; added lines become null beads in place.
    """
    line_of = []
    for lines in (src, tgt):
        m = {}
        for i, line in enumerate(lines):
            for cid in line.origin:
                m[cid] = i
        line_of.append(m)
    mapped = []
    for s, t in beads:
        ms = sorted({line_of[0][i] for i in s if i in line_of[0]})
        mt = sorted({line_of[1][i] for i in t if i in line_of[1]})
        if ms and mt:
            mapped.append((ms, mt))
        else:  # a side lost: one null bead per remaining sentence, as in any gold ladder
            mapped += [([i], []) for i in ms] + [([], [i]) for i in mt]
    # fuse runs of beads whose line ranges overlap (a merged line shared by two beads)
    fused: list[tuple[list[int], list[int]]] = []
    for ms, mt in mapped:
        cut = len(fused)
        for j in range(len(fused) - 1, -1, -1):
            fs, ft = fused[j]
            if (ms and fs and ms[0] <= fs[-1]) or (mt and ft and mt[0] <= ft[-1]):
                cut = j
        group_s, group_t = list(ms), list(mt)
        for fs, ft in fused[cut:]:
            group_s += fs
            group_t += ft
        fused[cut:] = [(sorted(set(group_s)), sorted(set(group_t)))]
    # added lines: null beads before the first bead that holds a later line of that side
    out: list[Bead] = []
    added = [[i for i, line in enumerate(lines) if not line.origin] for lines in (src, tgt)]
    for s, t in fused:
        for side, ids in ((0, s), (1, t)):
            while ids and added[side] and added[side][0] < ids[0]:
                i = added[side].pop(0)
                out.append(((i,), ()) if side == 0 else ((), (i,)))
        out.append((tuple(s), tuple(t)))
    for side in (0, 1):
        for i in added[side]:
            out.append(((i,), ()) if side == 0 else ((), (i,)))
    check(out, len(src), len(tgt))
    return out


def check(beads: list[Bead], n_src: int, n_tgt: int) -> None:
    for side, n in ((0, n_src), (1, n_tgt)):
        ids = [i for bead in beads for i in bead[side]]
        if ids != list(range(n)):
            raise AssertionError(f"side {side} ids not 0..{n - 1} in order: {ids}")
    if any(not s and not t for s, t in beads):
        raise AssertionError("empty bead")


# ----------------------------------------------------------------------------- driver


def make_variant(
    doc: str, src_lang: str, tgt_lang: str, variant: str, docs: list[str]
) -> tuple[str, str, str, str]:
    """(src text, tgt text, ladder text, manifest note) of one noisy variant."""
    rng = random.Random(f"{doc}.{src_lang}-{tgt_lang}.{variant}")
    seg = DATA / "segmented"
    sides = [to_side(read_segmented(seg / f"{doc}.{lang}.txt")) for lang in (src_lang, tgt_lang)]
    beads = parse_ladder(
        (DATA / "gold" / f"{doc}.{src_lang}-{tgt_lang}.ladder").read_text(encoding="utf-8")
    )
    langs = (src_lang, tgt_lang)
    names = ("src", "tgt")

    def donors(lang: str) -> tuple[list[list[str]], str]:
        other = rng.choice([d for d in docs if d != doc])
        paras = [p for p in read_segmented(seg / f"{other}.{lang}.txt") if len(p) >= 2]
        return paras, other

    x = rng.randrange(2)  # the side that gets (the first) edit
    notes = []
    if variant == "deleted":
        sides[x], note = delete(sides[x], rng, rng.uniform(0.1, 0.3))
        notes.append(f"{names[x]}: {note}")
    elif variant == "merged":
        sides[x], note = merge(sides[x], rng)
        notes.append(f"{names[x]}: {note}")
    elif variant == "added":
        paras, other = donors(langs[x])
        sides[x], note = add_paragraph(sides[x], rng, paras, other)
        notes.append(f"{names[x]}: {note}")
    elif variant == "abridged":
        sides[x], note = abridge(sides[x], rng, beads, x)
        notes.append(f"{names[x]}: {note}")
    elif variant == "mixed":
        y = 1 - x
        sides[x], note = delete(sides[x], rng, rng.uniform(0.1, 0.2))
        notes.append(f"{names[x]}: {note}")
        sides[y], note = merge(sides[y], rng, 0.15)
        notes.append(f"{names[y]}: {note}")
        paras, other = donors(langs[y])
        sides[y], note = add_paragraph(sides[y], rng, paras, other)
        notes.append(f"{names[y]}: {note}")
    else:
        raise ValueError(f"unknown variant {variant!r}")
    src, tgt = ([line for para in side for line in para] for side in sides)
    ladder = transform_ladder(beads, src, tgt)
    return (
        "".join(line.text + "\n" for line in src),
        "".join(line.text + "\n" for line in tgt),
        format_ladder(ladder),
        "; ".join(notes),
    )


def all_outputs() -> dict[Path, str]:
    """Every noisy file, path -> exact content (nothing is written)."""
    out: dict[Path, str] = {}
    gold = sorted((DATA / "gold").glob("*.ladder"))
    docs = sorted({p.name.split(".")[0] for p in gold})
    manifest = ["doc\tpair\tvariant\tsrc_lines\ttgt_lines\tbeads\tedit\n"]
    for path in gold:
        doc, pair, _ = path.name.split(".")
        src_lang, tgt_lang = pair.split("-")
        for variant in VARIANTS:
            src, tgt, ladder, note = make_variant(doc, src_lang, tgt_lang, variant, docs)
            stem = DATA / "noisy" / f"{doc}.{pair}.{variant}"
            out[stem.with_name(stem.name + ".src")] = src
            out[stem.with_name(stem.name + ".tgt")] = tgt
            out[stem.with_name(stem.name + ".ladder")] = ladder
            manifest.append(
                f"{doc}\t{pair}\t{variant}\t{src.count(chr(10))}\t{tgt.count(chr(10))}"
                f"\t{ladder.count(chr(10))}\t{note}\n"
            )
    out[DATA / "noisy" / "MANIFEST.tsv"] = "".join(manifest)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only compare with the committed files"
    )
    args = parser.parse_args(argv)
    outputs = all_outputs()
    noisy = DATA / "noisy"
    stale = [
        p for p, text in outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    extra = [p for p in noisy.glob("*") if p not in outputs] if noisy.exists() else []
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}")
        for p in extra:
            print(f"not generated: {p.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    noisy.mkdir(parents=True, exist_ok=True)
    for p in extra:
        p.unlink()
    for p in stale:
        p.write_text(outputs[p], encoding="utf-8")
    print(
        f"{len(outputs)} files in {noisy.relative_to(ROOT)}"
        f" ({len(stale)} written, {len(extra)} removed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
