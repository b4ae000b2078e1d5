"""Plain data that flows between pipeline stages.

Every stage consumes and returns these small frozen dataclasses, so a stage never reaches back
into an earlier one, and provenance (character offsets into the raw file) travels from ``clean``
all the way to ``dist/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """A kept block of content: ``text`` is ``raw[start:end]`` (furniture prefixes cut off)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Removed:
    """A span of page furniture that cleaning dropped, and the rule that dropped it (audits)."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Document:
    """A cleaned article: its raw text, the kept paragraphs (with offsets) and what was removed."""

    raw: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removed, ...] = ()
    lang: str | None = None
    path: str | None = None

    @property
    def text(self) -> str:
        """The cleaned text: kept paragraphs joined by blank lines (offsets are into ``raw``)."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)  # millions of them on long documents
class Sentence:
    """A sentence (or, in candidate mode, a sentence piece).

    ``text`` is the whitespace-normalised source text of ``input[start:end]``; offsets point into
    the string that was segmented (the raw file when it came from a :class:`Document`).
    ``paragraph`` is the index of the paragraph it belongs to (0 when unknown).
    """

    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)  # millions of them on long documents
class Anchor:
    """Something that survives translation: a name, number or date.

    Two anchors in different languages refer to the same thing exactly when their ``key`` is
    equal. ``weight`` says how much evidence a match is (a small number word is weak evidence).
    """

    kind: str
    key: str
    start: int
    end: int
    text: str = ""
    weight: float = 1.0


@dataclass(frozen=True, slots=True)  # millions of them on long documents
class Bead:
    """One rung of the alignment ladder: source ids, target ids (either may be empty), score."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def kind(self) -> str:
        """Bead type such as ``1-1``, ``2-1`` or ``0-1``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        return not self.src or not self.tgt

    @property
    def evidence(self) -> float:
        """Agreement of the bead's independent evidence (anchors, cognates, length) in [0, 1]:
        whether the two sides are a pair at all. ``score`` is the bead's posterior probability
        (whether it is cut right); aligners that give no evidence measure give ``score``."""
        return float(self.info.get("evidence", self.score))


@dataclass(frozen=True)
class Alignment:
    """The beads that cover both documents exactly once, in order, and a document-level score.

    ``doc_score`` in [0, 1] says whether the two texts are translations of each other at all.
    ``src_sentences``/``tgt_sentences`` are the units the bead ids index (after Thai candidates
    have been merged, when the aligner merged them).
    """

    beads: list[Bead]
    src_sentences: list[Sentence] = field(default_factory=list)
    tgt_sentences: list[Sentence] = field(default_factory=list)
    src_lang: str = ""
    tgt_lang: str = ""
    doc_score: float = 0.0
    info: dict[str, Any] = field(default_factory=dict, compare=False)
