"""TEMPORARY STUB (to be replaced by the segmentation work): naive line/punctuation splitter."""

from __future__ import annotations

import regex

from parallelcorpus.types import Sentence

_SPLIT = regex.compile(r"[^\n]*?(?:[.!?](?=\s)|\n|$)")


def segment_text(text: str, lang: str, *, clean: bool = False, mode: str = "sentences") -> list[Sentence]:
    out = []
    for m in regex.finditer(r"\S[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)", text):
        s = m.group(0).strip()
        if s:
            out.append(Sentence(" ".join(s.split()), m.start(), m.start() + len(m.group(0).rstrip())))
    return out


def register(lang, segmenter, *, replace=False):  # noqa: ANN001
    raise NotImplementedError
