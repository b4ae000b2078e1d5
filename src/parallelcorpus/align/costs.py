"""Bead costs: how unlikely it is that a run of source sentences translates a run of target ones.

Every sentence carries *features* that can match across languages: anchor keys (names, numbers,
dates, from :mod:`parallelcorpus.anchors`), cognate keys (diacritic-folded 5-letter prefixes of
Latin-script words, numbers) and, in the second pass, pairs of a dictionary learned from the two
documents (:mod:`parallelcorpus.align.lexicon`). Features are IDF-weighted; only features found
in both documents count, plus the numbers, years and dates found in one only (:data:`LONE_KEYS`:
they mark a sentence that the other document left out).

For a bead of ``a`` source and ``b`` target sentences (both > 0)::

    cost = w_len * GC(a, b)                   Gale-Church -log P(|delta|) on character counts,
                                              ratio/variance estimated from this document pair
         + w_lex/2 * sum over the a+b sentences of miss(sentence)
                                              miss = 1 - share of the sentence's feature mass
                                              present on the other side of the bead (shrunk
                                              to a neutral value for sentences with little
                                              evidence, stretched when strong evidence such
                                              as a name or a number is missing)
         + merge * (a - 1 + b - 1)            real merges must earn their keep (Thai pieces
                                              merge cheaply: merge_candidate / merge_cross;
                                              times merge_crossing when both sides merge)
         + w_para * paragraph breaks crossed inside the bead
         + w_pos * distance from the diagonal   (position prior; off by default)
         + caption_pair                        when one side is a photo caption (the cleaner
                                              cut a credit after it) and the other running
                                              text: captions restate a nearby sentence, name
                                              and all, and would steal its bead

and a sentence left out (a ``1-0``/``0-1`` bead) costs ``skip``, lowered on the side that is
longer than a translation of the other would be (an abridged translation leaves most of the
original unaligned), and a little more there for captions and headings (lines alone in their
paragraph without end punctuation), which an abridged translation drops first. Because the
miss is counted per sentence, a sentence that has nothing to do with the other side costs as
much inside a bead as beside it, so merges never swallow it, and a true 1-2 bead beats the 1-1
bead that leaves half of the translation out.

The programme (``dp.py``) finds the cheapest monotone path of beads through the grid of end
points; each cell ``(i, j)`` is reached by a jump ``(a, b)`` from ``(i-a, j-b)``::

              t0    t1    t2    t3
          +-----+-----+-----+-----+
       s0 | 1-1 |     |     |     |      beads:  [s0]:[t0]      1-1
          +-----+-----+-----+-----+              [s1]:[t1 t2]   1-2
       s1 |     |    1-2    |     |              [s2]:[]        1-0 (no counterpart)
          +-----+-----+-----+-----+              [s3]:[t3]      1-1
       s2 |     |     | 1-0 |     |
          +-----+-----+-----+-----+      end points: (0,0) (1,1) (2,3) (3,3) (4,4)
       s3 |     |     |     | 1-1 |      only cells in a band are visited (around the
          +-----+-----+-----+-----+      chain of rare shared anchors, then around the
                                         first path): linear time and memory
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field

import numpy as np

from parallelcorpus.align.dp import Band


@dataclass(frozen=True)
class CostWeights:
    """The knobs of the bead cost (defaults tuned on Text+Berg dev and the FR-TH seed gold)."""

    w_len: float = 1.0
    w_lex: float = 5.0
    merge: float = 3.5
    skip: float = 6.0
    w_para: float = 4.0
    w_pos: float = 0.0
    neutral_cos: float = 0.15
    anchor_boost: float = 2.0
    merge_candidate: float = 0.4  # merging Thai sentence candidates is expected, nearly free
    similarity: str = "coverage"  # or "cosine" (of the summed vectors, as Vecalign)
    merge_cross: float = 3.0  # joining pieces across a boundary the segmenter saw
    merge_soft: float = 2.0  # merging sentences of a side whose segmentation is uncertain (Thai)
    cut: float = 0.0  # a bead edge inside a sentence the segmenter kept whole
    skip_adapt: float = 1.0  # how much an abridged side lowers its skip cost (see engine)
    evidence_scale: float = 6.0  # feature mass at which a sentence's coverage is half trusted
    against: float = 0.5  # extra cost of a sentence whose strong evidence is absent
    lexicon_rounds: int = 1  # learn the dictionary again from the new path, and realign
    min_confidence: float = 0.0  # in a translation, weaker beads become null (see drop_weak)
    w_emb: float = 3.0  # weight of sentence-embedding similarity (only with embeddings=True)
    max_contradiction: float = 0.8  # beads whose evidence says "not a translation" become null
    caption_skip: float = 0.75  # cheaper skip of a caption/heading line on an abridged side
    caption_pair: float = 2.0  # a credited photo caption paired with running text
    abridged_merge: float = 0.7  # merge cost factor on an abridged side (condensed sentences)
    abridged_variance: float = 1.5  # length variance floor there, times Gale-Church's
    #: merge cost factor of a bead that merges on both sides (2-2, 2-3, 3-3: a clause that
    #: crossed the sentence boundary): a little less than both merges paid in full, as in Gale
    #: and Church's priors, where 2-2 costs 1.9 times what 2-1 costs over 1-1 (that would be
    #: 0.95; 0.93 measured best on Text+Berg dev, in each of its quarters aligned alone)
    merge_crossing: float = 0.93


@dataclass
class Side:
    """What the cost needs about one document: lengths, paragraphs, feature vectors."""

    lengths: np.ndarray  # characters without spaces, float64, >= 1
    paragraphs: np.ndarray  # paragraph index per sentence
    features: list[dict[str, float]] = field(default_factory=list)
    #: for a side of sentence pieces: the sentence-mode sentence each piece belongs to
    groups: np.ndarray | None = None
    #: photo captions and headings: lines alone in their paragraph without end punctuation,
    #: and the ``credited`` ones
    captions: np.ndarray | None = None
    #: sentences of a photo caption the cleaner recognised by the credit after it
    credited: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.lengths)


def norm_cdf_tail(x: np.ndarray) -> np.ndarray:
    """``-log(2 * (1 - Phi(|x|)))`` (two-sided normal tail), vectorised, finite everywhere."""
    x = np.abs(x)
    # erfc(z) via Abramowitz-Stegun 7.1.26 for moderate z, asymptotic log-form for large z
    z = x / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.minimum(z * z - np.log(np.maximum(poly, 1e-300)), 50.0)


@dataclass(frozen=True)
class FeatureMatrix:
    """IDF-weighted feature rows, stored sparse (CSR: row starts, columns, values): a sentence
    has a dozen features out of thousands of columns, so every computation follows the number
    of features, and memory stays small however many features a long document pair shares."""

    starts: np.ndarray  # int64, n + 1
    cols: np.ndarray  # int64, sorted within a row, no duplicates
    vals: np.ndarray  # float32, > 0
    n_cols: int

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.starts) - 1, self.n_cols

    def __getitem__(self, rows: slice) -> FeatureMatrix:
        a, b, _ = rows.indices(self.shape[0])
        b = max(a, b)
        starts = self.starts[a : b + 1]
        lo, hi = int(starts[0]), int(starts[-1])
        return FeatureMatrix(starts - lo, self.cols[lo:hi], self.vals[lo:hi], self.n_cols)

    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0]), np.diff(self.starts))

    def row_sums(self) -> np.ndarray:
        return np.bincount(
            self.row_ids(), weights=self.vals.astype(np.float64), minlength=self.shape[0]
        )

    def toarray(self) -> np.ndarray:
        dense = np.zeros(self.shape, dtype=np.float32)
        dense[self.row_ids(), self.cols] = self.vals
        return dense

    @classmethod
    def empty(cls, n_rows: int) -> FeatureMatrix:
        """Rows without features (the length-only baseline)."""
        none = np.zeros(0, dtype=np.int64)
        return cls(np.zeros(n_rows + 1, dtype=np.int64), none, np.zeros(0, np.float32), 1)

    @classmethod
    def from_entries(
        cls, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int
    ) -> FeatureMatrix:
        """Entries in any order; entries on one cell add up (in their given order)."""
        order = np.lexsort((cols, rows))
        rows, cols, vals = rows[order], cols[order], vals[order].astype(np.float32)
        if len(rows):
            new = np.ones(len(rows), dtype=bool)
            new[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
            heads = np.flatnonzero(new)
            vals = np.add.reduceat(vals, heads).astype(np.float32)
            rows, cols = rows[heads], cols[heads]
        starts = np.searchsorted(rows, np.arange(n_rows + 1))
        return cls(starts.astype(np.int64), cols.astype(np.int64), vals, n_cols)


def as_dense(mat: FeatureMatrix | np.ndarray) -> np.ndarray:
    return mat.toarray() if isinstance(mat, FeatureMatrix) else mat


#: Anchor keys that count even when the other document never has them: a number, year, date,
#: time or percentage that appears in one document only marks a sentence that was most likely
#: left out of the other (an abridged or extended translation); in its sentence it is evidence
#: that no bead can find, so pairing that sentence costs more and leaving it out relatively less.
LONE_KEYS = ("a:num:", "a:year:", "a:date:", "a:pct:", "a:decade:", "a:time:")


def vectorise(
    src: Side, tgt: Side, *, max_dim: int = 1 << 22
) -> tuple[FeatureMatrix, FeatureMatrix, np.ndarray]:
    """Feature matrices over the features both documents share (only those can link
    sentences) and the numbers only one of them has (:data:`LONE_KEYS`), IDF-weighted; hashed
    into ``max_dim`` columns when there are more. The third array marks the columns of
    *independent* evidence (anchors, cognates), as opposed to the dictionary learned from the
    documents themselves, which could only confirm the first pass."""
    src_keys: dict[str, int] = {}
    for feats in src.features:
        for k in feats:
            src_keys[k] = src_keys.get(k, 0) + 1
    tgt_keys: dict[str, int] = {}
    for feats in tgt.features:
        for k in feats:
            tgt_keys[k] = tgt_keys.get(k, 0) + 1
    lone = {k for k in src_keys.keys() ^ tgt_keys.keys() if k.startswith(LONE_KEYS)}
    shared = sorted((src_keys.keys() & tgt_keys.keys()) | lone)  # the columns
    dim = max(1, min(len(shared), max_dim))
    column = {
        k: (i if len(shared) <= max_dim else zlib.crc32(k.encode("utf-8")) % max_dim)
        for i, k in enumerate(shared)
    }
    independent = np.zeros(dim, dtype=np.int8)  # 0 learned, 1 cognate, 2 anchor or number
    for k, col in column.items():
        kind = 0 if k.startswith("l:") else 1 if k.startswith("c:") else 2
        independent[col] = max(independent[col], kind)
    total = src.n + tgt.n + 1
    idf = {k: math.log(total / (src_keys.get(k, 0) + tgt_keys.get(k, 0))) + 0.1 for k in shared}

    def build(side: Side) -> FeatureMatrix:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for row, feats in enumerate(side.features):
            for k, w in feats.items():
                col = column.get(k)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
                    vals.append(w * idf[k])
        return FeatureMatrix.from_entries(
            np.array(rows, dtype=np.int64),
            np.array(cols, dtype=np.int64),
            np.array(vals, dtype=np.float32),
            side.n,
            dim,
        )

    return build(src), build(tgt), independent


class PairDots:
    """Dot products ``x_i . y_j`` of single sentences, computed only where beads may look.

    Sentences carry a dozen features out of thousands of columns, so the products come from the
    non-zero entries (pairs of sentences sharing a feature inside the band), not from dense
    matrix products: the work follows the number of shared features, not the dimension.
    ``binary_x``/``binary_y`` count a feature present in ``x_i``/``y_j`` as 1 (presence).
    """

    def __init__(
        self,
        xs: FeatureMatrix | np.ndarray,
        ys: FeatureMatrix | np.ndarray,
        band: Band,
        reach: int,
        binary_x: bool = False,
        binary_y: bool = False,
    ) -> None:
        n, m = xs.shape[0], ys.shape[0]
        self.n, self.m = n, m
        self._cum: np.ndarray | None = None
        if n == 0 or m == 0:
            self.plo = np.zeros(max(n, 1), dtype=np.int64)
            self.vals = np.zeros((max(n, 1), 1), dtype=np.float32)
            return
        rows = np.arange(n)
        self.plo = np.maximum(0, band.lo[np.minimum(rows + 1, n)] - reach)
        phi = np.minimum(m - 1, band.hi[np.minimum(rows + reach, n)] - 1)
        phi = np.maximum(phi, self.plo)
        width = int((phi - self.plo).max()) + 1
        if not isinstance(xs, FeatureMatrix) or not isinstance(ys, FeatureMatrix):
            # dense rows (sentence embeddings): block products
            x, y = as_dense(xs), as_dense(ys)
            x = (x > 0).astype(np.float32) if binary_x else x
            y = (y > 0).astype(np.float32) if binary_y else y
            self.vals = self._dense(x, y, phi, width)
            return
        xi, xc = xs.row_ids(), xs.cols
        yj, yc = ys.row_ids(), ys.cols
        # target entries sorted by (feature, sentence): for every source entry, the target
        # sentences with that feature inside the row's window are one contiguous range
        key = yc.astype(np.int64) * (m + 1) + yj
        order = np.argsort(key, kind="stable")
        key, yj = key[order], yj[order]
        yw = np.ones(len(yj)) if binary_y else ys.vals[order].astype(np.float64)
        base = xc.astype(np.int64) * (m + 1)
        first = np.searchsorted(key, base + self.plo[xi], side="left")
        last = np.searchsorted(key, base + phi[xi], side="right")
        counts = last - first
        total = int(counts.sum())
        if total == 0:
            self.vals = np.zeros((n, width), dtype=np.float32)
            return
        src_entry = np.repeat(np.arange(len(xi)), counts)
        starts = np.repeat(first - (np.cumsum(counts) - counts), counts)
        idx = starts + np.arange(total)
        r = xi[src_entry]
        flat = r * width + (yj[idx] - self.plo[r])
        xw = np.ones(len(xi)) if binary_x else xs.vals.astype(np.float64)
        weights = xw[src_entry] * yw[idx]
        vals = np.bincount(flat, weights=weights, minlength=n * width)
        self.vals = vals.reshape(n, width).astype(np.float32)

    def _dense(self, xs: np.ndarray, ys: np.ndarray, phi: np.ndarray, width: int) -> np.ndarray:
        vals = np.zeros((self.n, width), dtype=np.float32)
        chunk = 256
        for r0 in range(0, self.n, chunk):
            r1 = min(self.n, r0 + chunk)
            c0, c1 = int(self.plo[r0:r1].min()), int(phi[r0:r1].max()) + 1
            block = xs[r0:r1] @ ys[c0:c1].T
            for r in range(r0, r1):
                a = int(self.plo[r]) - c0
                w = min(width, c1 - int(self.plo[r]))
                vals[r, :w] = block[r - r0, a : a + w]
        return vals

    def _running(self) -> np.ndarray:
        """Running sums along each row, flattened: entry ``k`` of row ``r`` (at
        ``r * (width + 1) + k``) is the sum of the row's first ``k`` products."""
        if self._cum is None:
            width = self.vals.shape[1]
            cum = np.zeros((self.n, width + 1))
            np.cumsum(self.vals, axis=1, dtype=np.float64, out=cum[:, 1:])
            self._cum = cum.reshape(-1)
        return self._cum

    def prefix(self, rows: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """``x_rows . (y_0 + ... + y_{ends-1})`` over the computed band (rows clipped): one row
        against a run of columns is the difference of two prefixes, whatever the run's length."""
        if self.n == 0 or self.m == 0:
            return np.zeros(len(rows))
        r = np.clip(rows, 0, self.n - 1)
        width = self.vals.shape[1]
        k = np.clip(ends - self.plo[r], 0, width)
        return self._running()[r * (width + 1) + k]

    def get(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``x_rows . y_cols``; 0 outside the computed band (those pairs never matter)."""
        if self.n == 0 or self.m == 0:
            return np.zeros(len(rows), dtype=np.float32)
        r = np.clip(rows, 0, self.n - 1)
        k = cols - self.plo[r]
        ok = (rows >= 0) & (cols >= 0) & (k >= 0) & (k < self.vals.shape[1])
        out = self.vals[r, np.clip(k, 0, self.vals.shape[1] - 1)]
        return np.where(ok, out, 0.0)


def transpose(band: Band) -> Band:
    """The band seen from the target side: for every column, the rows whose range holds it
    (contiguous, since both ends of the rows' ranges never decrease). Only ``lo``/``hi``."""
    cols = np.arange(int(band.hi[-1]) + 1)
    lo = np.searchsorted(band.hi, cols, side="left")
    hi = np.searchsorted(band.lo, cols, side="right") - 1
    return Band(lo=lo.astype(np.int64), hi=np.maximum(hi, lo).astype(np.int64), offsets=np.zeros(0))


def self_gram(xs: np.ndarray, reach: int) -> np.ndarray:
    """``g[i, k] = x_i . x_{i+k}`` for ``k < reach``: enough to get the norm of any short run."""
    n = xs.shape[0]
    g = np.zeros((n + reach, reach), dtype=np.float64)
    for k in range(reach):
        if n > k:
            g[: n - k, k] = np.einsum("ij,ij->i", xs[: n - k], xs[k:], dtype=np.float64)
    return g


def run_norm2(gram: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """Squared norm of the summed vectors of the ``size`` sentences ending before ``ends``."""
    total = np.zeros(len(ends))
    for p in range(size):
        first = ends - size + p
        idx = np.clip(first, 0, None)
        total += gram[idx, 0]
        for q in range(p + 1, size):
            total += 2.0 * gram[idx, q - p]
    return total


#: Characters (without spaces) per unit of content, relative to English: how much longer a
#: faithful translation usually is. Only a starting point; each pair re-estimates its ratio.
CHAR_DENSITY = {
    "en": 1.0,
    "fr": 1.18,
    "de": 1.2,
    "es": 1.15,
    "it": 1.15,
    "pt": 1.12,
    "nl": 1.15,
    "vi": 0.86,
    "th": 1.04,
    "id": 1.15,
    "ru": 1.1,
    "zh": 0.32,
    "ja": 0.4,
    "ko": 0.45,
}


def prior_ratio(src_lang: str, tgt_lang: str) -> float:
    """Expected target/source character ratio for a language pair (1.0 when unknown)."""
    return CHAR_DENSITY.get(tgt_lang, 1.0) / CHAR_DENSITY.get(src_lang, 1.0)


#: How far a document pair's length ratio may stray from its language pair's usual one.
RATIO_SPREAD = 1.3


def plausible_ratio(ratio: float, prior: float) -> float:
    """A ratio measured on sentence pairs, kept within ``RATIO_SPREAD`` of the language pair's:
    pairs of sentences sharing a name are not always pairs of translations (a side whose
    sentences are fragments, such as Thai cut where the segmenter was unsure, halves it)."""
    return min(prior * RATIO_SPREAD, max(prior / RATIO_SPREAD, ratio))


#: Gale & Church's variance of target characters per source character (per unit of ratio).
GALE_CHURCH_VARIANCE = 6.8


@dataclass
class LengthModel:
    """Target characters per source character, and the variance of that ratio (Gale-Church)."""

    ratio: float
    variance: float

    @classmethod
    def gale_church(cls, ratio: float) -> LengthModel:
        """The ratio with Gale & Church's variance, which grows with it (floored at 0.3)."""
        return cls(ratio=ratio, variance=GALE_CHURCH_VARIANCE * max(ratio, 0.3))

    @classmethod
    def from_totals(cls, src: Side, tgt: Side, prior: float = 1.0) -> LengthModel:
        """Ratio of the totals when it is plausible for the language pair (``prior``), else
        the prior: one document may be abridged, or a different text altogether."""
        s, t = float(src.lengths.sum()), float(tgt.lengths.sum())
        ratio = t / s if s > 0 and t > 0 else prior
        if not prior / 1.5 <= ratio <= prior * 1.5:
            ratio = prior
        return cls.gale_church(ratio)

    @classmethod
    def from_pairs(
        cls,
        src: Side,
        tgt: Side,
        pairs: list[tuple[int, int]],
        src_unit: np.ndarray | None = None,
        tgt_unit: np.ndarray | None = None,
        prior: float = 1.0,
    ) -> LengthModel:
        """Ratio from sentence pairs that share a rare anchor/cognate: unlike the totals, this
        survives an abridged translation (one side three times longer than the other).

        ``src_unit``/``tgt_unit`` give, for a side of sentence *pieces* (Thai candidates), the
        length of the whole sentence each piece belongs to: a pair of pieces is not a pair of
        translations, a pair of the sentences around them is.
        """
        fallback = cls.from_totals(src, tgt, prior)
        ls = src.lengths if src_unit is None else src_unit
        lt = tgt.lengths if tgt_unit is None else tgt_unit
        ratios = [lt[j] / ls[i] for i, j in pairs if ls[i] >= 20 and lt[j] >= 20]
        if len(ratios) < 5:
            return fallback
        ratio = plausible_ratio(float(np.median(ratios)), prior)
        return cls.gale_church(ratio)

    @classmethod
    def from_beads(
        cls, pairs: list[tuple[float, float]], fallback: LengthModel, prior: float | None = None
    ) -> LengthModel:
        """Re-estimate from confident 1-1 beads (robustly: medians), keeping the fallback when
        there are too few."""
        if len(pairs) < 8:
            return fallback
        ls = np.array([p[0] for p in pairs])
        lt = np.array([p[1] for p in pairs])
        ratio = float(np.median(lt / ls))
        if prior is not None:
            ratio = plausible_ratio(ratio, prior)
        resid = (lt - ratio * ls) / np.sqrt((ratio * ls + lt) / 2.0)
        mad = float(np.median(np.abs(resid - np.median(resid)))) * 1.4826
        variance = float(np.clip(mad * mad, 0.5 * fallback.variance, 3.0 * fallback.variance))
        return cls(ratio=ratio, variance=variance)

    def cost(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        mean = np.maximum((self.ratio * ls + lt) / 2.0, 1.0)
        delta = (lt - self.ratio * ls) / np.sqrt(self.variance * mean)
        return norm_cdf_tail(delta)


def _running_count(flags: np.ndarray | None, n: int) -> np.ndarray:
    """``out[i]`` = how many of the first ``i`` sentences are flagged (none without flags)."""
    return np.concatenate([[0.0], np.cumsum(flags)]) if flags is not None else np.zeros(n + 1)


class BeadScorer:
    """Computes the cost of every bead type over the cells of a band (vectorised)."""

    def __init__(
        self,
        src: Side,
        tgt: Side,
        xs: FeatureMatrix,
        ys: FeatureMatrix,
        length: LengthModel,
        weights: CostWeights,
        src_candidates: bool = False,
        tgt_candidates: bool = False,
        priors: dict[tuple[int, int], float] | None = None,
        soft: tuple[bool, bool] = (False, False),
    ) -> None:
        self.src, self.tgt = src, tgt
        # sentences a segmenter was unsure about (Thai) merge more easily than real sentences
        self.merge_src = (
            weights.merge_candidate
            if src_candidates
            else weights.merge_soft
            if soft[0]
            else weights.merge
        )
        self.merge_tgt = (
            weights.merge_candidate
            if tgt_candidates
            else weights.merge_soft
            if soft[1]
            else weights.merge
        )
        self.priors = priors
        # sentence pieces (Thai candidates) merge almost freely already
        self.crossing = 1.0 if src_candidates or tgt_candidates else weights.merge_crossing
        self.independent: np.ndarray | None = None  # columns that bead_evidence trusts
        # optional sentence embeddings (unit-normalised rows) and the cosine of unrelated pairs
        self.emb_src: np.ndarray | None = None
        self.emb_tgt: np.ndarray | None = None
        self.emb_background = 0.75
        self.skip_src = self.skip_tgt = weights.skip
        # per-sentence discount on leaving a sentence out (captions of an abridged side)
        self.skip_off_src = np.zeros(src.n + 1)
        self.skip_off_tgt = np.zeros(tgt.n + 1)
        self.xs, self.ys = xs, ys
        self.length = length
        self.w = weights
        self.own_src = xs.row_sums()
        self.own_tgt = ys.row_sums()
        self.cum_src = np.concatenate([[0.0], np.cumsum(src.lengths)])
        self.cum_tgt = np.concatenate([[0.0], np.cumsum(tgt.lengths)])
        self.cum_credit_src = _running_count(src.credited, src.n)
        self.cum_credit_tgt = _running_count(tgt.credited, tgt.n)
        self.cum_any_src = _running_count(src.captions, src.n)
        self.cum_any_tgt = _running_count(tgt.captions, tgt.n)
        self.use_para = bool(
            src.n and tgt.n and src.paragraphs.max() > 0 and tgt.paragraphs.max() > 0
        )

    def _piece_costs(self, groups: np.ndarray | None, ends: np.ndarray, size: int) -> np.ndarray:
        """Pieces: joining across a segmenter boundary, or cutting inside a segmenter sentence."""
        if groups is None:
            return 0.0
        first, last = ends - size, ends - 1
        cross = (groups[last] - groups[first]).astype(np.float64)
        n = len(groups)
        cut_end = (ends < n) & (groups[np.minimum(ends, n - 1)] == groups[last])
        cut_start = (first > 0) & (groups[np.maximum(first - 1, 0)] == groups[first])
        return self.w.merge_cross * cross + self.w.cut * (
            cut_end.astype(float) + cut_start.astype(float)
        )

    def _para_breaks(self, paragraphs: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
        if size < 2:
            return np.zeros(len(ends))
        first = np.clip(ends - size, 0, None)
        last = np.clip(ends - 1, 0, None)
        return (paragraphs[last] - paragraphs[first]).astype(np.float64)

    def similarity(
        self, rows: np.ndarray, cols: np.ndarray, a: int, b: int, dots: PairDots, gs, gt
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of the summed vectors, and whether any evidence existed at all."""
        dot = np.zeros(len(rows))
        for p in range(a):
            for q in range(b):
                dot += dots.get(rows - 1 - p, cols - 1 - q)
        ns = run_norm2(gs, rows, a)
        nt = run_norm2(gt, cols, b)
        denom = np.sqrt(ns * nt)
        cos = np.where(denom > 0, dot / np.maximum(denom, 1e-12), 0.0)
        known = (ns > 0) | (nt > 0)
        return np.clip(cos, 0.0, 1.0), known

    def _miss(self, own: np.ndarray, hit: np.ndarray) -> np.ndarray:
        """1 - coverage, shrunk towards the neutral value for sentences with little evidence,
        and stretched (up to 1 + against) for sentences whose strong evidence is not found.
        The definition; :meth:`coverage_costs` evaluates it through :meth:`_miss_terms`."""
        cov = np.minimum(1.0, hit / np.maximum(own, 1e-12))
        trust = own / (own + self.w.evidence_scale)
        cov = trust * cov + (1.0 - trust) * self.w.neutral_cos
        return (1.0 - cov) * (1.0 + self.w.against * trust)

    def _rescale(self, cos: np.ndarray) -> np.ndarray:
        """Embedding cosine -> [0, 1], 0 at the similarity of unrelated sentence pairs."""
        bg = self.emb_background
        return np.clip((cos - bg) / max(1e-6, 1.0 - bg), 0.0, 1.0)

    def embedding_similarity(self, i0: int, i1: int, j0: int, j1: int) -> float | None:
        """Rescaled embedding cosine of one bead (None without embeddings)."""
        if self.emb_src is None or self.emb_tgt is None:
            return None
        x = self.emb_src[i0:i1].sum(axis=0)
        y = self.emb_tgt[j0:j1].sum(axis=0)
        denom = float(np.linalg.norm(x) * np.linalg.norm(y))
        cos = float(x @ y) / denom if denom > 0 else 0.0
        return float(self._rescale(np.array([cos]))[0])

    def coverage_costs(
        self,
        rows: np.ndarray,
        cols: np.ndarray,
        bead_types: list[tuple[int, int]],
        src_hits: PairDots,
        tgt_hits: PairDots,
    ) -> dict[tuple[int, int], np.ndarray]:
        """Per bead type, at every cell: the sum over the bead's sentences of (1 - the share of
        the sentence's evidence found on the other side of the bead), halved: a sentence with
        nothing in common with the other side costs as much inside the bead as its share of a
        1-1 bead would.

        Shares are weighted (IDF, anchor weight) over the sentence's own features and presence
        on the other side. The term of the ``p``-th source sentence back from the cell depends
        only on ``p`` and the bead's target count ``b`` (and symmetrically), so each is computed
        once and shared by every bead shape that contains it (values at cells where a shape
        does not fit are meaningless; the caller masks them).
        """
        src_part = self._side_parts(rows, cols, bead_types, src_hits, self.own_src, source=True)
        tgt_part = self._side_parts(cols, rows, bead_types, tgt_hits, self.own_tgt, source=False)
        return {
            (a, b): (src_part[(a, b)] + tgt_part[(a, b)]) / 2.0 for a, b in bead_types if a and b
        }

    def _side_parts(
        self,
        here: np.ndarray,
        there: np.ndarray,
        bead_types: list[tuple[int, int]],
        hits: PairDots,
        own: np.ndarray,
        *,
        source: bool,
    ) -> dict[tuple[int, int], np.ndarray]:
        """Summed misses of one side's sentences, for every (a, b) shape: running sums over the
        sentences of this side, for each run length of the other side."""
        wanted: dict[int, int] = {}  # other-side run length -> longest run on this side
        for a, b in bead_types:
            mine, other = (a, b) if source else (b, a)
            if mine and other:
                wanted[other] = max(wanted.get(other, 0), mine)
        k0, k1, inverse = self._miss_terms(own)
        parts: dict[tuple[int, int], np.ndarray] = {}
        running = {other: np.zeros(len(here)) for other in wanted}
        for p in range(max(wanted.values(), default=0)):
            sentence = np.clip(here - 1 - p, 0, None)
            top = hits.prefix(sentence, there)
            base, slope, scale = k0[sentence], k1[sentence], inverse[sentence]
            for other, longest in wanted.items():
                if p >= longest:
                    continue
                hit = top - hits.prefix(sentence, there - other)
                running[other] = running[other] + (base - slope * np.minimum(1.0, hit * scale))
                parts[(p + 1, other) if source else (other, p + 1)] = running[other]
        return parts

    def _miss_terms(self, own: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per sentence, ``_miss`` as ``k0 - k1 * min(1, hit * inverse)`` (one multiply-add per
        cell instead of the whole formula)."""
        trust = own / (own + self.w.evidence_scale)
        stretch = 1.0 + self.w.against * trust
        k0 = (1.0 - (1.0 - trust) * self.w.neutral_cos) * stretch
        return k0, trust * stretch, 1.0 / np.maximum(own, 1e-12)

    def costs(
        self, band: Band, bead_types: list[tuple[int, int]], rows: np.ndarray, cols: np.ndarray
    ) -> list[np.ndarray]:
        reach = max(max(a for a, _ in bead_types), max(b for _, b in bead_types))
        coverage: dict[tuple[int, int], np.ndarray] = {}
        products = self.priors is None  # Gale-Church reads lengths and bead priors only
        if products and self.w.similarity == "coverage":
            src_hits = PairDots(self.xs, self.ys, band, reach, binary_y=True)
            # target sentence against a run of source sentences: the same products, transposed
            tgt_hits = PairDots(self.ys, self.xs, transpose(band), reach, binary_y=True)
            coverage = self.coverage_costs(rows, cols, bead_types, src_hits, tgt_hits)
        elif products:
            dots = PairDots(self.xs, self.ys, band, reach)
            gs, gt = self_gram(self.xs.toarray(), reach), self_gram(self.ys.toarray(), reach)
        if self.emb_src is not None and self.emb_tgt is not None:
            emb_dots = PairDots(self.emb_src, self.emb_tgt, band, reach)
            emb_gs, emb_gt = self_gram(self.emb_src, reach), self_gram(self.emb_tgt, reach)
        n, m = self.src.n, self.tgt.n
        out = []
        for a, b in bead_types:
            valid = (rows - a >= 0) & (cols - b >= 0)
            cost = np.full(len(rows), np.inf)
            if not valid.any():
                out.append(cost)
                continue
            r, c = rows[valid], cols[valid]
            if self.priors is not None:  # Gale-Church: length and the bead-type prior only
                value = np.full(len(r), self.priors[(a, b)])
                if a and b:
                    ls = self.cum_src[r] - self.cum_src[r - a]
                    lt = self.cum_tgt[c] - self.cum_tgt[c - b]
                    value = value + self.length.cost(ls, lt)
                cost[valid] = value
                out.append(cost)
                continue
            if a == 0 or b == 0:
                value = np.full(len(r), self.skip_src * a + self.skip_tgt * b)
                if a:
                    value -= self.skip_off_src[r - 1]
                if b:
                    value -= self.skip_off_tgt[c - 1]
                cost[valid] = value
                out.append(cost)
                continue
            ls = self.cum_src[r] - self.cum_src[r - a]
            lt = self.cum_tgt[c] - self.cum_tgt[c - b]
            value = self.w.w_len * self.length.cost(ls, lt)
            if self.w.similarity == "coverage":
                value += self.w.w_lex * coverage[(a, b)][valid]
            else:
                cos, known = self.similarity(r, c, a, b, dots, gs, gt)
                cos = np.where(known, cos, self.w.neutral_cos)
                # per sentence, so that one big bead is never cheaper than the small ones inside it
                value += self.w.w_lex * (1.0 - cos) * (a + b) / 2.0
            merges = self.merge_src * (a - 1) + self.merge_tgt * (b - 1)
            value += merges * (self.crossing if a > 1 and b > 1 else 1.0)
            value += self._piece_costs(self.src.groups, r, a) + self._piece_costs(
                self.tgt.groups, c, b
            )
            if self.emb_src is not None and self.emb_tgt is not None:
                cos, _ = self.similarity(r, c, a, b, emb_dots, emb_gs, emb_gt)
                value += self.w.w_emb * (1.0 - self._rescale(cos)) * (a + b) / 2.0
            if self.w.caption_pair and (self.cum_credit_src[-1] or self.cum_credit_tgt[-1]):
                value += self.w.caption_pair * self._caption_mismatch(r, c, a, b)
            if self.use_para:
                value += self.w.w_para * (
                    self._para_breaks(self.src.paragraphs, r, a)
                    + self._para_breaks(self.tgt.paragraphs, c, b)
                )
            if self.w.w_pos > 0 and n and m:
                value += self.w.w_pos * np.abs((r - a / 2) / n - (c - b / 2) / m)
            cost[valid] = value
            out.append(cost)
        return out

    def _caption_mismatch(self, r: np.ndarray, c: np.ndarray, a: int, b: int) -> np.ndarray:
        """1 where one side of the bead holds a credited photo caption and the other side no
        caption or heading at all: a caption translates a caption (or nothing). Captions often
        restate a sentence of the text next to them, name and all, and would steal its bead."""
        credit_s = self.cum_credit_src[r] > self.cum_credit_src[r - a]
        credit_t = self.cum_credit_tgt[c] > self.cum_credit_tgt[c - b]
        any_s = self.cum_any_src[r] > self.cum_any_src[r - a]
        any_t = self.cum_any_tgt[c] > self.cum_any_tgt[c - b]
        return ((credit_s & ~any_t) | (credit_t & ~any_s)).astype(np.float64)

    def _rows(self, source: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A side's non-zero entries, row after row (row starts, columns, float64 values)."""
        cache = "_csr_src" if source else "_csr_tgt"
        if not hasattr(self, cache):
            mat = self.xs if source else self.ys
            setattr(self, cache, (mat.starts, mat.cols, mat.vals.astype(np.float64)))
        return getattr(self, cache)

    def _side_masses(
        self, i0: int, i1: int, j0: int, j1: int, strongest: int = 1
    ) -> tuple[float, float, float, float]:
        """Independent feature mass of each side of a bead (kinds >= ``strongest``: 1 = cognates
        and anchors, 2 = anchors only), and how much of it the other side has: (own source,
        found source, own target, found target)."""
        kinds = self.independent
        s_starts, s_cols, s_vals = self._rows(True)
        t_starts, t_cols, t_vals = self._rows(False)
        xc, xv = s_cols[s_starts[i0] : s_starts[i1]], s_vals[s_starts[i0] : s_starts[i1]]
        yc, yv = t_cols[t_starts[j0] : t_starts[j1]], t_vals[t_starts[j0] : t_starts[j1]]
        if kinds is not None and len(kinds) == self.xs.shape[1]:
            xk, yk = kinds[xc] >= strongest, kinds[yc] >= strongest
            xc, xv, yc, yv = xc[xk], xv[xk], yc[yk], yv[yk]
        own_s, own_t = float(xv.sum()), float(yv.sum())
        both = xc[:, None] == yc[None, :]  # a bead has a few dozen features: compare them all
        hit_s = float(xv[both.any(axis=1)].sum()) if own_s else 0.0
        hit_t = float(yv[both.any(axis=0)].sum()) if own_t else 0.0
        return own_s, hit_s, own_t, hit_t

    def contradiction(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """How strongly a bead's own evidence says "not a translation": both sides carry names,
        numbers or cognates, and most of them are missing on the other side (0 = no sign)."""
        own_s, hit_s, own_t, hit_t = self._side_masses(i0, i1, j0, j1, strongest=2)

        def against(hit: float, own: float) -> float:
            return own / (own + self.w.evidence_scale) * max(0.0, 1.0 - hit / own) if own else 0.0

        return math.sqrt(against(hit_s, own_s) * against(hit_t, own_t))

    def bead_evidence(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float, bool]:
        """Evidence for one final bead: lexical agreement in [0, 1], length probability, and
        whether any sentence had features at all.

        Lexical agreement is the geometric mean over the two sides of the share of the side's
        feature mass found on the other side, each shrunk towards 0.3 when the side has little
        evidence (one shared name in two short sentences is weak evidence).
        """
        own_s, hit_s, own_t, hit_t = self._side_masses(i0, i1, j0, j1)

        def shrunk(hit: float, own: float) -> float:
            trust = own / (own + self.w.evidence_scale)
            return trust * (hit / own if own else 0.0) + (1.0 - trust) * 0.3

        known = own_s > 0 or own_t > 0
        lexical = math.sqrt(shrunk(hit_s, own_s) * shrunk(hit_t, own_t))
        ls = float(self.cum_src[i1] - self.cum_src[i0])
        lt = float(self.cum_tgt[j1] - self.cum_tgt[j0])
        lp = float(np.exp(-self.length.cost(np.array([ls]), np.array([lt]))[0]))
        return max(0.0, min(1.0, lexical)), lp, known
