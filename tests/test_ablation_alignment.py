"""``scripts/ablation_alignment.py`` takes one signal out at a time and puts everything back."""

from __future__ import annotations

import importlib

import pytest
from scripts_loader import load_script

abl = load_script("ablation_alignment")
engine = importlib.import_module("parallelcorpus.align.engine")
documents = importlib.import_module("parallelcorpus.align.documents")


def test_an_ablation_is_in_force_only_inside_its_block():
    ablation = abl.Ablation(
        "x",
        drop=("a:",),
        weights={"w_para": 0.0},
        thai_candidates=False,
        lone_numbers=False,
        max_sentences=4,
    )
    costs = importlib.import_module("parallelcorpus.align.costs")
    before = (
        abl.bench.method_options,
        engine.sentence_features,
        documents.CANDIDATE_LANGS,
        costs.LONE_KEYS,
        engine.MAX_SENTENCES,
    )
    text = ["Đặng Hoàng Giang met 30 delegates in Boston on 11 March 2025."]
    with abl.applied(ablation):
        feats, _ = engine.sentence_features(text, "en", 2.0)[0]
        assert feats and not any(k.startswith("a:") for k in feats)  # cognates stay
        assert not documents.CANDIDATE_LANGS
        assert costs.LONE_KEYS == ()
        assert max(a + b for a, b in engine.bead_types_for()) == 5
        options = abl.bench.method_options("full")
        assert options["weights"].w_para == 0.0
        assert "weights" not in abl.bench.method_options("length")  # the baseline is untouched
    after = (
        abl.bench.method_options,
        engine.sentence_features,
        documents.CANDIDATE_LANGS,
        costs.LONE_KEYS,
        engine.MAX_SENTENCES,
    )
    assert after == before
    feats, _ = engine.sentence_features(text, "en", 2.0)[0]
    assert any(k.startswith("a:") for k in feats)


def test_the_block_restores_after_an_error():
    before = engine.sentence_features
    with pytest.raises(RuntimeError), abl.applied(abl.Ablation("x", drop=("c:",))):
        raise RuntimeError
    assert engine.sentence_features is before


def test_columns_average_their_sets():
    f1 = {
        "textberg-dev de-fr": 0.8,
        "noisy de-fr #1": 0.5,  # in the x40 set already
        "noisy de-fr x40": 0.7,
        "seeds fr-th": 1.0,
        "seeds en000-vi": 0.4,  # different reports: only their pairs count
        "written en-fr": 0.9,
        "written en-fr noisy": 0.7,
    }
    rows = {name: {"f1_strict": v, "pairs": 5} for name, v in f1.items()}
    means = abl.group_means(rows)
    assert means["Text+Berg dev"] == pytest.approx(0.8)
    assert means["Text+Berg noisy x40"] == pytest.approx(0.7)
    assert means["seed translations x5"] == pytest.approx(1.0)
    assert means["written x6"] == pytest.approx(0.9)
    assert means["written noisy x6"] == pytest.approx(0.7)
    assert means["seeds en-th"] is None
    assert means[abl.PAIRS_COLUMN] == 5


def test_table_shows_a_dash_for_a_column_no_set_ran(capsys):
    """``--only`` or missing data leaves columns empty: the table says so instead of failing."""
    rows = {"textberg-dev de-fr": {"f1_strict": 0.8, "pairs": 9}}
    means = abl.group_means(rows)
    abl.print_table([(abl.ABLATIONS[0], means, 1.0), (abl.ABLATIONS[1], means, 1.0)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert "0.800" in lines[2] and "0.800 (+0.000)" in lines[3]
    assert lines[3].count(" - ") == len(abl.GROUPS)  # every other column, and the pairs


def test_one_set_runs_end_to_end():
    full = abl.run(abl.ABLATIONS[0], only="written en-fr noisy")
    blind = abl.run(abl.Ablation("- anchors", drop=("a:",)), only="written en-fr noisy")
    assert set(full) == set(blind) == {"written en-fr noisy"}
    f1 = "f1_strict"
    assert 0.0 <= blind["written en-fr noisy"][f1] < full["written en-fr noisy"][f1] <= 1.0
