"""The hand-made gold alignments of the seeds stay valid test data.

Runs the checks of ``scripts/check_gold.py`` (verbatim sides, document order, full coverage of
content, furniture only left out) on every gold file, plus a few consistency checks between
files, and makes sure the checker itself catches the mistakes it is meant to catch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "data" / "gold"
EXPECTED = ["vi-fr", "vi-th", "en-vi", "en-fr", "en-th", "en000-vi"]


check_gold = load_script("check_gold")


def _units(pair: str) -> list[dict]:
    path = GOLD_DIR / f"{pair}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("pair", EXPECTED)
def test_gold_file_is_valid(pair: str) -> None:
    report = check_gold.check_file(GOLD_DIR / f"{pair}.jsonl")
    assert report.violations == []
    assert report.coverage["src"] == pytest.approx(100.0)
    assert report.coverage["tgt"] == pytest.approx(100.0)
    assert report.one_one > 0


def test_no_unexpected_gold_files() -> None:
    assert sorted(p.stem for p in GOLD_DIR.glob("*.jsonl")) == sorted(EXPECTED)


def test_shared_fr_th_gold_passes_the_same_checks(shared_data: Path) -> None:
    report = check_gold.check_file(shared_data / "seeds-gold" / "fr-th.jsonl")
    assert report.violations == []
    assert report.one_one == report.units


def _null_sides(pair: str, key: str) -> list[str]:
    other = "tgt" if key == "src" else "src"
    return [u[key] for u in _units(pair) if u[other] is None and u[key] is not None]


@pytest.mark.parametrize(("a", "b"), [("vi-fr", "vi-th"), ("en-fr", "en-th")])
def test_parallel_targets_leave_the_same_source_sentences_unpaired(a: str, b: str) -> None:
    # fr 002 and th 004 are full translations of each other, so a source sentence has a
    # counterpart in one exactly when it has one in the other.
    assert _null_sides(a, "src") == _null_sides(b, "src")


def test_other_report_pairs_only_a_handful() -> None:
    paired = [u for u in _units("en000-vi") if u["src"] and u["tgt"]]
    assert 1 <= len(paired) <= 6


ARTICLE = "Title line\n\nVHO - First sentence here. Second one.\n(Photo : Someone) |\nComment (0)\n"
TARGET = "Titre\nPremière phrase. Deuxième.\n"


def _check(units: list[dict]):
    return check_gold.check_units(units, ARTICLE, TARGET, "xx-yy", ("en", "fr"))


GOOD = [
    {"src": "Title line", "tgt": "Titre"},
    {"src": "First sentence here.", "tgt": "Première phrase."},
    {"src": "Second one.", "tgt": "Deuxième."},
]


def test_checker_accepts_full_verbatim_alignment_and_skips_furniture() -> None:
    report = _check(GOOD)
    assert report.violations == []
    assert (report.one_one, report.n_m) == (3, 0)
    assert any("photo credit" in f for f in report.furniture["src"])


def test_checker_counts_merged_units_and_nulls() -> None:
    units = [
        {"src": "Title line", "tgt": None},
        {"src": None, "tgt": "Titre"},
        {"src": "First sentence here. Second one.", "tgt": "Première phrase. Deuxième."},
    ]
    report = _check(units)
    assert report.violations == []
    assert (report.n_m, report.src_only, report.tgt_only) == (1, 1, 1)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (
            [GOOD[0], {"src": "First sentence  here.", "tgt": "Première phrase."}, GOOD[2]],
            "verbatim",
        ),
        ([GOOD[0], GOOD[2], GOOD[1]], "order"),
        ([GOOD[0], GOOD[1]], "uncovered content"),
        ([GOOD[0], {"src": "irst sentence here.", "tgt": "Première phrase."}, GOOD[2]], "word"),
        ([*GOOD, {"src": None, "tgt": None}], "both sides are null"),
        ([*GOOD[:2], {"src": "Second one. ", "tgt": "Deuxième."}], "whitespace"),
    ],
)
def test_checker_reports_violations(units: list[dict], message: str) -> None:
    report = _check(units)
    assert any(message in v for v in report.violations), report.violations


def test_script_exit_status_reflects_violations(tmp_path: Path, capsys) -> None:
    assert check_gold.main(["--no-shared"]) == 0
    bad = tmp_path / "vi-fr.jsonl"
    bad.write_text('{"src": "Not in the seed.", "tgt": null}\n', encoding="utf-8")
    assert check_gold.main([str(bad)]) == 1
    assert "VIOLATION" in capsys.readouterr().out
