"""Long documents: align in overlapping windows, so time and memory stay linear at any size.

A 100,000-sentence book does not fit the aligner's per-document state (feature matrices, the
learned dictionary, the band of the programme) without growing with the document, and a global
band gets wide where the two sides drift apart. So long documents are aligned a window at a
time, the way a reader would::

    source  |=========== window 1 ===========|
    target  |============= window 1 =============|      (the remaining length ratio)
            |------ committed ------|-- tail --|       the tail is aligned again
                                    |=========== window 2 ===========|   from the last
                                    |============= window 2 =============|   confident bead

Each window is aligned by the full two-pass method (its own length ratio and dictionary, which
also follow a document whose style changes). Only the beads up to the last *confident* pair
before the window's tail are kept: the end of a window is cut arbitrarily and its last beads are
forced to meet the window's corner, so they are aligned again as the head of the next window.
The next window starts at that confident pair on both sides, which re-centres it on the true
path: drift never accumulates. A stretch on one side without counterpart that is longer than
the tail is left as 1-0/0-1 beads (as a global programme would do).

Documents below :data:`WINDOW_THRESHOLD` sentences in all are aligned in one piece, exactly as
before: windows only change how long documents are cut, never how short ones are aligned.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np

from parallelcorpus.types import Alignment, Bead, Sentence

#: Documents with more sentences than this (both sides together) are aligned in windows.
WINDOW_THRESHOLD = 8_000
#: Source sentences per window: enough for a dictionary and a length model of their own, and
#: measured better than longer windows on long documents (feature weights and the dictionary
#: stay local; a long document repeats names, and repeated names stop being rare). The
#: target window is scaled by the ratio of the remaining sentence counts, with no margin: a
#: window with extra text on one side looks like an abridged translation to the aligner,
#: which then leaves too much out.
WINDOW = 2_500
#: Sentences at the end of a window that are always aligned again in the next one.
TAIL = 200
#: A bead with at least this much evidence (names, numbers, cognates, length) ...
HANDOVER_CONFIDENCE = 0.5
#: ... and at least this posterior probability can be the point where a window hands over to
#: the next. The posterior matters: a window that lost its way pairs sentences that share
#: words, with evidence to spare, but its posteriors fall (0.03-0.4 where a 100k pair drifted);
#: handing over there started the next window 80-90 sentences off, and two windows were lost.
HANDOVER_POSTERIOR = 0.9

#: Sentences per feature-extraction task sent to a worker process.
FEATURE_CHUNK = 1_000

AlignWindow = Callable[..., Alignment]


@contextmanager
def feature_pool(workers: int | None) -> Iterator[Executor | None]:
    """Worker processes that extract sentence features ahead of the window being aligned, so
    feature extraction (pure Python, about half of the work) overlaps the programme.

    ``workers=None`` uses every CPU this process may run on but one; 0 (or a platform without
    ``fork``, where workers would re-run the caller's script) extracts in this process.
    """
    if workers is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        workers = max(0, (cpus or 1) - 1)
    if workers <= 0 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


class FeatureStream:
    """The features of one document's sentences, extracted chunk by chunk ahead of use and
    forgotten once their window is committed: memory stays flat however long the document."""

    def __init__(self, texts: Sequence[str], lang: str, anchor_boost: float) -> None:
        self.texts, self.lang, self.boost = texts, lang, anchor_boost
        self.chunks: dict[int, Future[list[Any]] | list[Any]] = {}
        self.released = 0  # chunks below this index are gone

    def _part(self, k: int) -> Sequence[str]:
        return self.texts[k * FEATURE_CHUNK : (k + 1) * FEATURE_CHUNK]

    def _compute(self, k: int) -> list[Any]:
        from parallelcorpus.align.engine import sentence_features

        return sentence_features(self._part(k), self.lang, self.boost)

    def prefetch(self, pool: Executor | None, upto: int) -> None:
        """Queue the chunks up to sentence ``upto`` in the worker processes."""
        if pool is None:
            return
        from parallelcorpus.align.engine import sentence_features

        last = min(math.ceil(upto / FEATURE_CHUNK), math.ceil(len(self.texts) / FEATURE_CHUNK))
        for k in range(self.released, last):
            if k not in self.chunks:
                self.chunks[k] = pool.submit(
                    sentence_features, self._part(k), self.lang, self.boost
                )

    def get(self, start: int, stop: int) -> list[Any]:
        """Features of sentences ``start .. stop-1``; a chunk no worker has started yet is
        extracted here (so this process never waits idle for it)."""
        out: list[Any] = []
        for k in range(start // FEATURE_CHUNK, math.ceil(stop / FEATURE_CHUNK)):
            chunk = self.chunks.get(k)
            if isinstance(chunk, Future):
                chunk = self._compute(k) if chunk.cancel() else chunk.result()
            elif chunk is None:
                chunk = self._compute(k)
            self.chunks[k] = chunk
            lo = max(start, k * FEATURE_CHUNK) - k * FEATURE_CHUNK
            hi = min(stop, (k + 1) * FEATURE_CHUNK) - k * FEATURE_CHUNK
            out.extend(chunk[lo:hi])
        return out

    def release(self, upto: int) -> None:
        """Forget the chunks that lie wholly before sentence ``upto``."""
        for k in range(self.released, upto // FEATURE_CHUNK):
            self.chunks.pop(k, None)
        self.released = max(self.released, upto // FEATURE_CHUNK)


def needs_windows(n: int, m: int, threshold: int = WINDOW_THRESHOLD) -> bool:
    """Whether a document pair is long enough to be aligned in windows."""
    return n + m > threshold


def align_in_windows(
    src: list[Sentence],
    tgt: list[Sentence],
    align_window: AlignWindow,
    *,
    src_groups: Sequence[int] | None = None,
    tgt_groups: Sequence[int] | None = None,
    window: int = WINDOW,
    tail: int = TAIL,
    progress: Callable[[int], None] | None = None,
    features: tuple[FeatureStream, FeatureStream] | None = None,
    pool: Executor | None = None,
) -> tuple[list[Bead], dict[str, float]]:
    """Beads covering ``src`` and ``tgt`` exactly once, aligned window by window.

    ``align_window(src_slice, tgt_slice, src_groups_slice, tgt_groups_slice[, features])``
    aligns one window (``features``: the two sides' precomputed sentence features, when
    ``features`` streams are given); ``progress(k)`` is told how many source sentences were
    committed. Returns the beads (ids into the whole documents) and a summary of the windows.
    """
    n, m = len(src), len(tgt)
    tail = max(1, min(tail, window // 4))
    beads: list[Bead] = []
    i0 = j0 = 0
    windows = 0
    ratios: list[float] = []
    while i0 < n or j0 < m:
        rest_s, rest_t = n - i0, m - j0
        ws = min(rest_s, window)
        if rest_s == 0 or rest_t == 0 or ws == rest_s:
            wt = rest_t
        else:
            wt = min(rest_t, math.ceil(ws * rest_t / rest_s))
        final = ws == rest_s or wt == rest_t
        if final:  # the rest fits one window (or one side is done): align all of it
            ws, wt = rest_s, rest_t
        extra: tuple[Any, ...] = ()
        if features is not None:
            # the next window's features are extracted by the workers while this one aligns
            features[0].prefetch(pool, i0 + ws + window)
            features[1].prefetch(pool, j0 + wt + math.ceil(window * max(1, wt) / max(1, ws)))
            extra = ((features[0].get(i0, i0 + ws), features[1].get(j0, j0 + wt)),)
        result = align_window(
            src[i0 : i0 + ws],
            tgt[j0 : j0 + wt],
            None if src_groups is None else list(src_groups[i0 : i0 + ws]),
            None if tgt_groups is None else list(tgt_groups[j0 : j0 + wt]),
            *extra,
        )
        windows += 1
        ratio = result.info.get("length_ratio")
        if ratio is not None:
            ratios.append(float(ratio))
        keep = len(result.beads) if final else _handover(result.beads, ws - tail, wt - tail)
        for bead in result.beads[:keep]:
            beads.append(
                replace(
                    bead,
                    src=tuple(i + i0 for i in bead.src),
                    tgt=tuple(j + j0 for j in bead.tgt),
                )
            )
        used_s = sum(len(b.src) for b in result.beads[:keep])
        used_t = sum(len(b.tgt) for b in result.beads[:keep])
        i0, j0 = i0 + used_s, j0 + used_t
        if features is not None:
            features[0].release(i0)
            features[1].release(j0)
        if progress is not None:
            progress(used_s)
        if final:
            break
    summary = {"windows": float(windows)}
    if ratios:
        summary["length_ratio"] = float(np.median(ratios))
    return beads, summary


def _handover(beads: list[Bead], src_limit: int, tgt_limit: int) -> int:
    """How many beads of a window to keep: up to the last sure pair (strong evidence, posterior
    at least :data:`HANDOVER_POSTERIOR`) that ends before the tail on both sides; failing that
    (no such pair: the window holds no translation), up to the last bead before the tail;
    always at least one bead, so windows move on."""
    i = j = 0
    last_confident = last_inside = 0
    for k, bead in enumerate(beads):
        i += len(bead.src)
        j += len(bead.tgt)
        if i > src_limit or j > tgt_limit:
            break
        last_inside = k + 1
        if (
            bead.src
            and bead.tgt
            and bead.evidence >= HANDOVER_CONFIDENCE
            and bead.score >= HANDOVER_POSTERIOR
        ):
            last_confident = k + 1
    return max(1, last_confident or last_inside)
