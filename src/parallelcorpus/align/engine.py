"""The two-pass aligner: features -> first pass -> learned lexicon -> second pass -> beads."""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from parallelcorpus.align.costs import BeadScorer, CostWeights, LengthModel, Side, vectorise
from parallelcorpus.align.dp import Band, band_cells, full_band, make_band, run_dp
from parallelcorpus.align.lexicon import cognate_keys, learn_dictionary, tokenize
from parallelcorpus.types import Alignment, Bead, Sentence

#: Above this many DP cells the programme runs in a band instead of the full grid.
MAX_FULL_CELLS = 1_500_000
#: Half-width (in sentences) of the band around the anchor chain / the first-pass path.
BAND_FIRST = 40
BAND_SECOND = 12

#: Gale & Church (1993) bead priors, used by ``method="length"``: -log P(bead type).
GALE_CHURCH_PRIOR = {
    (1, 1): -math.log(0.89),
    (1, 0): -math.log(0.0099 / 2),
    (0, 1): -math.log(0.0099 / 2),
    (2, 1): -math.log(0.089 / 2),
    (1, 2): -math.log(0.089 / 2),
    (2, 2): -math.log(0.011),
}

#: Confidence below which a bead is not trusted to teach the lexicon.
TEACH_CONFIDENCE = 0.5


def as_sentences(items: Sequence[str | Sentence]) -> list[Sentence]:
    """Sentences as given; plain strings get offsets into their newline-joined text."""
    out: list[Sentence] = []
    pos = 0
    for item in items:
        if isinstance(item, Sentence):
            out.append(item)
            continue
        text = " ".join(str(item).split())
        out.append(Sentence(text, pos, pos + len(str(item)), 0))
        pos += len(str(item)) + 1
    return out


#: Largest bead side over whole sentences, and over sentence pieces (Thai candidates: a news
#: sentence is often cut into six or more pieces at its spaces).
MAX_SENTENCES = 4
MAX_PIECES = 8


def bead_types_for(src_pieces: bool = False, tgt_pieces: bool = False) -> list[tuple[int, int]]:
    """Bead shapes searched: null beads; up to 4-1/1-4 over sentences (a + b <= 5); up to 8
    pieces against 1-2 sentences where a side holds sentence pieces."""
    types = [(0, 1), (1, 0)]
    max_src = MAX_PIECES if src_pieces else MAX_SENTENCES
    max_tgt = MAX_PIECES if tgt_pieces else MAX_SENTENCES
    for a in range(1, max_src + 1):
        for b in range(1, max_tgt + 1):
            whole = a + b <= MAX_SENTENCES + 1
            pieces = (src_pieces and b <= 2) or (tgt_pieces and a <= 2)
            if whole or pieces:
                types.append((a, b))
    return types


def _side(
    sentences: list[Sentence], lang: str, with_features: bool, anchor_boost: float = 1.0
) -> tuple[Side, list[list[str]]]:
    lengths = np.array([max(1, len("".join(s.text.split()))) for s in sentences], dtype=np.float64)
    paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
    if not with_features:
        return Side(lengths, paragraphs, [{} for _ in sentences]), [[] for _ in sentences]
    from parallelcorpus.anchors import extract_anchors

    tokens = [tokenize(s.text, lang) for s in sentences]
    features: list[dict[str, float]] = []
    for sent, toks in zip(sentences, tokens, strict=True):
        feats: dict[str, float] = {}
        try:
            anchors = extract_anchors(sent.text, lang)
        except Exception:  # an anchor bug must never stop alignment  # noqa: BLE001
            anchors = []
        for anchor in anchors:
            key = "a:" + str(anchor.key)
            weight = anchor_boost * float(getattr(anchor, "weight", 1.0) or 1.0)
            feats[key] = max(feats.get(key, 0.0), weight)
        for key in cognate_keys(toks):
            feats.setdefault(key, 1.0)
        features.append(feats)
    return Side(lengths, paragraphs, features), tokens


