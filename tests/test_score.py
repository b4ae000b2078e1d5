"""Scoring over sacrebleu: same numbers as sacrebleu, Thai words, signatures, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus.cli import main
from parallelcorpus.score import segment_thai_words, thai_segmenter_id

HYPS = [
    "The president met the delegation in Hanoi on Monday.",
    "Both sides agreed to cooperate on film production.",
    "Many concrete solutions were proposed at the workshop.",
]
REFS = [
    "The president received the delegation in Hanoi on Monday.",
    "The two sides agreed to cooperate in film production.",
    "Delegates proposed many concrete solutions at the workshop.",
]
REFS2 = [
    "On Monday the president met the delegation in Hanoi.",
    "Both sides agreed to work together on film production.",
    "Many practical solutions were proposed during the workshop.",
]
TH_REF = ["ผู้แทนได้เสนอแนวทางแก้ไขปัญหาเชิงปฏิบัติมากมาย", "ความร่วมมือในการพัฒนาภาพยนตร์"]
TH_HYP = ["ผู้แทนเสนอแนวทางแก้ไขปัญหามากมาย", "ความร่วมมือเพื่อพัฒนาภาพยนตร์"]


def test_api_function_survives_its_module_import() -> None:
    """``parallelcorpus.score`` is both the API function and a module: the function wins."""
    pc.score(HYPS, REFS, "en")
    assert callable(pc.score)
    assert pc.score(HYPS, REFS, "en")["bleu"].score > 0


def test_english_matches_sacrebleu_with_13a() -> None:
    result = pc.score(HYPS, REFS, "en")
    assert result["bleu"].score == pytest.approx(sacrebleu.corpus_bleu(HYPS, [REFS]).score)
    chrf_pp = sacrebleu.corpus_chrf(HYPS, [REFS], word_order=2).score
    assert result["chrf"].score == pytest.approx(chrf_pp)
    assert result["ter"].score == pytest.approx(sacrebleu.corpus_ter(HYPS, [REFS]).score)
    assert "tok:13a" in result["bleu"].signature
    assert "nrefs:1" in result["bleu"].signature
    assert result["chrf"].name == "chrF2++"
    assert result["ter"].higher_is_better is False
    assert result.primary.metric == "bleu"
    assert result["bleu"].format().startswith("BLEU|nrefs:1|")


def test_several_reference_streams() -> None:
    single = pc.score(HYPS, REFS, "en", ["bleu"])["bleu"]
    double = pc.score(HYPS, [REFS, REFS2], "en", ["bleu"])["bleu"]
    assert "nrefs:2" in double.signature
    assert double.score == pytest.approx(sacrebleu.corpus_bleu(HYPS, [REFS, REFS2]).score)
    assert double.score > single.score


def test_thai_bleu_counts_pythainlp_words_and_says_so() -> None:
    result = pc.score(TH_HYP, TH_REF, "th")
    bleu = result["bleu"]
    assert "tok:none" in bleu.signature
    assert f"|thseg:{thai_segmenter_id()}|" in bleu.signature
    assert thai_segmenter_id().startswith("pythainlp-newmm-")
    assert bleu.signature.endswith(f"version:{sacrebleu.__version__}")
    words_hyp = [segment_thai_words(h) for h in TH_HYP]
    words_ref = [segment_thai_words(r) for r in TH_REF]
    expected = sacrebleu.corpus_bleu(words_hyp, [words_ref], tokenize="none").score
    assert bleu.score == pytest.approx(expected)
    # Without word segmentation each Thai phrase is one "word": BLEU sees no overlap at all.
    assert sacrebleu.corpus_bleu(TH_HYP, [TH_REF], tokenize="13a").score == 0.0
    assert bleu.score > 0.0
    assert "thseg" in result["ter"].signature
    assert "thseg" not in result["chrf"].signature  # chrF++ needs no words
    assert result.primary.metric == "chrf"


def test_thai_character_option() -> None:
    result = pc.score(TH_HYP, TH_REF, "th", ["bleu", "ter"], thai_tokenize="char")
    assert "tok:char" in result["bleu"].signature
    expected = sacrebleu.corpus_bleu(TH_HYP, [TH_REF], tokenize="char").score
    assert result["bleu"].score == pytest.approx(expected)
    assert "|thseg:char|" in result["ter"].signature
    with pytest.raises(pc.InputError):
        pc.score(TH_HYP, TH_REF, "th", ["bleu"], thai_tokenize="spm")


def test_sentence_scores_use_effective_order() -> None:
    result = pc.score(["Good morning.", *HYPS], ["Good morning.", *REFS], "en", sentence_level=True)
    for metric in result:
        assert metric.sentence_scores is not None
        assert len(metric.sentence_scores) == 4
    assert result["bleu"].sentence_scores[0] == pytest.approx(100.0)  # 3 tokens, still 100
    assert result["ter"].sentence_scores[0] == pytest.approx(0.0)
    expected = sacrebleu.sentence_bleu(HYPS[1], [REFS[1]]).score
    assert result["bleu"].sentence_scores[2] == pytest.approx(expected)


def test_count_mismatch_and_bad_metric_are_input_errors() -> None:
    with pytest.raises(pc.InputError, match=r"3 hypotheses but 2 segments"):
        pc.score(HYPS, REFS[:2], "en")
    with pytest.raises(pc.InputError, match="unknown metric"):
        pc.score(HYPS, REFS, "en", ["meteor"])
    with pytest.raises(pc.InputError, match="no hypotheses"):
        pc.score([], [], "en")


words = st.lists(
    st.sampled_from(["chat", "noir", "maison", "le", "grand", "ville", "été"]),
    min_size=4,
    max_size=12,
).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(st.lists(words, min_size=1, max_size=5))
def test_perfect_output_scores_perfectly(segments: list[str]) -> None:
    result = pc.score(segments, segments, "fr")
    assert result["bleu"].score == pytest.approx(100.0)
    assert result["chrf"].score == pytest.approx(100.0)
    assert result["ter"].score == pytest.approx(0.0)


# ----------------------------------------------------------------------------- CLI


def _write(path: Path, lines: list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_cli_score_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = _write(tmp_path / "hyp.txt", HYPS)
    ref = _write(tmp_path / "ref.txt", REFS)
    assert main(["score", "--hyp", hyp, "--ref", ref, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("|")[0] for line in out] == ["BLEU", "chrF2++", "TER"]
    assert (
        main(
            [
                "score",
                "--hyp",
                hyp,
                "--ref",
                ref,
                "--ref",
                _write(tmp_path / "r2", REFS2),
                "--lang",
                "en",
                "--metrics",
                "chrf",
                "--format",
                "json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["n_refs"] == 2
    assert list(data["metrics"]) == ["chrf"]
    assert main(["score", "--hyp", hyp, "--ref", ref, "--lang", "en", "--sentence-level"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[3].split("\t") == ["segment", "bleu", "chrf", "ter"]
    assert len(lines) == 3 + 1 + len(HYPS)


def test_cli_score_thai_signature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = _write(tmp_path / "hyp.th", TH_HYP)
    ref = _write(tmp_path / "ref.th", TH_REF)
    assert main(["score", "--hyp", hyp, "--ref", ref, "--lang", "th"]) == 0
    assert "|thseg:pythainlp-newmm-" in capsys.readouterr().out
    assert (
        main(
            [
                "score",
                "--hyp",
                hyp,
                "--ref",
                ref,
                "--lang",
                "th",
                "--thai-tokenize",
                "char",
                "--metrics",
                "bleu",
            ]
        )
        == 0
    )
    assert "|tok:char|" in capsys.readouterr().out


def test_cli_score_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = _write(tmp_path / "hyp.txt", HYPS)
    short = _write(tmp_path / "short.txt", REFS[:2])
    assert main(["score", "--hyp", hyp, "--ref", short, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "short.txt" in err and "2 lines" in err and "have 3" in err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("été\n".encode("latin-1") * 3)
    assert main(["score", "--hyp", hyp, "--ref", str(latin1), "--lang", "fr"]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
    assert main(["score", "--hyp", hyp, "--ref", hyp, "--lang", "en", "--metrics", "bleu,x"]) == 2
    assert main(["score", "--hyp", str(tmp_path / "nope"), "--ref", hyp, "--lang", "en"]) == 2
