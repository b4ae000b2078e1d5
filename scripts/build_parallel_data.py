#!/usr/bin/env python3
"""Build the hand-written parallel dev set from its annotated source files.

Each document is written once, in ``tests/data/parallel/source/<doc_id>.txt``, as a sequence of
*atoms*: the smallest pieces of meaning that every translation keeps in the same order. Each
language gives its own wording of each atom and says whether that wording starts a new sentence or
continues the previous one. Because sentence boundaries are marked on a shared atom grid, the
minimal gold alignment of any language pair follows mechanically (a bead is a connected group of
sentences that share atoms), so the six pairwise ladders can never contradict each other.

Source format (UTF-8, one directive per line)::

    # comment                  ignored
    doc: news_football         the document id (must match the file name)
    ==                         paragraph break in every language
    (blank line)               ends the current atom
    en: Text.                  this atom starts a new sentence in English
    fr: + suite.               continues the previous French sentence (joined by one space)
    th: +                      this atom's content is already inside the previous Thai sentence
    vi: -                      the Vietnamese translation leaves this atom out (no line = same)
    th: ¶ Text                 starts a new sentence *and* a new paragraph, in Thai only

Outputs (all derived, all committed)::

    docs/<doc>.<lang>.txt          one paragraph per line (the raw article)
    segmented/<doc>.<lang>.txt     one sentence per line, a blank line between paragraphs
    gold/<doc>.<src>-<tgt>.ladder  Vecalign ladder over the segmented sentences

    python scripts/build_parallel_data.py           # rebuild every document
    python scripts/build_parallel_data.py --check   # fail if a committed file is out of date
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "parallel"
LANGS = ("en", "fr", "vi", "th")
#: the language pairs that get a gold ladder, as (source, target)
PAIRS = (("en", "fr"), ("en", "th"), ("fr", "th"), ("en", "vi"), ("vi", "fr"), ("vi", "th"))


class SourceError(ValueError):
    """A malformed source file, with file and line."""


@dataclass
class LangDoc:
    """One language of a document while it is being assembled."""

    paragraphs: list[list[str]] = field(default_factory=lambda: [[]])
    atom_sentence: dict[int, int] = field(default_factory=dict)  # atom -> global sentence id
    n_sentences: int = 0
    pending_break: bool = False

    def start(self, text: str, new_paragraph: bool) -> None:
        if (new_paragraph or self.pending_break) and self.paragraphs[-1]:
            self.paragraphs.append([])
        self.pending_break = False
        self.paragraphs[-1].append(text)
        self.n_sentences += 1

    def extend(self, text: str) -> None:
        self.paragraphs[-1][-1] += " " + text


@dataclass
class Document:
    doc_id: str
    langs: dict[str, LangDoc]
    n_atoms: int


def parse_source(path: Path) -> Document:
    """Read one annotated source file into per-language paragraphs and an atom grid."""
    doc_id = ""
    langs = {lang: LangDoc() for lang in LANGS}
    atom = 0
    atom_has_text = False
    seen_in_atom: set[str] = set()

    def where(lineno: int) -> str:
        return f"{path}:{lineno}"

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("#"):
            continue
        if not line.strip():
            if atom_has_text:
                atom += 1
                atom_has_text = False
                seen_in_atom = set()
            continue
        if line.startswith("doc:"):
            doc_id = line[4:].strip()
            continue
        if line == "==":
            if atom_has_text:
                atom += 1
                atom_has_text = False
                seen_in_atom = set()
            for lang_doc in langs.values():
                lang_doc.pending_break = True
            continue
        lang, sep, value = line.partition(":")
        if not sep or lang not in langs:
            raise SourceError(f"{where(lineno)}: expected 'LANG: text', got {line!r}")
        if lang in seen_in_atom:
            raise SourceError(f"{where(lineno)}: second {lang!r} line in one atom")
        seen_in_atom.add(lang)
        atom_has_text = True
        value = value.strip()
        lang_doc = langs[lang]
        if value == "-":
            continue
        if value.startswith("+"):
            if lang_doc.n_sentences == 0 or lang_doc.pending_break:
                raise SourceError(f"{where(lineno)}: '+' with no sentence to continue")
            rest = value[1:].strip()
            if rest:
                lang_doc.extend(rest)
            lang_doc.atom_sentence[atom] = lang_doc.n_sentences - 1
            continue
        new_paragraph = value.startswith("¶")
        text = value[1:].strip() if new_paragraph else value
        if not text or "  " in text or "\t" in text:
            raise SourceError(f"{where(lineno)}: empty text or odd whitespace in {value!r}")
        lang_doc.start(text, new_paragraph)
        lang_doc.atom_sentence[atom] = lang_doc.n_sentences - 1
    if not doc_id:
        raise SourceError(f"{path}: no 'doc:' line")
    if doc_id != path.stem:
        raise SourceError(f"{path}: doc id {doc_id!r} does not match the file name")
    n_atoms = atom + (1 if atom_has_text else 0)
    for lang, lang_doc in langs.items():
        if lang_doc.n_sentences == 0:
            raise SourceError(f"{path}: no {lang} text")
    return Document(doc_id, langs, n_atoms)


def ladder(doc: Document, src: str, tgt: str) -> list[tuple[list[int], list[int]]]:
    """Minimal gold beads of a pair: connected components of 'shares an atom', in order.

    A sentence with no atom in common with the other side becomes a null bead. Beads are ordered
    by their first atom; the result is checked to be monotone on both sides.
    """
    s_of, t_of = doc.langs[src].atom_sentence, doc.langs[tgt].atom_sentence
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_atom: dict[tuple[str, int], int] = {}
    for a in range(doc.n_atoms):
        nodes = [n for n in (("s", s_of.get(a)), ("t", t_of.get(a))) if n[1] is not None]
        for n in nodes:
            first_atom.setdefault(n, a)  # type: ignore[arg-type]
            find(n)  # type: ignore[arg-type]
        if len(nodes) == 2:
            parent[find(nodes[0])] = find(nodes[1])  # type: ignore[arg-type]
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for n in parent:
        groups.setdefault(find(n), []).append(n)
    beads = []
    for members in groups.values():
        start = min(first_atom[m] for m in members)
        s_ids = sorted(i for side, i in members if side == "s")
        t_ids = sorted(i for side, i in members if side == "t")
        beads.append((start, s_ids, t_ids))
    beads.sort(key=lambda b: (b[0], b[1][:1] or [-1], b[2][:1] or [-1]))
    out = [(s, t) for _, s, t in beads]
    check_ladder(
        out, doc.langs[src].n_sentences, doc.langs[tgt].n_sentences, f"{doc.doc_id} {src}-{tgt}"
    )
    return out


def check_ladder(
    beads: list[tuple[list[int], list[int]]], n_src: int, n_tgt: int, name: str
) -> None:
    """Every sentence once, consecutive ids inside a bead, monotone on both sides."""
    for side, n in ((0, n_src), (1, n_tgt)):
        ids = [i for bead in beads for i in bead[side]]
        if ids != list(range(n)):
            raise SourceError(f"{name}: side {side} ids are not 0..{n - 1} in order: {ids}")
    for s, t in beads:
        if not s and not t:
            raise SourceError(f"{name}: empty bead")


def format_ladder(beads: list[tuple[list[int], list[int]]]) -> str:
    return "".join(f"{s}:{t}\n" for s, t in beads)


def render(doc: Document) -> dict[Path, str]:
    """Every derived file of one document, path -> exact content."""
    out: dict[Path, str] = {}
    for lang, lang_doc in doc.langs.items():
        paragraphs = [p for p in lang_doc.paragraphs if p]
        out[DATA / "docs" / f"{doc.doc_id}.{lang}.txt"] = "".join(
            " ".join(p) + "\n" for p in paragraphs
        )
        out[DATA / "segmented" / f"{doc.doc_id}.{lang}.txt"] = "\n".join(
            "".join(s + "\n" for s in p) for p in paragraphs
        )
    for src, tgt in PAIRS:
        out[DATA / "gold" / f"{doc.doc_id}.{src}-{tgt}.ladder"] = format_ladder(
            ladder(doc, src, tgt)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    args = parser.parse_args(argv)
    stale = 0
    for path in sorted((DATA / "source").glob("*.txt")):
        try:
            files = render(parse_source(path))
        except SourceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for target, content in files.items():
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current == content:
                continue
            stale += 1
            if args.check:
                print(f"out of date: {target.relative_to(ROOT)}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
                print(f"wrote {target.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
