"""The hand-written parallel dev set (tests/data/parallel) is complete and self-consistent."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]


check = load_script("check_parallel_data")
noisy = load_script("make_noisy")
DOCS = check.documents()


def test_there_are_enough_documents_of_each_genre() -> None:
    assert len(DOCS) >= 3
    assert any(d.startswith("news_") for d in DOCS) and any(d.startswith("wiki_") for d in DOCS)


@pytest.mark.parametrize("doc", DOCS)
def test_segmentation_joins_back_to_the_document(doc: str) -> None:
    assert check.check_document(doc) == []


@pytest.mark.parametrize("doc", DOCS)
def test_gold_ladders_cover_each_side_once_in_order(doc: str) -> None:
    assert check.check_gold(doc) == []
    counts = check.sentence_counts(doc)
    assert all(15 <= n <= 40 for n in counts.values()), counts


def test_noisy_variants_are_consistent_with_their_files() -> None:
    ladders = sorted((check.DATA / "noisy").glob("*.ladder"))
    assert len(ladders) == len(DOCS) * len(check.REQUIRED_PAIRS) * len(noisy.VARIANTS)
    errors = []
    for ladder in ladders:
        errors += check.check_noisy_variant(ladder.with_name(ladder.name[: -len(".ladder")]), DOCS)
    assert errors == []


def test_committed_files_are_what_the_generators_produce() -> None:
    assert check.check_up_to_date() == []


def test_ladder_checker_rejects_gaps_overlaps_and_disorder() -> None:
    good = [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]
    assert check.check_ladder(good, 3, 3, "x") == []
    assert check.check_ladder(good[:2], 3, 3, "x")  # tgt 2 missing
    assert check.check_ladder([good[1], good[0], good[2]], 3, 3, "x")  # not monotone
    assert check.check_ladder([*good, ((), (2,))], 3, 3, "x")  # tgt 2 twice
    assert check.check_ladder([((0,), (0,)), ((1, 2), ()), ((), (1, 2))], 3, 3, "x")  # fat null


def test_origins_find_merges_deletions_and_foreign_lines() -> None:
    clean = ["A a.", "B b.", "C c.", "D d."]
    origins, errors = check._origins(["A a. B b.", "Z z.", "D d."], clean, {"Z z."})
    assert origins == [(0, 1), (), (3,)] and errors == []
    _, errors = check._origins(["B b.", "A a."], clean, set())  # out of order
    assert errors


def test_transform_ladder_fuses_merged_beads_and_nulls_deleted_counterparts() -> None:
    beads = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2, 3))]
    src = [
        noisy.Line("s0", (0,)),
        noisy.Line("s1", (1,)),
        noisy.Line("s2", (2,)),
        noisy.Line("s3", (3,)),
    ]
    # target: t0 and t1 merged into one line, t3 deleted, an added line at the end
    tgt = [noisy.Line("t0 t1", (0, 1)), noisy.Line("t2", (2,)), noisy.Line("x", ())]
    assert noisy.transform_ladder(beads, src, tgt) == [
        ((0, 1, 2), (0,)),
        ((3,), (1,)),
        ((), (2,)),
    ]


def test_noisy_generation_is_deterministic() -> None:
    doc = DOCS[0]
    first = noisy.make_variant(doc, "en", "fr", "mixed", DOCS)
    random.seed(12345)  # global state must not matter
    assert noisy.make_variant(doc, "en", "fr", "mixed", DOCS) == first


build = load_script("build_parallel_data")

SMALL_SOURCE = """doc: tiny
en: Title
fr: Titre
vi: Tiêu đề
th: หัวเรื่อง
==
en: One, and
fr: Un.
vi: Một,
th: หนึ่ง

en: + two.
fr: Deux.
vi: + hai.
th: +

en: Three.
fr: -
vi: Ba.
th: สาม
"""


def test_ladders_follow_from_the_atom_grid(tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(SMALL_SOURCE, encoding="utf-8")
    doc = build.parse_source(path)
    assert doc.langs["en"].paragraphs == [["Title"], ["One, and two.", "Three."]]
    assert doc.langs["th"].paragraphs == [["หัวเรื่อง"], ["หนึ่ง", "สาม"]]
    assert build.ladder(doc, "en", "fr") == [([0], [0]), ([1], [1, 2]), ([2], [])]
    assert build.ladder(doc, "fr", "th") == [([0], [0]), ([1, 2], [1]), ([], [2])]
    assert build.ladder(doc, "en", "vi") == [([0], [0]), ([1], [1]), ([2], [2])]


@pytest.mark.parametrize(
    "bad",
    [
        "doc: tiny\nen: + dangling\n",  # nothing to continue
        "doc: tiny\nen: A.\nen: B.\n",  # two lines of one language in one atom
        "doc: other\nen: A.\nfr: A.\nvi: A.\nth: A\n",  # id does not match the file name
        "doc: tiny\nen: A.\n==\nen: + across a paragraph break\n",
        "doc: tiny\nxx: A.\n",
    ],
)
def test_malformed_sources_are_rejected(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(build.SourceError):
        build.parse_source(path)
