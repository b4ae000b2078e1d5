"""Alignment -> text lines: Vecalign ladder, JSON lines, or TSV (the formats of the contract)."""

from __future__ import annotations

import json
from collections.abc import Callable

from parallelcorpus.errors import InputError
from parallelcorpus.types import Alignment, Bead


def _join(alignment: Alignment, ids: tuple[int, ...], source: bool) -> str | None:
    if not ids:
        return None
    sentences = alignment.src_sentences if source else alignment.tgt_sentences
    return " ".join(sentences[i].text for i in ids)


def ladder_line(bead: Bead) -> str:
    """``[0]:[0, 1]:0.912`` (Vecalign's format plus the confidence)."""
    return f"{list(bead.src)}:{list(bead.tgt)}:{bead.score:.3f}"


def format_ladder(alignment: Alignment) -> list[str]:
    return [ladder_line(b) for b in alignment.beads]


def format_jsonl(alignment: Alignment) -> list[str]:
    """One object per bead: texts (null for an empty side), ids, score (the bead's posterior
    probability), evidence (its independent evidence, for aligned beads), type, offsets,
    anchors."""
    lines = []
    for bead in alignment.beads:
        obj: dict[str, object] = {
            "src": _join(alignment, bead.src, True),
            "tgt": _join(alignment, bead.tgt, False),
            "src_ids": list(bead.src),
            "tgt_ids": list(bead.tgt),
            "score": round(float(bead.score), 4),
            "type": bead.kind,
        }
        if "evidence" in bead.info:
            obj["evidence"] = round(float(bead.info["evidence"]), 4)
        if bead.src and alignment.src_sentences:
            obj["src_offsets"] = [
                alignment.src_sentences[bead.src[0]].start,
                alignment.src_sentences[bead.src[-1]].end,
            ]
        if bead.tgt and alignment.tgt_sentences:
            obj["tgt_offsets"] = [
                alignment.tgt_sentences[bead.tgt[0]].start,
                alignment.tgt_sentences[bead.tgt[-1]].end,
            ]
        if bead.info.get("anchors"):
            obj["anchors"] = list(bead.info["anchors"])
        lines.append(json.dumps(obj, ensure_ascii=False))
    return lines


def format_tsv(alignment: Alignment) -> list[str]:
    """Aligned beads only: ``src<TAB>tgt<TAB>score`` (tabs/newlines inside text become spaces)."""
    lines = []
    for bead in alignment.beads:
        if bead.is_null:
            continue
        src = " ".join((_join(alignment, bead.src, True) or "").split())
        tgt = " ".join((_join(alignment, bead.tgt, False) or "").split())
        lines.append(f"{src}\t{tgt}\t{bead.score:.3f}")
    return lines


FORMATS: dict[str, Callable[[Alignment], list[str]]] = {
    "ladder": format_ladder,
    "jsonl": format_jsonl,
    "tsv": format_tsv,
}


def format_alignment(alignment: Alignment, fmt: str = "ladder") -> list[str]:
    """Lines of ``alignment`` in ``fmt`` (``ladder``, ``jsonl`` or ``tsv``)."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise InputError(
            f"unknown alignment format {fmt!r}; expected one of {', '.join(FORMATS)}"
        ) from None
    return formatter(alignment)
