"""Sentence alignment: anchors + length + a lexicon learned from the texts, in linear time.

Public entry points:

- :func:`align_sentences` aligns two lists of sentences (``pc.align``);
- :func:`align_raw_documents` cleans, segments and aligns two raw articles, merging Thai
  sentence candidates the alignment puts together (``pc.align_documents``).

How (see :mod:`parallelcorpus.align.costs` for the bead cost and a picture):

1. every sentence gets features that can match across languages: anchor keys (names, numbers,
   dates), cognate keys (diacritic-folded word prefixes) and, after the first pass, dictionary
   pairs learned from the documents themselves;
2. a first DP pass (full for short documents, in a band around an anchor chain for long ones)
   gives a first alignment; its confident beads re-estimate the length ratio/variance and teach
   the dictionary (Dice over co-occurring words, as hunalign does);
3. a second pass in a band around the first path gives the final beads; every bead gets a
   confidence in [0, 1]; weakly supported beads are split into 1-0/0-1 (no forced pairs).
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
    ``method="length"`` is the Gale-Church baseline. Options: ``weights`` (a
    :class:`~parallelcorpus.align.costs.CostWeights`), ``src_candidates``/``tgt_candidates``
    (that side holds sentence pieces that may be merged up to 4 at a time), ``lexicon``
    (default True), ``max_full_cells`` (above it the DP runs in a band).
    """
    from parallelcorpus.align.engine import align_sentence_lists

    return align_sentence_lists(src_sents, tgt_sents, src_lang, tgt_lang, method=method, **options)


def align_raw_documents(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, **options: Any
) -> Alignment:
    """Clean, segment and align two raw articles (Thai in candidate mode, merged by the beads)."""
    from parallelcorpus.align.documents import align_documents

    return align_documents(src_text, tgt_text, src_lang, tgt_lang, **options)
