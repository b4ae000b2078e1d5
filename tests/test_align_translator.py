"""The optional machine-translation signal of the aligner (``translator=``, Bleualign's idea)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import parallelcorpus as pc
from parallelcorpus.bench.translators import Translator
from parallelcorpus.errors import InputError

ROOT = Path(__file__).resolve().parents[1]

# French sentences whose content words share no cognate prefix with their English translations
EN = [
    "The cat sleeps on the warm roof.",
    "Children were playing near the old bridge.",
    "Heavy rain fell during the whole night.",
    "Our neighbour bought a yellow bicycle.",
]
FR = [
    "Le chat dort sur le toit chaud.",
    "Des enfants jouaient près du vieux pont.",
    "Une forte pluie est tombée toute la nuit.",
    "Notre voisin a acheté un vélo jaune.",
]
WORDS = {
    "chat": "cat", "dort": "sleeps", "toit": "roof", "chaud": "warm", "enfants": "children",
    "jouaient": "playing", "vieux": "old", "pont": "bridge", "forte": "heavy", "pluie": "rain",
    "tombée": "fell", "toute": "whole", "nuit": "night", "voisin": "neighbour",
    "acheté": "bought", "vélo": "bicycle", "jaune": "yellow",
}  # fmt: skip


def word_by_word(segments: list[str], src_lang: str, tgt_lang: str) -> list[str]:
    """A toy French->English translator: a dictionary, word by word."""
    assert (src_lang, tgt_lang) == ("fr", "en")
    return [" ".join(WORDS.get(w.strip(".,").lower(), w) for w in s.split()) for s in segments]


def test_translated_words_become_evidence():
    plain = pc.align(EN, FR, "en", "fr")
    helped = pc.align(EN, FR, "en", "fr", translator=word_by_word)
    assert helped.info["translated"] == "tgt->src"
    assert [(b.src, b.tgt) for b in helped.beads] == [((i,), (i,)) for i in range(4)]
    # the beads are the same, but now they rest on evidence: confidence goes up
    assert min(b.score for b in helped.beads) > max(b.score for b in plain.beads if b.src)


def test_the_source_is_translated_when_only_that_direction_works():
    seen: list[tuple[str, str]] = []

    def fr_to_en_only(segments: list[str], src_lang: str, tgt_lang: str) -> list[str]:
        seen.append((src_lang, tgt_lang))
        return word_by_word(segments, src_lang, tgt_lang)

    class OneWay(Translator):
        def unsupported(self, src: str, tgt: str) -> str | None:
            return None if (src, tgt) == ("fr", "en") else f"no {src}-{tgt}"

        def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
            return fr_to_en_only(segments, src, tgt)

    alignment = pc.align(FR, EN, "fr", "en", translator=OneWay())
    assert alignment.info["translated"] == "src->tgt"
    assert seen == [("fr", "en")]
    assert [(b.src, b.tgt) for b in alignment.beads] == [((i,), (i,)) for i in range(4)]


def test_a_translator_that_cannot_serve_the_pair_is_a_clear_error():
    class Nothing(Translator):
        def unsupported(self, src: str, tgt: str) -> str | None:
            return f"no model for {src}-{tgt}"

        def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
            raise AssertionError("never called")

    with pytest.raises(InputError, match="translates neither fr->en nor en->fr"):
        pc.align(EN, FR, "en", "fr", translator=Nothing())


def test_a_translator_that_loses_sentences_is_a_clear_error():
    with pytest.raises(InputError, match="returned 1 translations for 4 sentences"):
        pc.align(EN, FR, "en", "fr", translator=lambda segments: segments[:1])


def test_every_sentence_still_in_exactly_one_bead_with_a_translator():
    src = [*EN, "An extra sentence nobody translated."]
    alignment = pc.align(src, FR[::-1], "en", "fr", translator=word_by_word)
    assert sorted(i for b in alignment.beads for i in b.src) == list(range(len(src)))
    assert sorted(j for b in alignment.beads for j in b.tgt) == list(range(len(FR)))


def align_cli(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``parallelcorpus align --presplit`` on EN/FR written to ``tmp_path``, with ``options``."""
    (tmp_path / "en.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    (tmp_path / "fr.txt").write_text("\n".join(FR) + "\n", encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    args = ["align", "--presplit", *options, "en.txt", "fr.txt", "--src-lang", "en"]
    return subprocess.run(
        [sys.executable, "-m", "parallelcorpus", *args, "--tgt-lang", "fr"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(shutil.which("cat") is None, reason="needs cat")
def test_cli_takes_a_translator_spec(tmp_path: Path):
    result = align_cli(tmp_path, "--format", "ladder", "--translator", "cmd:cat")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 4


@pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium not installed")
def test_apertium_through_spanish_links_french_to_english():
    alignment = pc.align(EN, FR, "en", "fr", translator="apertium")
    assert alignment.info["translated"] in ("tgt->src", "src->tgt")
    assert [(b.src, b.tgt) for b in alignment.beads] == [((i,), (i,)) for i in range(4)]


@pytest.mark.skipif(shutil.which("false") is None, reason="needs false")
def test_cli_reports_a_failing_translator_without_a_traceback(tmp_path: Path):
    result = align_cli(tmp_path, "--translator", "cmd:false")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "parallelcorpus: error:" in result.stderr and "false" in result.stderr
    assert result.stdout == ""
