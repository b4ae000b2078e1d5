"""Raw articles end to end: cleaning, segmentation, Thai candidate merging, document score, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import parallelcorpus as pc
from parallelcorpus.align.documents import merge_candidates, sentence_groups
from parallelcorpus.types import Alignment, Bead, Sentence


def _seed(seeds_dir: Path, prefix: str) -> str:
    return next(seeds_dir.glob(prefix + "*.txt")).read_text(encoding="utf-8")


def test_merge_candidates_joins_pieces_of_a_bead_and_renumbers() -> None:
    raw = "ก ข  ค ง จ"
    pieces = [
        Sentence("ก", 0, 1),
        Sentence("ข", 2, 3),
        Sentence("ค", 5, 6),
        Sentence("ง", 7, 8),
        Sentence("จ", 9, 10),
    ]
    src = [Sentence("A", 0, 1), Sentence("B", 2, 3)]
    beads = [
        Bead((0,), (0, 1), 0.9),
        Bead((), (2,), 0.0),
        Bead((), (3,), 0.0),
        Bead((1,), (4,), 0.8),
    ]
    alignment = Alignment(beads, src, pieces, "fr", "th", 0.7)
    merged = merge_candidates(alignment, raw, {0, 5, 9}, source=False)
    assert [s.text for s in merged.tgt_sentences] == ["ก ข", "ค ง", "จ"]
    assert merged.tgt_sentences[0].start == 0 and merged.tgt_sentences[0].end == 3
    assert [(b.src, b.tgt) for b in merged.beads] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]


def test_merge_candidates_keeps_sentence_starts_apart() -> None:
    raw = "ก ข ค"
    pieces = [Sentence("ก", 0, 1), Sentence("ข", 2, 3), Sentence("ค", 4, 5)]
    beads = [Bead((), (0,), 0.0), Bead((), (1,), 0.0), Bead((), (2,), 0.0)]
    alignment = Alignment(beads, [], pieces, "en", "th", 0.0)
    merged = merge_candidates(alignment, raw, {0, 4}, source=False)
    assert [s.text for s in merged.tgt_sentences] == ["ก ข", "ค"]


def test_sentence_groups_follow_sentence_starts_and_paragraphs() -> None:
    pieces = [
        Sentence("a", 0, 1, 0),
        Sentence("b", 2, 3, 0),
        Sentence("c", 4, 5, 1),
        Sentence("d", 6, 7, 1),
    ]
    assert sentence_groups(pieces, {0, 6}) == [0, 0, 1, 2]
    assert sentence_groups(pieces, None) is None


def _covers(alignment: Alignment) -> None:
    src = [i for b in alignment.beads for i in b.src]
    tgt = [j for b in alignment.beads for j in b.tgt]
    assert src == list(range(len(alignment.src_sentences)))
    assert tgt == list(range(len(alignment.tgt_sentences)))


def test_fr_th_seeds_end_to_end(seeds_dir: Path) -> None:
    fr, th = _seed(seeds_dir, "002_"), _seed(seeds_dir, "004_")
    alignment = pc.align_documents(fr, th, "fr", "th")
    _covers(alignment)
    for sent in alignment.tgt_sentences:  # merged Thai units are verbatim source text
        assert sent.text == " ".join(th[sent.start : sent.end].split())
    pairs = sum(1 for b in alignment.beads if not b.is_null)
    assert pairs >= 50
    assert alignment.doc_score > 0.5


def test_different_reports_score_lower_than_translations(seeds_dir: Path) -> None:
    vi = _seed(seeds_dir, "003_")
    other = pc.align_documents(_seed(seeds_dir, "000_"), vi, "en", "vi")
    translation = pc.align_documents(_seed(seeds_dir, "002_"), vi, "fr", "vi")
    _covers(other)
    assert other.doc_score < 0.5 <= translation.doc_score
    assert other.doc_score < translation.doc_score - 0.1
    assert sum(1 for b in other.beads if not b.is_null) <= 8  # a handful of pairs at most


def test_different_report_against_abridged_and_thai_translations(seeds_dir: Path) -> None:
    """The different report covers part of itself with sentences sharing names with any version
    (and Thai sentence pieces fit any length), but little of the other article; the abridged
    English translation still counts as a translation."""
    report, en, th = _seed(seeds_dir, "000_"), _seed(seeds_dir, "001_"), _seed(seeds_dir, "004_")
    other = pc.align_documents(report, th, "en", "th")
    abridged = pc.align_documents(en, th, "en", "th")
    _covers(other)
    assert other.doc_score < abridged.doc_score - 0.05
    assert sum(1 for b in other.beads if not b.is_null) <= 8
    assert sum(1 for b in abridged.beads if not b.is_null) >= 15


def test_empty_article_gives_null_beads(seeds_dir: Path) -> None:
    alignment = pc.align_documents("", _seed(seeds_dir, "002_"), "en", "fr")
    assert all(b.is_null for b in alignment.beads)
    _covers(alignment)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "align", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_presplit_ladder_and_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "a.en"
    tgt = tmp_path / "a.fr"
    src.write_text("The museum opened in 1998.\nIt holds 4,500 paintings.\n", encoding="utf-8")
    tgt.write_text("Le musée a ouvert en 1998.\nIl abrite 4 500 tableaux.\n", encoding="utf-8")
    out = _cli(str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "fr", "--presplit")
    assert out.returncode == 0, out.stderr
    assert [line.rsplit(":", 1)[0] for line in out.stdout.splitlines()] == ["[0]:[0]", "[1]:[1]"]
    out = _cli(
        str(src),
        str(tgt),
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        "--presplit",
        "--format",
        "jsonl",
    )
    objs = [json.loads(line) for line in out.stdout.splitlines()]
    assert objs[0]["src"] == "The museum opened in 1998." and objs[0]["tgt_ids"] == [0]
    out = _cli(
        str(src), str(tgt), "--src-lang", "en", "--tgt-lang", "fr", "--presplit", "--format", "tsv"
    )
    assert out.stdout.splitlines()[1].split("\t")[:2] == [
        "It holds 4,500 paintings.",
        "Il abrite 4 500 tableaux.",
    ]


@pytest.mark.slow
def test_cli_raw_articles_and_length_method(seeds_dir: Path) -> None:
    fr, vi = next(seeds_dir.glob("002_*.txt")), next(seeds_dir.glob("003_*.txt"))
    for method in ("full", "length"):
        out = _cli(str(fr), str(vi), "--src-lang", "fr", "--tgt-lang", "vi", "--method", method)
        assert out.returncode == 0, out.stderr
        assert "document score" in out.stderr
        assert len(out.stdout.splitlines()) > 40


def test_cli_missing_file_is_exit_2(tmp_path: Path) -> None:
    out = _cli(
        str(tmp_path / "nope.txt"),
        str(tmp_path / "nope2.txt"),
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
    )
    assert out.returncode == 2
    assert "nope.txt" in out.stderr


def test_edge_between_pairs_moves_to_the_piece_where_the_next_sentence_starts() -> None:
    """The segmenter kept the start of the second sentence in the first one's group; the
    alignment moves the edge to the piece where the translation of the second sentence starts."""
    from parallelcorpus.align.engine import align_sentence_lists

    src = [
        "The committee met in Geneva on 12 March 2024 with Maria Lopez.",
        "It approved 45 projects worth 300 million dollars for Kenya.",
    ]
    tgt = [
        "Le comité s'est réuni",
        "à Genève le 12 mars 2024 avec Maria Lopez.",
        "Il a approuvé 45 projets",
        "pour 300 millions de dollars au Kenya.",
    ]
    alignment = align_sentence_lists(src, tgt, "en", "fr", tgt_groups=[0, 0, 0, 1])
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0, 1)), ((1,), (2, 3))]


def test_caption_paragraphs_are_the_lines_a_photo_credit_followed() -> None:
    from parallelcorpus.align.documents import caption_paragraphs
    from parallelcorpus.clean import clean_text

    raw = (
        "Le ministre a parlé hier. (Photo : Thanh Ha) |\n\n"
        "Le ministre a présenté le budget devant les députés.\n\n"
        "Les députés applaudissent. |\n\n"
        "Le vote aura lieu demain."
    )
    doc = clean_text(raw, "fr")
    assert doc.paragraphs[0].text == "Le ministre a parlé hier."
    assert caption_paragraphs(doc) == {0, 2}


def test_a_caption_that_restates_a_sentence_does_not_take_its_bead() -> None:
    # the abridged English keeps the sentence; the French caption above the paragraph restates
    # it with the name that the French sentence itself replaces by "Elle"
    en = (
        "The festival opened in Hanoi on Monday with films from twelve countries.\n\n"
        "Dr. Ngo Phuong Lan emphasized that AI really plays an important role in film "
        "production by saving time, costs and resources.\n\n"
        "The festival closes on Sunday with an award ceremony."
    )
    fr = (
        "Le festival s'est ouvert lundi à Hanoï avec des films de douze pays.\n\n"
        "Le Dr Ngo Phuong Lan a déclaré que l'IA permettait de gagner du temps et des "
        "ressources dans la production. (Photo : Thanh Ha) |\n\n"
        "Elle a affirmé que l'IA joue un rôle important dans la production "
        "cinématographique en permettant de gagner du temps, de l'argent et des ressources.\n\n"
        "Le festival se termine dimanche par une cérémonie de remise des prix."
    )
    alignment = pc.align_documents(en, fr, "en", "fr")
    pairs = {b.src: b.tgt for b in alignment.beads if b.src and b.tgt}
    assert pairs[(1,)] == (2,)
    assert not any(1 in b.tgt for b in alignment.beads if b.src)
