"""Long documents: windowed alignment covers everything once, matches the one-piece alignment,
and gives the same beads with or without feature-extraction worker processes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus.align.windows import align_in_windows
from parallelcorpus.types import Alignment, Bead, Sentence

DOCS = Path(__file__).parent / "data" / "parallel" / "docs"


def check_cover(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for bead in beads:
        assert 0.0 <= bead.score <= 1.0
        for ids in (bead.src, bead.tgt):
            assert list(ids) == list(range(ids[0], ids[0] + len(ids))) if ids else True


def concatenated(lang: str) -> list[str]:
    """All hand-written documents of one language, one after the other (about 150 lines)."""
    lines: list[str] = []
    for path in sorted(DOCS.glob(f"*.{lang}.txt")):
        lines += [s.text for s in pc.segment(path.read_text(encoding="utf-8"), lang)]
    return lines


def test_windows_agree_with_one_piece_alignment() -> None:
    en, fr = concatenated("en"), concatenated("fr")
    assert len(en) > 100
    whole = pc.align(en, fr, "en", "fr")
    windowed = pc.align(en, fr, "en", "fr", window_threshold=50, window=60, workers=0)
    assert windowed.info["windows"] >= 3
    check_cover(windowed.beads, len(en), len(fr))
    one = {(b.src, b.tgt) for b in whole.beads if not b.is_null}
    two = {(b.src, b.tgt) for b in windowed.beads if not b.is_null}
    assert len(one & two) >= 0.9 * len(one)
    assert abs(windowed.doc_score - whole.doc_score) < 0.1


def test_worker_processes_change_nothing() -> None:
    en, fr = concatenated("en")[:90], concatenated("fr")[:90]
    inline = pc.align(en, fr, "en", "fr", window_threshold=50, window=40, workers=0)
    pooled = pc.align(en, fr, "en", "fr", window_threshold=50, window=40, workers=1)
    assert [(b.src, b.tgt, b.score) for b in inline.beads] == [
        (b.src, b.tgt, b.score) for b in pooled.beads
    ]


def test_length_method_is_windowed_too() -> None:
    en, fr = concatenated("en"), concatenated("fr")
    result = pc.align(en, fr, "en", "fr", method="length", window_threshold=50, window=60)
    assert result.info["windows"] >= 3
    check_cover(result.beads, len(en), len(fr))


def _fake_aligner(kind: str):
    def align(src: list[Sentence], tgt: list[Sentence], *_: object) -> Alignment:
        k = min(len(src), len(tgt))
        # "none": nothing in common, all null
        beads = [Bead((i,), (i,), 0.9) for i in range(k)] if kind == "parallel" else []
        beads += [Bead((i,), (), 0.0) for i in range(k if kind == "parallel" else 0, len(src))]
        beads += [Bead((), (j,), 0.0) for j in range(k if kind == "parallel" else 0, len(tgt))]
        return Alignment(beads, src, tgt, "en", "fr", 0.0, {})

    return align


def _sentences(n: int) -> list[Sentence]:
    return [Sentence(f"s{i}", i, i + 1, 0) for i in range(n)]


def test_handover_at_confident_beads() -> None:
    beads, summary = align_in_windows(
        _sentences(100), _sentences(100), _fake_aligner("parallel"), window=30, tail=5
    )
    assert summary["windows"] >= 4
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(100)]


def test_handover_needs_a_sure_pair_not_only_evidence() -> None:
    """A window that lost its way still pairs sentences with evidence, but their posteriors are
    low: the next window starts after the last pair that is both well evidenced and sure."""
    from parallelcorpus.align.windows import _handover

    sure = {"evidence": 0.9}
    beads = [Bead((i,), (i,), 0.95, sure) for i in range(5)]
    beads += [Bead((i,), (i,), 0.2, sure) for i in range(5, 10)]  # evidence, but unsure
    assert _handover(beads, 20, 20) == 5
    assert _handover([Bead((0,), (0,), 0.99, {"evidence": 0.1})] * 3, 20, 20) == 3  # none sure


def test_first_pass_band_widens_where_the_path_runs_along_its_edge() -> None:
    import importlib

    import numpy as np

    from parallelcorpus.align.dp import make_band

    engine = importlib.import_module("parallelcorpus.align.engine")
    n = m = 200
    diagonal = np.arange(n + 1)
    band = make_band(diagonal - 5, diagonal + 5, m)
    inside = [(i, i + 1, i, i + 1) for i in range(n)]
    assert engine._widen_where_touched(band, inside, m) is None
    # a path held back 5 columns to the right over rows 50-100: the band grows there, on the
    # right side, over BAND_FIRST rows either way, and stays as it was elsewhere
    held = [(i, i + 1, i + 5 * (50 <= i < 100), i + 1 + 5 * (50 <= i < 100)) for i in range(n)]
    held = [(a, b, min(c, m), min(d, m)) for a, b, c, d in held]
    wider = engine._widen_where_touched(band, held, m)
    assert wider is not None
    assert wider.hi[75] == band.hi[75] + engine.BAND_FIRST
    assert wider.lo[75] == band.lo[75]
    assert wider.hi[190] == band.hi[190] and wider.lo[190] == band.lo[190]


def test_windows_move_on_without_confident_beads() -> None:
    beads, _ = align_in_windows(
        _sentences(70), _sentences(95), _fake_aligner("none"), window=20, tail=5
    )
    check_cover(beads, 70, 95)


WORDS = ["Paris", "2019", "museum", "Lyon", "12", "the", "river", "Marie", "bank", "7,500"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), min_size=0, max_size=70),
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), min_size=0, max_size=70),
    st.integers(min_value=4, max_value=30),
)
def test_windowed_cover_property(src: list[list[str]], tgt: list[list[str]], window: int) -> None:
    s = [" ".join(words) + "." for words in src]
    t = [" ".join(words) + "." for words in tgt]
    result = pc.align(s, t, "en", "fr", window_threshold=10, window=window, workers=0)
    check_cover(result.beads, len(s), len(t))
    assert 0.0 <= result.doc_score <= 1.0
