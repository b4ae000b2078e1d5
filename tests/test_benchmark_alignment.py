"""What ``scripts/benchmark_alignment.py`` computes besides the scores: confidence calibration
and which methods run where."""

from __future__ import annotations

import shutil

import pytest
from scripts_loader import load_script

from parallelcorpus.types import Bead

bench = load_script("benchmark_alignment")


def test_calibration_counts_aligned_beads_per_confidence_bucket(capsys):
    bench.CALIBRATION.clear()
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2, 3))]
    beads = [
        Bead((0,), (0,), 0.9, {"evidence": 0.3}),  # right, top bucket
        Bead((1,), (1,), 0.1),  # right, bottom bucket (no evidence recorded: the score)
        Bead((2,), (), 0.0),  # null: not counted
        Bead((3,), (2,), 0.85, {"evidence": 0.7}),  # wrong (gold is 1-2), top bucket
        Bead((), (3,), 0.0),
    ]
    bench._calibrate("toy", beads, gold)
    expected = [("toy", 0.1, 0.1, True), ("toy", 0.85, 0.7, False), ("toy", 0.9, 0.3, True)]
    assert sorted(bench.CALIBRATION) == expected
    bench.print_calibration()
    out = capsys.readouterr().out
    assert "[0.0, 0.2)" in out and "1 beads  1.000" in out  # bottom bucket: 1 of 1 right
    assert "[0.8, 1.0]" in out and "2 beads  0.500" in out  # top bucket: 1 of 2 right
    # confidence ranks the wrong bead between the right ones; evidence ranks it above both
    assert "ECE" in out and "AUC 0.500" in out and "AUC 0.000" in out
    bench.CALIBRATION.clear()


def test_calibration_error_and_ranking_auc():
    assert bench.expected_calibration_error([0.9, 0.9], [True, False]) == pytest.approx(0.4)
    assert bench.expected_calibration_error([0.1, 0.9], [False, True]) == pytest.approx(0.1)
    assert bench.ranking_auc([0.2, 0.8], [False, True]) == 1.0
    assert bench.ranking_auc([0.8, 0.2], [False, True]) == 0.0
    assert bench.ranking_auc([0.5, 0.5], [False, True]) == 0.5
    assert bench.ranking_auc([0.5], [True]) != bench.ranking_auc([0.5], [True])  # NaN: no wrong


def test_mt_rows_only_where_apertium_translates():
    assert bench.runs_here("full", ("vi", "th"))
    if shutil.which("apertium") is None:
        assert not bench.runs_here("full+mt", ("en", "fr"))
        pytest.skip("Apertium not installed")
    assert bench.runs_here("full+mt", ("en", "fr"))
    assert not bench.runs_here("full+mt", ("vi", "th"))


def test_loss_counts_split_recall_by_deletions_and_count_absorbed_sentences(capsys):
    # gold: 0-0, then source 1 lost its translation, then 2-1, 3-2, 4-3
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,))]
    test = [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,)), ((4,), (3,))]  # 1 absorbed by 0
    near, near_ok, other, other_ok, absorbed = bench.loss_counts(gold, test)
    assert (near, near_ok) == (2, 1)  # 0-0 and 2-1 sit next to the deletion; 0-0 was lost
    assert (other, other_ok) == (2, 2)
    assert absorbed == 1
    bench.LOSSES.clear()
    bench.LOSSES["toy noisy"] = [near, near_ok, other, other_ok, absorbed]
    bench.print_losses()
    assert "toy noisy" in capsys.readouterr().out
    bench.LOSSES.clear()
