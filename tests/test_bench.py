"""The benchmark harness: directions, skipping, counts, cache and resume, reports, the CLI."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

import parallelcorpus as pc
from parallelcorpus.bench import Translator, TranslatorError, make_translator, parse_system
from parallelcorpus.bench.cache import TranslationCache
from parallelcorpus.bench.harness import corpus_rows, parse_directions, translate_segments
from parallelcorpus.cli import main

ROWS = [
    {
        "id": "u0",
        "en": "The cat is black.",
        "fr": "Le chat est noir.",
        "vi": "Con mèo màu đen.",
        "th": "แมวสีดำ",
    },
    {
        "id": "u1",
        "en": "I am here today.",
        "fr": "Je suis ici aujourd'hui.",
        "vi": None,
        "th": "ฉันอยู่ที่นี่วันนี้",
    },
    {
        "id": "u2",
        "en": "The president met the delegation in Hanoi.",
        "fr": "Le président a rencontré la délégation à Hanoï.",
        "vi": "Chủ tịch đã gặp đoàn đại biểu tại Hà Nội.",
        "th": None,
    },
    {
        "id": "u3",
        "en": "Both sides signed an agreement on film production.",
        "fr": "Les deux parties ont signé un accord sur la production de films.",
        "vi": "Hai bên đã ký thỏa thuận về sản xuất phim.",
        "th": "ทั้งสองฝ่ายลงนามข้อตกลงด้านการผลิตภาพยนตร์",
    },
    {
        "id": "u4",
        "en": "Tickets cost 50,000 dong.",
        "fr": "Les billets coûtent 50 000 dongs.",
        "vi": "Vé có giá 50.000 đồng.",
        "th": "ตั๋วราคา 50,000 ด่ง",
    },
]
LOOKUP = {
    (row[a], b): row[b]
    for row in ROWS
    for a in ["en", "fr", "vi", "th"]
    for b in ["en", "fr", "vi", "th"]
    if row[a] and row[b]
}


def oracle(segments: list[str], src_lang: str, tgt_lang: str) -> list[str]:
    """A perfect translator for ROWS (returns the reference)."""
    return [LOOKUP[(s, tgt_lang)] for s in segments]


class Recorder(Translator):
    """Counts what it is asked; can fail after some batches or return a wrong count."""

    def __init__(self, fail_after: int | None = None, drop: bool = False, batch_size: int = 2):
        self.fingerprint = "recorder"
        self.batch_size = batch_size
        self.calls: list[list[str]] = []
        self.fail_after = fail_after
        self.drop = drop

    def unsupported(self, src: str, tgt: str) -> str | None:
        return "no Thai here" if "th" in (src, tgt) else None

    def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise ConnectionError("engine went away")
        self.calls.append(list(segments))
        out = oracle(segments, src, tgt)
        return out[:-1] if self.drop else out


def test_directions_default_to_every_ordered_pair_with_rows_holding_both() -> None:
    result = pc.benchmark({"id": "identity"}, corpus=ROWS, n_samples=50)
    assert len(result.directions) == 12
    assert result.directions[:3] == ["en-fr", "en-vi", "en-th"]
    assert result.cell("id", "en-vi").n_segments == 4  # u1 has no vi
    assert result.cell("id", "vi-th").n_segments == 3
    assert result.cell("id", "fr-en").n_segments == 5


def test_parse_directions_errors() -> None:
    assert parse_directions("fr-en, en-fr", ["en", "fr"]) == [("fr", "en"), ("en", "fr")]
    with pytest.raises(pc.InputError, match="expected SRC-TGT"):
        parse_directions("fren", ["en", "fr"])
    with pytest.raises(pc.InputError, match="no 'de' column"):
        parse_directions(["de-en"], ["en", "fr"])


def test_scores_cis_and_significance_against_the_baseline() -> None:
    result = pc.benchmark(
        {"id": "identity", "oracle": oracle},
        directions=["fr-en", "en-th"],
        corpus=ROWS,
        baseline="id",
        n_samples=200,
    )
    best = result.cell("oracle", "fr-en").metrics
    assert best["bleu"].score == pytest.approx(100.0)
    assert best["ter"].score == pytest.approx(0.0)
    assert best["bleu"].p_value is not None and best["bleu"].p_value < 0.05
    base = result.cell("id", "fr-en").metrics["bleu"]
    assert base.p_value is None
    assert base.low is not None and base.high is not None and base.low <= base.high
    assert "|thseg:pythainlp-newmm-" in result.cell("oracle", "en-th").metrics["bleu"].signature
    assert result.settings["seed"] == 12345
    again = pc.benchmark(
        {"id": "identity", "oracle": oracle},
        directions=["fr-en", "en-th"],
        corpus=ROWS,
        baseline="id",
        n_samples=200,
    )
    # seeded bootstrap: the same CIs and p-values on every run
    assert [c.metrics for c in again.cells] == [c.metrics for c in result.cells]


def test_approximate_randomisation_option() -> None:
    result = pc.benchmark(
        {"id": "identity", "oracle": oracle},
        directions="fr-en",
        corpus=ROWS,
        test="ar",
        n_samples=100,
    )
    metric = result.cell("oracle", "fr-en").metrics["chrf"]
    assert metric.p_value is not None and metric.ci is not None
    assert "ar:100" in metric.signature


def test_unsupported_direction_is_skipped_with_a_note() -> None:
    recorder = Recorder()
    result = pc.benchmark(
        {"id": "identity", "rec": recorder},
        directions=["fr-en", "fr-th"],
        corpus=ROWS,
        n_samples=50,
    )
    cell = result.cell("rec", "fr-th")
    assert cell.skipped == "no Thai here"
    assert any("rec on fr-th" in note for note in result.notes)
    assert "fr-th | rec" not in result.markdown()
    assert not result.cell("rec", "fr-en").skipped
    # when the baseline itself is skipped, the others still get CIs but no p-values
    result = pc.benchmark(
        {"rec": Recorder(), "id": "identity"},
        directions="fr-th",
        corpus=ROWS,
        baseline="rec",
        n_samples=50,
    )
    assert any("baseline 'rec' has no output" in note for note in result.notes)
    chrf = result.cell("id", "fr-th").metrics["chrf"]
    assert chrf.p_value is None and chrf.ci is not None


def test_wrong_segment_count_names_the_system() -> None:
    with pytest.raises(TranslatorError, match=r"system 'broken' returned 1 translations for 2"):
        pc.benchmark({"broken": Recorder(drop=True)}, directions="fr-en", corpus=ROWS)
    with pytest.raises(TranslatorError, match=r"'text'.*expected a list of strings"):
        pc.benchmark({"text": lambda segments: "oops"}, directions="fr-en", corpus=ROWS)


def test_interrupted_benchmark_resumes_from_the_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    failing = Recorder(fail_after=1, batch_size=2)
    with pytest.raises(TranslatorError, match=r"'rec' failed on fr-en.*engine went away"):
        pc.benchmark({"rec": failing}, directions="fr-en", corpus=ROWS, cache=cache_dir)
    assert len(failing.calls) == 1
    cached = (cache_dir / "rec.fr-en.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(cached) == 2
    # a crash in the middle of a write leaves a torn line: it is skipped, never glued onto
    with open(cache_dir / "rec.fr-en.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"key": "abc", "src": "Le ch')
    resumed = Recorder(batch_size=2)
    result = pc.benchmark(
        {"rec": resumed}, directions="fr-en", corpus=ROWS, cache=cache_dir, n_samples=50
    )
    sent = [s for batch in resumed.calls for s in batch]
    assert sorted(sent) == sorted(r["fr"] for r in ROWS[2:])  # only what was missing
    assert result.cell("rec", "fr-en").translated == 3
    assert result.cell("rec", "fr-en").metrics["bleu"].score == pytest.approx(100.0)
    third = Recorder()
    pc.benchmark({"rec": third}, directions="fr-en", corpus=ROWS, cache=cache_dir, n_samples=50)
    assert third.calls == []  # everything paid for is reused
    cache = TranslationCache(cache_dir)
    found = cache.get_many("rec", "recorder", "fr", "en", [r["fr"] for r in ROWS])
    assert len(found) == 5 and cache.skipped_lines == 1


def test_cache_key_includes_the_configuration(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    cache.put_many("sys", "cmd:a", "fr", "en", [("Bonjour.", "Hello.")])
    assert cache.get_many("sys", "cmd:a", "fr", "en", ["Bonjour."]) == {"Bonjour.": "Hello."}
    assert TranslationCache(tmp_path).get_many("sys", "cmd:b", "fr", "en", ["Bonjour."]) == {}
    assert TranslationCache(tmp_path).get_many("sys", "cmd:a", "fr", "en", ["Bonjour."])


def test_duplicate_segments_are_translated_once() -> None:
    recorder = Recorder(batch_size=10)
    segments = [ROWS[0]["fr"], ROWS[1]["fr"], ROWS[0]["fr"]]
    out, sent = translate_segments(recorder, segments, "fr", "en", TranslationCache())
    assert out == [ROWS[0]["en"], ROWS[1]["en"], ROWS[0]["en"]]
    assert sent == 2 and recorder.calls == [[ROWS[0]["fr"], ROWS[1]["fr"]]]


def test_reports_are_written(tmp_path: Path) -> None:
    result = pc.benchmark(
        {"id": "identity", "oracle": oracle},
        directions="fr-en,en-fr",
        corpus=ROWS,
        out=tmp_path,
        n_samples=50,
    )
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert data["baseline"] == "id" and len(data["results"]) == 4
    assert data["results"][1]["metrics"]["bleu"]["score"] == 100.0
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| fr-en | id (baseline) | 5 |" in table and "## Signatures" in table
    assert result.markdown() in table
    tsv = (tmp_path / "segments.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0].split("\t") == [
        "direction",
        "id",
        "system",
        "source",
        "reference",
        "hypothesis",
        "bleu",
        "chrf",
        "ter",
    ]
    assert len(tsv) == 1 + 2 * 2 * len(ROWS)
    assert tsv[1].split("\t")[:3] == ["fr-en", "u0", "id"]
    assert (tmp_path / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_translator_specs_and_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("my_mt")
    module.shout = lambda segments, src, tgt: [f"{src}>{tgt} {s.upper()}" for s in segments]
    monkeypatch.setitem(sys.modules, "my_mt", module)
    shout = make_translator("python:my_mt:shout", name="s")
    assert shout.translate(["abc"], "fr", "en") == ["fr>en ABC"]
    assert shout.name == "s" and shout.fingerprint == "python:my_mt:shout"
    with pytest.raises(pc.InputError, match="unknown translator 'nope'"):
        make_translator("nope:x")
    with pytest.raises(pc.InputError, match="cannot import"):
        make_translator("python:no_such_module_xyz:f")
    assert parse_system("ap=apertium") == ("ap", "apertium")
    assert parse_system("x=cmd:sed s/a=b/c/") == ("x", "cmd:sed s/a=b/c/")
    assert parse_system("identity") == ("identity", "identity")
    assert parse_system("apy:http://h:1/?a=b") == ("apy", "apy:http://h:1/?a=b")
    with pytest.raises(pc.InputError, match="expected NAME=SPEC"):
        parse_system("=apertium")

    class Upper(Translator):
        def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
            return [s.upper() for s in segments]

    pc.register_translator("upper-test", lambda arg, **options: Upper())
    with pytest.raises(pc.InputError, match="already registered"):
        pc.register_translator("upper-test", lambda arg, **options: Upper())
    pc.register_translator("upper-test", lambda arg, **options: Upper(), replace=True)
    result = pc.benchmark(["u=upper-test"], directions="fr-en", corpus=ROWS, n_samples=20)
    assert result.segments["fr-en"].hypotheses["u"][0] == "LE CHAT EST NOIR."


def test_command_translator(tmp_path: Path) -> None:
    tag = make_translator("cmd:sed 's/^/[{src}>{tgt}] /'", name="sed")
    assert tag.translate(["a", "b\nc", ""], "fr", "en") == ["[fr>en] a", "[fr>en] b c", "[fr>en] "]
    failing = make_translator("cmd:echo broken >&2; exit 3", name="bad")
    with pytest.raises(TranslatorError, match=r"system 'bad'.*status 3.*broken"):
        failing.translate(["a"], "fr", "en")
    with pytest.raises(TranslatorError, match=r"system 'first' returned 1 translations for 5"):
        pc.benchmark({"first": "cmd:head -n 1"}, directions="fr-en", corpus=ROWS)


def test_corpus_forms(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    table = datasets.Dataset.from_list(ROWS)
    assert corpus_rows(table)[0] == ROWS
    splits = datasets.DatasetDict({"train": table, "test": datasets.Dataset.from_list(ROWS[:2])})
    assert len(corpus_rows(splits)[0]) == 2
    assert len(corpus_rows(splits, "train")[0]) == 5
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), "utf-8")
    assert corpus_rows(path)[0] == ROWS
    with pytest.raises(pc.InputError, match="corpus folder not found"):
        corpus_rows(tmp_path / "missing")
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(pc.InputError, match="line 1: not JSON"):
        corpus_rows(path)


def test_cli_bench(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "rows.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), "utf-8")
    out = tmp_path / "out"
    args = [
        "bench",
        "--system",
        "id=identity",
        "--system",
        "tag=cmd:sed 's/^/x /'",
        "--directions",
        "fr-en,en-fr",
        "--corpus",
        str(corpus),
        "--out",
        str(out),
    ]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "| fr-en | tag | 5 |" in captured.out
    assert "tag fr-en" in captured.err  # progress bar per system and direction
    assert (out / "cache" / "tag.fr-en.jsonl").exists()
    assert not (out / "cache" / "id.fr-en.jsonl").exists()  # identity is free: not cached
    assert main([*args, "--quiet", "--test", "ar", "--samples", "50", "--metrics", "chrf"]) == 0
    captured = capsys.readouterr()
    assert "tag fr-en" not in captured.err
    assert "| Direction | System | Segments | chrF2++ |" in captured.out
    assert json.loads((out / "results.json").read_text("utf-8"))["settings"]["test"] == "ar"
    assert main(["bench", "--corpus", str(corpus)]) == 2
    assert "no translator given" in capsys.readouterr().err
    assert main(["bench", "--system", "x=nope", "--corpus", str(corpus)]) == 2
    assert main(["bench", "--system", "id=identity", "--corpus", str(tmp_path / "none")]) == 2
    assert (
        main(["bench", "--system", "id=identity", "--baseline", "zz", "--corpus", str(corpus)]) == 2
    )
    assert (
        main(
            [
                "bench",
                "--system",
                "bad=cmd:exit 1",
                "--directions",
                "fr-en",
                "--corpus",
                str(corpus),
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 1
    )
    assert "system 'bad'" in capsys.readouterr().err


def test_interrupt_keeps_the_batches_in_flight(tmp_path: Path) -> None:
    """Ctrl-C while batches run: the ones already being paid for still reach the cache."""
    import time

    class Slow(Translator):
        fingerprint = "slow"
        batch_size = 1
        concurrency = 2

        def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
            if segments == [ROWS[0]["fr"]]:
                raise KeyboardInterrupt
            time.sleep(0.2)
            return [s.upper() for s in segments]

    cache = TranslationCache(tmp_path)
    segments = [ROWS[0]["fr"], ROWS[1]["fr"], ROWS[2]["fr"]]
    with pytest.raises(KeyboardInterrupt):
        translate_segments(Slow(), segments, "fr", "en", cache)
    saved = TranslationCache(tmp_path).get_many("slow", "slow", "fr", "en", segments)
    assert saved[ROWS[1]["fr"]] == ROWS[1]["fr"].upper()
    assert ROWS[0]["fr"] not in saved
    assert all(value == key.upper() for key, value in saved.items())
