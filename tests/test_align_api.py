"""The public ``pc.align`` entry point: input checks and empty sentences (null beads)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parallelcorpus as pc


def _covered(alignment: pc.Alignment, n: int, m: int) -> None:
    src = [i for b in alignment.beads for i in b.src]
    tgt = [j for b in alignment.beads for j in b.tgt]
    assert src == list(range(n)) and tgt == list(range(m))  # once each, in order


@pytest.mark.parametrize("bad", ["Hello. World.", None, 42])
def test_non_list_input_is_input_error(bad: object) -> None:
    with pytest.raises(pc.InputError, match="expected a list of sentences"):
        pc.align(bad, ["a"], "en", "fr")  # type: ignore[arg-type]


def test_malformed_language_code_is_input_error() -> None:
    with pytest.raises(pc.InputError, match="invalid language code"):
        pc.align(["a"], ["b"], "english", "fr")


def test_language_codes_are_normalised() -> None:
    alignment = pc.align(["Paris 2025."], ["Paris 2025."], "EN", "fr-FR", method="length")
    assert (alignment.src_lang, alignment.tgt_lang) == ("en", "fr")


def test_empty_sentences_get_null_beads() -> None:
    src = ["Hello world.", "", "This is fine.", "  "]
    tgt = ["", "Bonjour le monde.", "", "Ceci va bien."]
    alignment = pc.align(src, tgt, "en", "fr", method="length")
    _covered(alignment, len(src), len(tgt))
    for bead in alignment.beads:
        texts = [src[i] for i in bead.src] + [tgt[j] for j in bead.tgt]
        if any(not t.strip() for t in texts):
            assert bead.is_null and bead.score == 0.0
    assert len(alignment.src_sentences) == len(src)


sentence = st.sampled_from(["", "Paris 2025.", "The minister met 30 people.", "Oui.", "  ", "x"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(sentence, max_size=8),
    st.lists(sentence, max_size=8),
    st.sampled_from(["full", "length"]),
)
def test_every_sentence_once_with_empty_sentences(
    src: list[str], tgt: list[str], method: str
) -> None:
    alignment = pc.align(src, tgt, "en", "fr", method=method)
    _covered(alignment, len(src), len(tgt))
    assert all(0.0 <= b.score <= 1.0 for b in alignment.beads)
