"""Sentence segmentation: rules per language, registry, dispatcher invariants, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus.clean import clean_text
from parallelcorpus.errors import InputError
from parallelcorpus.segment import (
    SegmentationWarning,
    available,
    get_segmenter,
    register,
    segment_document,
    segment_text,
    unregister,
)
from parallelcorpus.segment.latin import segment_en, segment_fr, segment_generic, segment_vi
from parallelcorpus.types import Sentence

GOLD = Path(__file__).parent / "data" / "segmentation"


def texts(sentences: list[Sentence]) -> list[str]:
    return [s.text for s in sentences]


# --- rules: each case is one line and the sentences we expect -------------------------------

EN_CASES = [
    ("Dr. Smith met Mr. Jones. They talked.", ["Dr. Smith met Mr. Jones.", "They talked."]),
    ("Gov. Ann Lee and Prof. Bo Yu spoke.", ["Gov. Ann Lee and Prof. Bo Yu spoke."]),
    ("He moved to the U.S. He never left.", ["He moved to the U.S.", "He never left."]),
    (
        "The U.S. Embassy in Washington, D.C. opened.",
        ["The U.S. Embassy in Washington, D.C. opened."],
    ),
    ("Version 4.0 is out. It costs $3.50 now.", ["Version 4.0 is out.", "It costs $3.50 now."]),
    (
        "G. O. Dyhrenfurth wrote it. J. R. R. Tolkien read it.",
        ["G. O. Dyhrenfurth wrote it.", "J. R. R. Tolkien read it."],
    ),
    ("Wait... What happened? Nobody knew!", ["Wait...", "What happened?", "Nobody knew!"]),
    ('He said "Go home." Then he left.', ['He said "Go home."', "Then he left."]),
    ('"Why?" she asked. "Because."', ['"Why?" she asked.', '"Because."']),
    ("Apples, pears, etc. The list goes on.", ["Apples, pears, etc.", "The list goes on."]),
    ("Use e.g. a knife, i.e. a tool. Done.", ["Use e.g. a knife, i.e. a tool.", "Done."]),
    ("See No. 5 on p. 12 of Vol. 3. It helps.", ["See No. 5 on p. 12 of Vol. 3.", "It helps."]),
    (
        "It opened at 9 a.m. The doors closed at 5 p.m. sharp.",
        ["It opened at 9 a.m.", "The doors closed at 5 p.m. sharp."],
    ),
    (
        "Apple Inc. CEO Tim Cook spoke. Shares rose.",
        ["Apple Inc. CEO Tim Cook spoke.", "Shares rose."],
    ),
    ("It was founded in 1990.[2] The firm grew.", ["It was founded in 1990.[2]", "The firm grew."]),
    (
        "One mile is 5,280 ft. One pound is 0.45 kg.",
        ["One mile is 5,280 ft.", "One pound is 0.45 kg."],
    ),
    ("1. Introduction to the topic", ["1. Introduction to the topic"]),
    (
        "They drove to Ft. Worth. It is 5 ft. Then more.",
        ["They drove to Ft. Worth.", "It is 5 ft.", "Then more."],
    ),
    ("He paused . . . Then he left.", ["He paused . . .", "Then he left."]),
    (
        "Smith et al. (2020) agree. Jones et al. The end.",
        ["Smith et al. (2020) agree.", "Jones et al.", "The end."],
    ),
    ("(This is an aside.) Next sentence.", ["(This is an aside.)", "Next sentence."]),
]

FR_CASES = [
    (
        "M. Dupont et Mme Durand sont arrivés. Ils sont partis.",
        ["M. Dupont et Mme Durand sont arrivés.", "Ils sont partis."],
    ),
    ("Il cite p. ex. le Dr Lan. Elle répond.", ["Il cite p. ex. le Dr Lan.", "Elle répond."]),
    (
        "« Pourquoi ? » demanda-t-il. Personne ne sut.",
        ["« Pourquoi ? » demanda-t-il.", "Personne ne sut."],
    ),
    (
        "Il a dit : « C'est fini. » Puis il est parti.",
        ["Il a dit : « C'est fini. »", "Puis il est parti."],
    ),
    (
        "Né vers 300 av. J.-C. à Rome. Il mourut jeune.",
        ["Né vers 300 av. J.-C. à Rome.", "Il mourut jeune."],
    ),
    (
        "Le 11.3.2025, la version 4.0 est sortie. Bravo !",
        ["Le 11.3.2025, la version 4.0 est sortie.", "Bravo !"],
    ),
    (
        "Des livres, des revues, etc. Le reste suit.",
        ["Des livres, des revues, etc.", "Le reste suit."],
    ),
    ("C'est vrai ! » Il sourit.", ["C'est vrai ! »", "Il sourit."]),
    ("Voir l'art. L. 212-1 du code. Fin.", ["Voir l'art. L. 212-1 du code.", "Fin."]),
    ("par le monde . Lorsque je tournais", ["par le monde .", "Lorsque je tournais"]),
    (
        "Le gén. Leclerc arrive. Il est à 300 m. La suite.",
        ["Le gén. Leclerc arrive.", "Il est à 300 m.", "La suite."],
    ),
    (
        "Le texte (Cass. civ. 1re, n° 23) est clair. Bien.",
        ["Le texte (Cass. civ. 1re, n° 23) est clair.", "Bien."],
    ),
]

VI_CASES = [
    (
        "Theo TS. Ngô Phương Lan, điện ảnh phát triển. PGS. Lê Văn A nói.",
        ["Theo TS. Ngô Phương Lan, điện ảnh phát triển.", "PGS. Lê Văn A nói."],
    ),
    (
        "Ngày 11.3.2025, hội thảo diễn ra tại TP. Thủ Đức. Ông phát biểu.",
        ["Ngày 11.3.2025, hội thảo diễn ra tại TP. Thủ Đức.", "Ông phát biểu."],
    ),
    (
        "Ông sống ở TP.HCM. Theo ông, thành phố đẹp.",
        ["Ông sống ở TP.HCM.", "Theo ông, thành phố đẹp."],
    ),
    ("“Tôi rất vui. Cảm ơn”, bà nói.", ["“Tôi rất vui.", "Cảm ơn”, bà nói."]),
    ("Cải cách…”, ThS. Hà khẳng định.", ["Cải cách…”, ThS. Hà khẳng định."]),
    (
        "Hà Nội, Huế, v.v. Danh sách sẽ công bố sau.",
        ["Hà Nội, Huế, v.v.", "Danh sách sẽ công bố sau."],
    ),
    (
        "TS.BS. CKII. Nguyễn Văn A cho biết. Ông nói thêm.",
        ["TS.BS. CKII. Nguyễn Văn A cho biết.", "Ông nói thêm."],
    ),
    ("Ở Mỹ, Úc, Pháp… có nhiều quán phở.", ["Ở Mỹ, Úc, Pháp… có nhiều quán phở."]),
    (
        "Thời đại 4.0 đã đến. GS. Nguyễn Văn B nhận định.",
        ["Thời đại 4.0 đã đến.", "GS. Nguyễn Văn B nhận định."],
    ),
]


@pytest.mark.parametrize(("line", "expected"), EN_CASES)
def test_english_rules(line: str, expected: list[str]) -> None:
    assert texts(segment_en(line)) == expected


@pytest.mark.parametrize(("line", "expected"), FR_CASES)
def test_french_rules(line: str, expected: list[str]) -> None:
    assert texts(segment_fr(line)) == expected


@pytest.mark.parametrize(("line", "expected"), VI_CASES)
def test_vietnamese_rules(line: str, expected: list[str]) -> None:
    assert texts(segment_vi(line)) == expected


def test_a_line_is_a_unit() -> None:
    text = "A heading without a period\nA caption\nThe body. It goes on."
    assert texts(segment_text(text, "en")) == [
        "A heading without a period",
        "A caption",
        "The body.",
        "It goes on.",
    ]


def test_generic_splits_cjk_and_latin() -> None:
    assert texts(segment_generic("你好。今天很好！Ja. Nein.")) == [
        "你好。",
        "今天很好！",
        "Ja.",
        "Nein.",
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "vi"])
def test_gold_files_score_high(lang: str) -> None:
    """Our own gold (tests/data/segmentation): every paragraph re-segments to its sentences,
    allowing at most one disagreement per 100 sentences (the benchmark prints the details)."""
    errors = total = 0
    for path in sorted((GOLD / lang).glob("*.txt")):
        paragraphs = [p.split("\n") for p in path.read_text(encoding="utf-8").strip().split("\n\n")]
        for sentences in paragraphs:
            got = texts(segment_text(" ".join(sentences), lang))
            total += len(sentences)
            errors += got != sentences
    assert total > 150
    assert errors <= total / 100


# --- dispatcher invariants --------------------------------------------------------------------

ALPHABET = st.sampled_from(
    [
        *"abcXYZéđơ ",
        *(". ", "! ", "? ", "...", "…", "«", "»", "“", "”", '"', "'", "(", ")", "\n", "\n\n"),
        *("Dr. ", "U.S. ", "4.0", " | ", "\xa0", "TS. ", "etc. "),
    ]
)


def _check_invariants(text: str, sentences: list[Sentence], reference: str) -> None:
    """In order, non-overlapping, offsets point at the sentence, nothing lost or invented."""
    previous_end = 0
    for s in sentences:
        assert previous_end <= s.start < s.end <= len(text)
        assert s.text == " ".join(text[s.start : s.end].split())
        assert s.text and s.text == s.text.strip()
        previous_end = s.end
    assert "".join("".join(s.text for s in sentences).split()) == "".join(reference.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "fr", "vi", "de"]))
def test_sentences_reproduce_the_text(text: str, lang: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sentences = segment_text(text, lang)
    _check_invariants(text, sentences, text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(["en", "fr", "vi"]))
def test_cleaned_sentences_reproduce_the_cleaned_text(text: str, lang: str) -> None:
    sentences = segment_text(text, lang, clean=True)
    doc = clean_text(text, lang)
    _check_invariants(text, sentences, "".join(p.text for p in doc.paragraphs))
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)


THAI_PIECES = st.sampled_from(
    ["ผู้แทน", "ได้", "กล่าว", " ", "\n", "(", ")", "VFDA", "30", ". ", "“", "”", "นาย", " |"]
)


# random mixes can be mostly Latin letters: the language-mismatch warning is right, and beside
# the point here
@pytest.mark.filterwarnings("ignore:text is mostly in Latin script")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(THAI_PIECES, max_size=30).map("".join),
    st.sampled_from(["sentences", "candidates"]),
)
def test_thai_through_the_dispatcher_keeps_the_invariants(text: str, mode: str) -> None:
    _check_invariants(text, segment_text(text, "th", mode=mode), text)


def test_segment_document_offsets_point_into_raw(seeds_dir: Path) -> None:
    raw = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    doc = clean_text(raw, "vi")
    sentences = segment_document(doc, "vi")
    assert len(sentences) > 40
    for s in sentences:
        assert " ".join(raw[s.start : s.end].split()) == s.text
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
    assert not any("ảnh 1" in s.text for s in sentences)  # image markers were cleaned away


def test_public_api_segment_with_clean() -> None:
    raw = "Title here\n\nVOV.VN - The event opened. It was big.\n\nComment (2)"
    sentences = pc.segment(raw, "en", clean=True)
    assert texts(sentences) == ["Title here", "The event opened.", "It was big."]
    assert raw[sentences[1].start : sentences[1].end] == "The event opened."


def test_empty_input_gives_no_sentences() -> None:
    assert segment_text("", "en") == []
    assert segment_text(" \n\t\n ", "fr", clean=True) == []


def test_five_megabyte_line_without_punctuation_or_spaces() -> None:
    """Linear time, bounded memory: one unbreakable 5 MB line is one sentence."""
    line = "a" * 5_000_000
    sentences = segment_text(line, "en")
    assert len(sentences) == 1 and sentences[0].end == len(line)
    many = "Ab. " * 50_000  # 200 KB of one-word sentences
    assert len(segment_text(many, "fr")) == 50_000


PATHOLOGICAL = {
    "whitespace run": "a" + " " * 200_000 + "b",
    "run of dots": "." * 200_000 + "a",
    "run of marks": "!?" * 100_000 + "a",
    "run of closers": "a." + "»" * 200_000 + " B",
    "run of parens": "(" * 200_000 + "a",
    "run of pipes": "|" * 200_000 + "a",
    "caps and dashes": "AB - " * 40_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_lines_stay_linear(name: str) -> None:
    """Runs that make backtracking regexes quadratic: these finish at once when linear."""
    text = PATHOLOGICAL[name]
    sentences = segment_text(text, "fr", clean=True)
    doc = clean_text(text, "fr")
    _check_invariants(text, sentences, "".join(p.text for p in doc.paragraphs))


@pytest.mark.slow
def test_five_megabyte_thai_line() -> None:
    line = "ก" * 5_000_000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sentences = segment_text(line, "th")
    assert "".join(s.text for s in sentences) == line


# --- registry ---------------------------------------------------------------------------------


def test_registry_plug_in_and_replace() -> None:
    def by_comma(text: str, mode: str = "sentences") -> list[str]:
        return [piece for piece in text.split(",") if piece.strip()]

    register("xq", by_comma)
    try:
        assert "xq" in available()
        assert get_segmenter("xq") is by_comma
        got = segment_text("one, two,three", "xq")
        # The commas the plug-in dropped are kept (nothing is lost) with the sentence before.
        assert texts(got) == ["one,", "two,", "three"]
        assert [(s.start, s.end) for s in got] == [(0, 4), (5, 9), (9, 14)]
        with pytest.raises(ValueError, match="replace=True"):
            register("xq", by_comma)
        pc.register_segmenter("xq", "parallelcorpus.segment.latin:segment_en", replace=True)
        assert texts(segment_text("Dr. X left. Y came.", "xq")) == ["Dr. X left.", "Y came."]
    finally:
        unregister("xq")


def test_registry_falls_back_when_a_module_is_missing() -> None:
    register("xr", "parallelcorpus.no_such_module:segment")
    try:
        with pytest.warns(SegmentationWarning, match="unavailable"):
            assert texts(segment_text("Alpha beta. Gamma.", "xr")) == ["Alpha beta.", "Gamma."]
    finally:
        unregister("xr")


def test_builtins_are_registered() -> None:
    assert {"en", "fr", "vi", "th"} <= set(available())


def test_unknown_language_uses_generic_with_warning() -> None:
    with pytest.warns(SegmentationWarning, match="generic"):
        assert texts(segment_text("Hallo Welt. Wie geht's?", "de")) == [
            "Hallo Welt.",
            "Wie geht's?",
        ]


@pytest.mark.parametrize("bad", ["", "e", "english", "e1", "en--", "12", "fr!"])
def test_malformed_language_code_is_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="language code"):
        segment_text("Some text.", bad)


def test_language_code_with_region_is_accepted() -> None:
    assert texts(segment_text("Dr. A left. B came.", "en-US")) == ["Dr. A left.", "B came."]


def test_script_contradiction_warns() -> None:
    thai = "ผู้แทนได้เสนอแนวทางแก้ไขปัญหาเชิงปฏิบัติมากมายในการประชุม"
    with pytest.warns(SegmentationWarning, match="Thai script"):
        segment_text(thai, "fr")


def test_bad_mode_is_input_error() -> None:
    with pytest.raises(InputError, match="mode"):
        segment_text("A.", "en", mode="words")


# --- command line -----------------------------------------------------------------------------


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}
    return subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "segment", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_non_utf8_names_file_and_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Bonjour. Ça va.".encode() + b"\xff\xfe rest")
    result = run_cli(str(bad), "--lang", "fr")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "bad.txt" in err and "byte 16" in err and "Traceback" not in err
    assert result.stdout == b""


def test_cli_bom_is_fine_and_jsonl_offsets(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"Dr. Lan spoke. She left.")
    result = run_cli(str(path), "--lang", "en", "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["text"] for r in rows] == ["Dr. Lan spoke.", "She left."]
    text = "Dr. Lan spoke. She left."
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def test_cli_empty_input_warns_and_exits_zero() -> None:
    result = run_cli("--lang", "en", stdin=b"  \n \n")
    assert result.returncode == 0
    assert result.stdout == b""
    assert "warning" in result.stderr.decode()


def test_cli_unknown_language_and_script_warnings() -> None:
    result = run_cli("--lang", "de", stdin=b"Guten Tag. Wie geht es?")
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == ["Guten Tag.", "Wie geht es?"]
    assert "warning" in result.stderr.decode() and "generic" in result.stderr.decode()
    result = run_cli("--lang", "fr", stdin="ภาษาไทยเป็นภาษาที่สวยงามมากและมีประวัติยาวนาน".encode())
    assert result.returncode == 0
    assert "Thai script" in result.stderr.decode()


def test_cli_bad_language_code_exits_two() -> None:
    result = run_cli("--lang", "english!", stdin=b"Hello.")
    assert result.returncode == 2
    assert "language code" in result.stderr.decode()


def test_cli_cleans_by_default_and_no_clean_keeps_furniture(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("002_*.txt"))
    cleaned = run_cli(str(seed), "--lang", "fr").stdout.decode()
    raw = run_cli(str(seed), "--lang", "fr", "--no-clean").stdout.decode()
    assert "(Photo" not in cleaned and "Comment (0)" not in cleaned
    assert "(Photo" in raw and "Comment (0)" in raw
