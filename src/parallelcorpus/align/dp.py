"""Banded dynamic programme over bead costs: pure numpy, no I/O, no knowledge of languages.

The search space is the grid of *end points* ``(i, j)``: ``i`` source sentences and ``j`` target
sentences consumed so far. A bead ``(a, b)`` ending at ``(i, j)`` covers source sentences
``i-a .. i-1`` and target sentences ``j-b .. j-1``. Only the cells of a *band* are visited: row
``i`` holds the columns ``lo[i] .. hi[i]`` (inclusive), so time and memory are linear in the
number of cells (``n`` times the band width), not ``n * m``.

Costs arrive flattened in band order (see :func:`band_cells`), one array per bead type, ``inf``
where the bead does not fit. The ``0-1`` bead (a target sentence left unaligned) is the only
move inside a row; it is resolved for a whole row at once with a running minimum, which keeps
every row a handful of vector operations::

    D[i, j] = min( min_{(a,b), a>0} D[i-a, j-b] + cost_ab[i, j],      # from earlier rows
                   D[i, j-1] + cost_01[i, j] )                         # same row, left
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Band:
    """Columns ``lo[i] .. hi[i]`` of every row ``i`` in ``0 .. n``, flattened row after row."""

    lo: np.ndarray
    hi: np.ndarray
    offsets: np.ndarray  # offsets[i] = index of the first cell of row i; offsets[n+1] = size

    @property
    def size(self) -> int:
        return int(self.offsets[-1])


def make_band(lo: Sequence[int] | np.ndarray, hi: Sequence[int] | np.ndarray, m: int) -> Band:
    """Repair a proposed band so that a path from ``(0, 0)`` to ``(n, m)`` always exists.

    Rows are clipped to ``[0, m]``, made monotone, and consecutive rows made to overlap, so the
    DP can always fall back to null beads: no input ever leaves it without a path.
    """
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
    hi = np.clip(np.asarray(hi, dtype=np.int64), 0, m)
    n = len(lo) - 1
    lo[0] = 0
    hi[n] = m
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # lo non-decreasing, lo[i] <= lo[n]
    hi = np.maximum.accumulate(hi)  # hi non-decreasing
    hi = np.maximum(hi, lo)
    # a 1-0 bead needs column overlap between rows: lo[i+1] <= hi[i]
    if n > 0:
        lo[1:] = np.minimum(lo[1:], hi[:-1])
    widths = hi - lo + 1
    offsets = np.zeros(n + 2, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    return Band(lo=lo, hi=hi, offsets=offsets)


def full_band(n: int, m: int) -> Band:
    """Every cell: the exact (quadratic) programme, fine for short documents."""
    return make_band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), m)


def band_cells(band: Band) -> tuple[np.ndarray, np.ndarray]:
    """Row index ``I`` and column index ``J`` of every cell, in flattened band order."""
    widths = np.diff(band.offsets)
    rows = np.repeat(np.arange(len(widths), dtype=np.int64), widths)
    cols = np.arange(band.size, dtype=np.int64) - band.offsets[rows] + band.lo[rows]
    return rows, cols


def predecessors(band: Band, bead_types: Sequence[tuple[int, int]]) -> np.ndarray:
    """Cell index of every cell's predecessor under every bead type that comes from an earlier
    row (one row per such type, in ``bead_types`` order), ``band.size`` where the bead does not
    fit in the band: computed once for the whole band, so that a row of the programme is one
    gather, whatever the number of bead types."""
    rows, cols = band_cells(band)
    lo, hi, off = band.lo, band.hi, band.offsets
    down = [(a, b) for a, b in bead_types if a > 0]
    index = np.int32 if band.size < 2**31 - 1 else np.int64  # half the memory traffic
    rows, cols = rows.astype(index), cols.astype(index)
    pred = np.empty((len(down), band.size), dtype=index)
    by_rows: dict[int, tuple[np.ndarray, ...]] = {}  # what depends on the rows stepped back only
    for k, (a, b) in enumerate(down):
        if a not in by_rows:
            r = np.maximum(rows - a, 0)
            first = np.where(rows >= a, lo[r], np.iinfo(index).max).astype(index)  # never fits
            by_rows[a] = (first, hi[r].astype(index), (off[r] - lo[r]).astype(index))
        first, last, base = by_rows[a]
        c = cols - index(b)
        pred[k] = np.where((c >= first) & (c <= last), base + c, index(band.size))
    return pred


def run_dp(
    band: Band,
    bead_types: Sequence[tuple[int, int]],
    costs: Sequence[np.ndarray],
    pred: np.ndarray | None = None,
) -> list[tuple[int, int, int, int]]:
    """Cheapest monotone path from ``(0, 0)`` to ``(n, m)``.

    ``costs[t]`` is the flat cost array of ``bead_types[t]`` over the band cells (``pred``:
    :func:`predecessors` of the band, when the caller has them already). Returns the beads as
    ``(i_start, i_end, j_start, j_end)`` half-open ranges, in document order.
    """
    n = len(band.lo) - 1
    m = int(band.hi[n])
    size = band.size
    total = np.full(size + 1, np.inf)  # the last cell stands for "outside the band"
    back = np.full(size, -1, dtype=np.int16)
    horizontal = [t for t, (a, b) in enumerate(bead_types) if a == 0 and b == 1]
    h_type = horizontal[0] if horizontal else -1
    lo, off = band.lo, band.offsets
    # every bead type that comes from an earlier row, evaluated for a whole row at once: one
    # gather of the predecessors' totals per row, whatever the number of bead types
    down = np.array([t for t, (a, _) in enumerate(bead_types) if a > 0], dtype=np.int16)
    pred = predecessors(band, bead_types) if pred is None else pred
    stacked = (
        np.stack([np.asarray(costs[t], dtype=np.float64) for t in down]) if len(down) else None
    )

    for i in range(n + 1):
        start, stop = int(off[i]), int(off[i + 1])
        if stacked is not None and i > 0:
            cand = total[pred[:, start:stop]] + stacked[:, start:stop]
            pick = cand.argmin(axis=0)  # ties keep the earlier bead type
            best = cand.min(axis=0)
            arg = np.where(best < np.inf, down[pick], -1).astype(np.int16)
        else:
            best = np.full(stop - start, np.inf)
            arg = np.full(stop - start, -1, dtype=np.int16)
            if i == 0:
                best[0] = 0.0
        if h_type >= 0 and stop - start > 1:
            step = costs[h_type][start:stop].copy()
            step[0] = 0.0
            step = np.where(np.isfinite(step), step, 1e12)
            acc = np.cumsum(step)
            chained = np.minimum.accumulate(best - acc) + acc
            use = chained < best - 1e-9 * (1.0 + np.abs(chained))
            use[0] = False
            best = np.where(use, chained, best)
            arg[use] = h_type
        total[start:stop] = best
        back[start:stop] = arg

    # trace back from (n, m)
    beads: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[off[i] + j - lo[i]])
        if t < 0:  # pragma: no cover - make_band guarantees a path
            raise RuntimeError("alignment DP found no path")
        a, b = bead_types[t]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def bead_posteriors(
    band: Band,
    bead_types: Sequence[tuple[int, int]],
    costs: Sequence[np.ndarray],
    path: Sequence[tuple[int, int, int, int]],
    temperature: float = 1.0,
    pred: np.ndarray | None = None,
) -> np.ndarray:
    """Posterior probability of every bead of ``path`` among all monotone paths in the band.

    Costs become weights ``exp(-cost / temperature)``; the forward and backward sums (the same
    row-at-a-time recursion as :func:`run_dp`, with log-sum-exp in place of min) give each bead
    the share of the total weight of the paths that use it. A bead whose neighbours could be cut
    another way at almost the same cost (a 2-2 against two 1-1) gets about one half, however
    strong its own evidence: the question a confidence answers is "is this bead right", and
    that depends on the alternatives. Beads of a shape outside ``bead_types`` get NaN.
    ``pred``: :func:`predecessors` of the band, as for :func:`run_dp`.
    """
    n = len(band.lo) - 1
    m = int(band.hi[n])
    lo, hi, off = band.lo, band.hi, band.offsets
    size = band.size
    scores = [-np.asarray(c, dtype=np.float64) / temperature for c in costs]
    horizontal = [t for t, (a, b) in enumerate(bead_types) if a == 0 and b == 1]
    down = [t for t, (a, _) in enumerate(bead_types) if a > 0]
    # every cell's predecessor under every bead type from another row (``size``: outside the
    # band, weight 0), and the inverse map: every cell's successor
    pred = predecessors(band, bead_types) if pred is None else pred
    succ = np.full((len(down), size + 1), size, dtype=np.int64)
    for k in range(len(down)):
        inside = np.flatnonzero(pred[k] < size)
        succ[k, pred[k, inside]] = inside
    succ = succ[:, :size]
    weight = np.full((len(down), size + 1), -np.inf)
    for k, t in enumerate(down):
        weight[k, :size] = scores[t]
    after_weight = np.take_along_axis(weight, succ, axis=1)  # weight of the bead leaving a cell
    # running sum along each row of the 0-1 scores (the step into a cell from its left
    # neighbour), for the whole band at once: a row's horizontal moves are then one
    # accumulate of log-add-exp, as run_dp's are one running minimum
    acc = np.zeros(size)
    if horizontal:
        # a 0-1 bead that does not fit weighs exp(-1e4) = 0; a bounded stand-in for -inf keeps
        # the running sum exact to far below the scores' own precision
        step = np.maximum(scores[horizontal[0]], -1e4)
        step[off[:-1]] = 0.0
        acc = np.cumsum(step)
        acc -= np.repeat(acc[off[:-1]], np.diff(off))

    def sweep(
        links: np.ndarray, link_weight: np.ndarray, order: range, seed: int, backwards: bool
    ) -> np.ndarray:
        """Log-sum-exp over the band, row by row in ``order``: each cell sums the cells that
        ``links`` points to plus the linking bead's score, then the 0-1 moves along its row
        (from the left going forwards, from the right going backwards); ``seed`` is 0."""
        values = np.full(size + 1, -np.inf)  # the last cell: outside the band
        for i in order:
            start, stop = int(off[i]), int(off[i + 1])
            here = np.full(stop - start, -np.inf)
            if len(down):
                terms = values[links[:, start:stop]] + link_weight[:, start:stop]
                here = np.logaddexp.reduce(terms, axis=0)
            if start <= seed < stop:
                here[seed - start] = 0.0
            if horizontal and stop - start > 1:
                row = acc[start:stop]
                if backwards:  # B[j] = log sum_{k >= j} exp(H[k] + row[k] - row[j])
                    here = np.logaddexp.accumulate((here + row)[::-1])[::-1] - row
                else:
                    here = row + np.logaddexp.accumulate(here - row)
            values[start:stop] = here
        return values

    end = int(off[n] + m - lo[n])
    forward = sweep(pred, weight, range(n + 1), 0, backwards=False)
    backward = sweep(succ, after_weight, range(n, -1, -1), end, backwards=True)
    total = forward[end]
    out = np.full(len(path), np.nan)
    index = {bt: t for t, bt in enumerate(bead_types)}
    for k, (i0, i1, j0, j1) in enumerate(path):
        t = index.get((i1 - i0, j1 - j0))
        if t is None or not (lo[i0] <= j0 <= hi[i0] and lo[i1] <= j1 <= hi[i1]):
            continue
        first, last = off[i0] + j0 - lo[i0], off[i1] + j1 - lo[i1]
        value = forward[first] + scores[t][last] + backward[last] - total
        out[k] = float(np.exp(min(0.0, value)))
    return out
