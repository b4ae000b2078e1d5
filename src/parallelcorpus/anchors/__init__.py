"""TEMPORARY STUB (to be replaced by the anchors work): ASCII numbers only."""

from __future__ import annotations

import regex

from parallelcorpus.types import Anchor


def extract_anchors(text: str, lang: str) -> list[Anchor]:
    return [Anchor("number", m.group(0), m.start(), m.end(), m.group(0)) for m in regex.finditer(r"\d+", text)]


def anchor_similarity(a, b):  # noqa: ANN001
    ka, kb = {x.key for x in a}, {x.key for x in b}
    if not ka or not kb:
        return 0.0
    return len(ka & kb) / max(len(ka), len(kb))
