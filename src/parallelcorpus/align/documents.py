"""Raw articles end to end: clean -> segment -> align -> merge Thai sentence candidates.

Thai marks no sentence ends, so the Thai side is segmented into *candidates* (every space that
may end a sentence) and the other language decides: candidates that fall into one bead become
one sentence. Candidates left unaligned are merged back wherever the Thai sentence segmenter
would not have split them, so an untranslated Thai passage still comes out as sentences.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from parallelcorpus.types import Alignment, Bead, Document, Sentence

#: Languages whose sentence boundaries are left to the alignment (segmented as candidates).
CANDIDATE_LANGS = frozenset({"th"})


#: Furniture that the cleaner cuts off the end of a photo caption's line.
CAPTION_MARKS = frozenset({"photo-credit", "separator"})


def caption_paragraphs(doc: Document) -> frozenset[int]:
    """Indices of the paragraphs that the cleaner found a photo credit or a lone "|" right
    after, on the same line: photo captions, which the aligner pairs only with captions."""
    ends = {p.end: k for k, p in enumerate(doc.paragraphs)}
    found = set()
    for removed in doc.removed:
        if removed.reason not in CAPTION_MARKS:
            continue
        end = removed.start
        while end > 0 and doc.raw[end - 1] in " \t\u00a0":
            end -= 1
        k = ends.get(end)
        if k is not None:
            found.add(k)
    return frozenset(found)


def _segment(raw: str, lang: str) -> tuple[list[Sentence], set[int] | None, frozenset[int]]:
    """Sentences (candidates for Thai) with offsets into ``raw``; for candidate languages also
    the start offsets of the sentence-mode sentences; the paragraphs that are photo captions."""
    from parallelcorpus.clean import clean_text
    from parallelcorpus.segment import segment_document

    doc = clean_text(raw, lang)
    captions = caption_paragraphs(doc)
    if lang in CANDIDATE_LANGS:
        candidates = segment_document(doc, lang, "candidates")
        starts = {s.start for s in segment_document(doc, lang, "sentences")}
        return candidates, starts, captions
    return segment_document(doc, lang, "sentences"), None, captions


def _merged(raw: str, pieces: list[Sentence]) -> Sentence:
    if len(pieces) == 1:
        return pieces[0]
    start, end = pieces[0].start, pieces[-1].end
    return Sentence(" ".join(raw[start:end].split()), start, end, pieces[0].paragraph)


def merge_candidates(
    alignment: Alignment, raw: str, sentence_starts: set[int], *, source: bool
) -> Alignment:
    """Merge the candidates of one side that share a bead (and unaligned runs that sentence
    mode keeps together) into sentences, and renumber every bead of that side."""
    old = alignment.src_sentences if source else alignment.tgt_sentences

    def ids(bead: Bead) -> tuple[int, ...]:
        return bead.src if source else bead.tgt

    def other(bead: Bead) -> tuple[int, ...]:
        return bead.tgt if source else bead.src

    # group beads: a null bead of this side joins the previous one when sentence mode would not
    # have cut between them (same paragraph, no sentence start at the join)
    groups: list[list[Bead]] = []
    for bead in alignment.beads:
        mine = ids(bead)
        if groups and mine and not other(bead):
            prev = groups[-1]
            prev_ids = ids(prev[-1])
            if (
                prev_ids
                and not other(prev[-1])
                and prev_ids[-1] + 1 == mine[0]
                and old[mine[0]].paragraph == old[prev_ids[-1]].paragraph
                and old[mine[0]].start not in sentence_starts
            ):
                prev.append(bead)
                continue
        groups.append([bead])

    new_sentences: list[Sentence] = []
    new_beads: list[Bead] = []
    for group in groups:
        mine = tuple(i for b in group for i in ids(b))
        new_ids: tuple[int, ...] = ()
        if mine:
            new_sentences.append(_merged(raw, [old[i] for i in mine]))
            new_ids = (len(new_sentences) - 1,)
        first = group[0]
        info = dict(first.info)
        if len(mine) > 1:
            info["merged_candidates"] = len(mine)
        if source:
            new_beads.append(Bead(new_ids, first.tgt, first.score, info))
        else:
            new_beads.append(Bead(first.src, new_ids, first.score, info))
    if source:
        return replace(alignment, beads=new_beads, src_sentences=new_sentences)
    return replace(alignment, beads=new_beads, tgt_sentences=new_sentences)


def sentence_groups(pieces: list[Sentence], starts: set[int] | None) -> list[int] | None:
    """Index of the sentence-mode sentence each candidate piece belongs to."""
    if starts is None:
        return None
    groups, current = [], -1
    for k, piece in enumerate(pieces):
        if k == 0 or piece.start in starts or piece.paragraph != pieces[k - 1].paragraph:
            current += 1
        groups.append(current)
    return groups


def align_documents(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, **options: Any
) -> Alignment:
    """See :func:`parallelcorpus.align.align_raw_documents`."""
    from parallelcorpus.align.engine import align_sentence_lists

    src, src_starts, src_captions = _segment(src_text, src_lang)
    tgt, tgt_starts, tgt_captions = _segment(tgt_text, tgt_lang)
    options.setdefault("src_captions", src_captions)
    options.setdefault("tgt_captions", tgt_captions)
    alignment = align_sentence_lists(
        src,
        tgt,
        src_lang,
        tgt_lang,
        src_groups=sentence_groups(src, src_starts),
        tgt_groups=sentence_groups(tgt, tgt_starts),
        **options,
    )
    if src_starts is not None:
        alignment = merge_candidates(alignment, src_text, src_starts, source=True)
    if tgt_starts is not None:
        alignment = merge_candidates(alignment, tgt_text, tgt_starts, source=False)
    return alignment
