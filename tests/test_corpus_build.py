"""The real corpus, built once per session from ``seeds/`` (fixture ``built_corpus``).

Checks that the committed ``dist/`` is exactly what a rebuild gives, that the card and configs
follow the Hugging Face conventions, that nothing is lost or invented, and that the pair configs
follow the hand-made gold alignments of the seeds.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from scripts_loader import load_script

import parallelcorpus as pc

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ["en-fr", "en-vi", "en-th", "fr-vi", "fr-th", "vi-th"]


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_rebuild_reproduces_committed_dist_byte_for_byte(built_corpus: Path) -> None:
    committed = ROOT / "dist"
    if not (committed / "README.md").exists():
        pytest.fail("dist/ is not built: run `parallelcorpus build` and commit dist/")
    fresh, old = files(built_corpus), files(committed)
    assert sorted(fresh) == sorted(old), "same files"
    changed = [name for name in fresh if fresh[name] != old[name]]
    assert not changed, (
        f"rebuild differs from the committed dist/ in {changed}: run `parallelcorpus build`"
    )


def test_card_yaml_declares_languages_license_and_configs(built_corpus: Path) -> None:
    import yaml

    text = (built_corpus / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(text.split("---\n")[1])
    assert header["language"][:4] == ["en", "fr", "vi", "th"]
    assert header["license"] == "other" and "publishers" in header["license_details"]
    assert header["task_categories"] == ["translation"]
    assert header["pretty_name"]
    configs = {c["config_name"]: c for c in header["configs"]}
    assert list(configs)[:7] == ["multiway", *PAIRS]
    assert configs["multiway"]["default"] is True
    for name, config in configs.items():
        [spec] = config["data_files"]
        assert spec["split"] == "test"
        assert (built_corpus / spec["path"]).is_file(), name
    infos = {i["config_name"]: i for i in header["dataset_info"]}
    for name in configs:
        n = len(pc.load(built_corpus, name)["test"])
        [split] = infos[name]["splits"]
        assert split["name"] == "test" and split["num_examples"] == n and split["num_bytes"] > 0
    body = text.split("---\n", 2)[2]
    for needed in ("parallelcorpus build", "Known limitations", "bead types", "License"):
        assert needed in body


def test_datasets_loads_every_config_offline_with_typed_translation(
    built_corpus: Path, tmp_path: Path
) -> None:
    import datasets

    for name in PAIRS:
        ds = datasets.load_dataset(str(built_corpus), name, split="test", cache_dir=str(tmp_path))
        a, b = name.split("-")
        assert ds.features["translation"] == datasets.Translation(languages=[a, b])
        assert len(ds) > 0
        row = ds[0]
        assert set(row["translation"]) == {a, b}
        assert row[f"{a}_doc"] and row[f"{b}_doc"]
        assert 0.0 <= row["confidence"] <= 1.0
    mw = datasets.load_dataset(str(built_corpus), split="test", cache_dir=str(tmp_path))
    assert {"en", "fr", "vi", "th", "bead_type", "confidence", "anchors"} <= set(mw.column_names)


def test_offsets_point_at_the_source_text(built_corpus: Path) -> None:
    raw = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for name in PAIRS:
        for row in pc.load(built_corpus, name)["test"]:
            for lang in name.split("-"):
                span = raw[row[f"{lang}_doc"]][row[f"{lang}_start"] : row[f"{lang}_end"]]
                text = row["translation"][lang]
                t, sp = _letters(text), _letters(span)
                assert sp.startswith(t[:20]) and sp.endswith(t[-20:])
                rest = iter(sp)  # every character of the text, in order (furniture may lie between)
                assert all(ch in rest for ch in t)
                assert text == " ".join(text.split()), "whitespace-normalised"


def _letters(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", text) if ch.isalnum())


def test_multiway_holds_every_sentence_of_each_kept_article_once(built_corpus: Path) -> None:
    rows = pc.load(built_corpus)["test"]
    for lang in ("en", "fr", "vi", "th"):
        docs = {r[f"{lang}_doc"] for r in rows if r[lang] is not None}
        assert len(docs) == 1, "one article per language"
        ids = [i for r in rows if r[lang] is not None for i in r[f"{lang}_sentence_ids"]]
        assert sorted(ids) == list(range(len(ids))), f"{lang}: each segment exactly once"
    excluded = "000_720aed6279aef14e"
    assert excluded not in {r["en_doc"] for r in rows}, "the different report is left out"
    card = (built_corpus / "README.md").read_text(encoding="utf-8")
    assert f"`{excluded}.txt` | en | detected |" in card


def test_multiway_counts_in_card_match_rows(built_corpus: Path) -> None:
    rows = pc.load(built_corpus)["test"]
    full = sum(1 for r in rows if r["n_languages"] == 4)
    assert full > 0
    assert f"{full} with all four" in (built_corpus / "README.md").read_text(encoding="utf-8")


def test_moses_and_jsonl_exports_match_the_pair_configs(built_corpus: Path) -> None:
    for name in PAIRS:
        a, b = name.split("-")
        rows = pc.load(built_corpus, name)["test"]
        la = (built_corpus / "exports" / "moses" / f"{name}.{a}").read_text(encoding="utf-8")
        lb = (built_corpus / "exports" / "moses" / f"{name}.{b}").read_text(encoding="utf-8")
        assert la.splitlines() == [r["translation"][a] for r in rows]
        assert lb.splitlines() == [r["translation"][b] for r in rows]
        jl = (built_corpus / "exports" / "jsonl" / f"{name}.jsonl").read_text(encoding="utf-8")
        assert [json.loads(x)["translation"] for x in jl.splitlines()] == rows["translation"]


def test_tmx_has_one_unit_per_multiway_unit(built_corpus: Path) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(built_corpus / "exports" / "corpus.tmx").getroot()
    rows = pc.load(built_corpus)["test"]
    assert len(root.findall("body/tu")) == sum(1 for r in rows if r["n_languages"] >= 2)


def _evaluator():
    return load_script("evaluate_alignment")


@pytest.mark.parametrize(
    ("gold", "config"), [("vi-fr", "fr-vi"), ("vi-th", "vi-th"), ("en-fr", "en-fr")]
)
def test_pair_configs_follow_the_gold_alignments(
    built_corpus: Path, gold: str, config: str
) -> None:
    """Lax match (spans overlap on both sides) of the pair config against the hand-made gold:
    a floor that catches a broken pipeline (wrong documents, shuffled rows), not a target."""
    ev = _evaluator()
    ga, gb = gold.split("-")
    seeds = {p.name[:3]: p for p in (ROOT / "seeds").glob("*.txt")}
    doc = {"en": seeds["001"], "fr": seeds["002"], "vi": seeds["003"], "th": seeds["004"]}
    text_a, text_b = doc[ga].read_text(encoding="utf-8"), doc[gb].read_text(encoding="utf-8")
    gold_spans = ev.unit_spans(
        ev.read_jsonl_units(ROOT / "tests" / "data" / "gold" / f"{gold}.jsonl"), text_a, text_b
    )
    rows = pc.load(built_corpus, config)["test"]
    pred = ev.unit_spans([(r[ga], r[gb]) for r in rows["translation"]], text_a, text_b)
    scores = ev.score_spans(gold_spans, pred)
    assert scores["f1_lax"] >= 0.5, scores