def _with_lexicon(side: Side, tokens: list[list[str]], table: dict[str, set[str]], *, source: bool) -> Side:
    feats = []
    for base, toks in zip(side.features, tokens, strict=True):
        extra = dict(base)
        for tok in set(toks):
            for other in table.get(tok, ()):
                extra["l:" + (tok + "\x1f" + other if source else other + "\x1f" + tok)] = 1.0
        feats.append(extra)
    return Side(side.lengths, side.paragraphs, feats, side.groups)


def _anchor_chain(src: Side, tgt: Side) -> list[tuple[int, int]]:
    """Monotone chain of sentence pairs that share a feature found once in each document."""
    where_src: dict[str, list[int]] = {}
    for i, feats in enumerate(src.features):
        for k in feats:
            where_src.setdefault(k, []).append(i)
    where_tgt: dict[str, list[int]] = {}
    for j, feats in enumerate(tgt.features):
        for k in feats:
            where_tgt.setdefault(k, []).append(j)
    pairs = sorted(
        {(v[0], where_tgt[k][0]) for k, v in where_src.items() if len(v) == 1 and len(where_tgt.get(k, ())) == 1}
    )
    # longest strictly increasing chain (patience sorting), ties on i broken by reversed j
    pairs.sort(key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    parent = [-1] * len(pairs)
    for idx, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(idx)
        else:
            tails[pos] = j
            tail_idx[pos] = idx
        parent[idx] = tail_idx[pos - 1] if pos > 0 else -1
    chain: list[tuple[int, int]] = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(pairs[k])
        k = parent[k]
    return chain[::-1]


def _unit_lengths(side: Side, groups: Sequence[int] | None) -> np.ndarray | None:
    """For pieces: the length of the sentence (group of pieces) each piece belongs to."""
    if groups is None or len(groups) != side.n:
        return None
    ids = np.asarray(groups, dtype=np.int64)
    totals = np.bincount(ids - ids.min(), weights=side.lengths) if side.n else np.zeros(0)
    return totals[ids - ids.min()] if side.n else side.lengths


def _band_around(points: list[tuple[int, int]], n: int, m: int, width: int) -> Band:
    """Band of half-width ``width`` around the piecewise-linear path through ``points``."""
    pts = sorted({(0, 0), (n, m), *points})
    xs = np.array([p[0] for p in pts], dtype=np.float64)
    ys = np.array([p[1] for p in pts], dtype=np.float64)
    centre = np.interp(np.arange(n + 1), xs, ys)
    return make_band(np.floor(centre - width), np.ceil(centre + width), m)


def _band_around_path(beads: list[tuple[int, int, int, int]], n: int, m: int, width: int) -> Band:
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in beads:
        for i in range(i0, i1 + 1):
            lo[i] = min(lo[i], j0)
            hi[i] = max(hi[i], j1)
    return make_band(lo - width, hi + width, m)


def _choose_band(n: int, m: int, limit: int, make: Any) -> Band:
    if (n + 1) * (m + 1) <= limit:
        return full_band(n, m)
    return make()


def _run(scorer: BeadScorer, band: Band, types: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    rows, cols = band_cells(band)
    costs = scorer.costs(band, types, rows, cols)
    return run_dp(band, types, costs)


def confidence(cos: float, length_prob: float, known: bool) -> float:
    """Bead confidence in [0, 1]: lexical/anchor similarity first, length agreement second.

    Length alone never makes a bead confident (two unrelated texts can have equal lengths).
    """
    if not known:
        return round(0.35 * length_prob, 4)
    lexical = min(1.0, cos / 0.45)
    return round(max(0.0, min(1.0, 0.75 * lexical + 0.25 * length_prob)), 4)


def align_sentence_lists(
    src_sents: Sequence[str | Sentence],
    tgt_sents: Sequence[str | Sentence],
    src_lang: str,
    tgt_lang: str,
    *,
    method: str = "full",
    weights: CostWeights | None = None,
    src_candidates: bool = False,
    tgt_candidates: bool = False,
    lexicon: bool = True,
    max_full_cells: int = MAX_FULL_CELLS,
    src_groups: Sequence[int] | None = None,
    tgt_groups: Sequence[int] | None = None,
    **_: Any,
) -> Alignment:
    """See :func:`parallelcorpus.align.align_sentences`."""
    src = as_sentences(src_sents)
    tgt = as_sentences(tgt_sents)
    n, m = len(src), len(tgt)
    result = Alignment([], src, tgt, src_lang, tgt_lang, 0.0, {"method": method})
    if n == 0 or m == 0:
        beads = [Bead((i,), (), 0.0, {"type": "1-0"}) for i in range(n)]
        beads += [Bead((), (j,), 0.0, {"type": "0-1"}) for j in range(m)]
        return replace(result, beads=beads)

    if method == "length":
        return _gale_church(src, tgt, result, max_full_cells)
    if method != "full":
        from parallelcorpus.errors import InputError

        raise InputError(f"unknown alignment method {method!r}; expected 'full' or 'length'")

    w = weights or CostWeights()
    src_side, src_tokens = _side(src, src_lang, True, w.anchor_boost)
    tgt_side, tgt_tokens = _side(tgt, tgt_lang, True, w.anchor_boost)
    types = bead_types_for(src_candidates, tgt_candidates)
    if src_groups is not None and len(src_groups) == n:
        src_side.groups = np.asarray(src_groups, dtype=np.int64)
    if tgt_groups is not None and len(tgt_groups) == m:
        tgt_side.groups = np.asarray(tgt_groups, dtype=np.int64)
    chain = _anchor_chain(src_side, tgt_side)
    length = LengthModel.from_pairs(
        src_side, tgt_side, chain, _unit_lengths(src_side, src_groups), _unit_lengths(tgt_side, tgt_groups)
    )

    # ---- pass 1: anchors + cognates + length
    xs, ys = vectorise(src_side, tgt_side)
    scorer = BeadScorer(src_side, tgt_side, xs, ys, length, w, src_candidates, tgt_candidates)
    band = _choose_band(
        n, m, max_full_cells, lambda: _band_around(chain, n, m, BAND_FIRST)
    )
    path = _run(scorer, band, types)

    # ---- learn from the confident beads, then pass 2
    teach, one_to_one = [], []
    for i0, i1, j0, j1 in path:
        if i1 == i0 or j1 == j0:
            continue
        conf = confidence(*scorer.bead_evidence(i0, i1, j0, j1))
        if conf >= TEACH_CONFIDENCE:
            teach.append(([t for k in range(i0, i1) for t in src_tokens[k]], [t for k in range(j0, j1) for t in tgt_tokens[k]]))
            if (i1 - i0 == 1 or src_candidates) and (j1 - j0 == 1 or tgt_candidates):
                one_to_one.append(
                    (float(src_side.lengths[i0:i1].sum()), float(tgt_side.lengths[j0:j1].sum()))
                )
    length = LengthModel.from_beads(one_to_one, length)
    if lexicon and len(teach) >= 5:
        table = learn_dictionary(teach)
        src_side = _with_lexicon(src_side, src_tokens, table, source=True)
        inverse: dict[str, set[str]] = {}
        for s, ts in table.items():
            for t in ts:
                inverse.setdefault(t, set()).add(s)
        tgt_side = _with_lexicon(tgt_side, tgt_tokens, inverse, source=False)
        result.info["lexicon_size"] = sum(len(v) for v in table.values())
        xs, ys = vectorise(src_side, tgt_side)
    scorer = BeadScorer(src_side, tgt_side, xs, ys, length, w, src_candidates, tgt_candidates)
    band = _choose_band(n, m, max_full_cells, lambda: _band_around_path(path, n, m, BAND_SECOND))
    path = _run(scorer, band, types)

    beads = _finish(path, scorer, src_side, tgt_side, w)
    result.info.update({"length_ratio": length.ratio, "length_variance": length.variance})
    doc_score = document_score(beads, src_side.lengths, tgt_side.lengths)
    return replace(result, beads=beads, doc_score=doc_score)


def _finish(
    path: list[tuple[int, int, int, int]], scorer: BeadScorer, src: Side, tgt: Side, w: CostWeights
) -> list[Bead]:
    """Beads with confidence and provenance; weakly supported pairs become null beads."""
    beads: list[Bead] = []
    for i0, i1, j0, j1 in path:
        src_ids, tgt_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        if not src_ids or not tgt_ids:
            beads.append(Bead(src_ids, tgt_ids, 0.0, {"type": f"{len(src_ids)}-{len(tgt_ids)}"}))
            continue
        cos, lp, known = scorer.bead_evidence(i0, i1, j0, j1)
        conf = confidence(cos, lp, known)
        shared = set().union(*(src.features[i] for i in src_ids)) & set().union(*(tgt.features[j] for j in tgt_ids))
        anchors = sorted(k[2:] for k in shared if k.startswith("a:"))
        info = {"type": f"{len(src_ids)}-{len(tgt_ids)}", "anchors": anchors, "similarity": round(cos, 4)}
        beads.append(Bead(src_ids, tgt_ids, conf, info))
    return beads


def document_score(beads: list[Bead], src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> float:
    """Whether two documents are translations: the confidence-weighted share of the shorter
    document's text that sits in non-null beads (an abridged translation still scores high)."""
    total_s, total_t = float(src_lengths.sum()), float(tgt_lengths.sum())
    if total_s <= 0 or total_t <= 0:
        return 0.0
    cover_s = sum(bead.score * float(src_lengths[list(bead.src)].sum()) for bead in beads if not bead.is_null)
    cover_t = sum(bead.score * float(tgt_lengths[list(bead.tgt)].sum()) for bead in beads if not bead.is_null)
    return round(max(0.0, min(1.0, max(cover_s / total_s, cover_t / total_t))), 4)


def _gale_church(src: list[Sentence], tgt: list[Sentence], result: Alignment, limit: int) -> Alignment:
    """The length-only baseline (Gale & Church 1993), same DP, its published priors."""
    src_side, _ = _side(src, result.src_lang, False)
    tgt_side, _ = _side(tgt, result.tgt_lang, False)
    n, m = len(src), len(tgt)
    length = LengthModel.from_totals(src_side, tgt_side)
    length = replace(length, variance=6.8 * length.ratio)
    types = list(GALE_CHURCH_PRIOR)
    zeros_s = np.zeros((n, 1), dtype=np.float32)
    zeros_t = np.zeros((m, 1), dtype=np.float32)
    w = CostWeights(w_lex=0.0, merge=0.0, skip=0.0, w_para=0.0)
    scorer = BeadScorer(src_side, tgt_side, zeros_s, zeros_t, length, w, False, False, priors=GALE_CHURCH_PRIOR)
    band = _choose_band(n, m, limit, lambda: _band_around([], n, m, max(BAND_FIRST, abs(n - m) + 10)))
    path = _run(scorer, band, types)
    beads = []
    for i0, i1, j0, j1 in path:
        s_ids, t_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        score = 0.0
        if s_ids and t_ids:
            _, lp, _ = scorer.bead_evidence(i0, i1, j0, j1)
            score = round(lp, 4)
        beads.append(Bead(s_ids, t_ids, score, {"type": f"{len(s_ids)}-{len(t_ids)}"}))
    return replace(result, beads=beads, doc_score=document_score(beads, src_side.lengths, tgt_side.lengths))
