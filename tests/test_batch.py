"""``align-batch``: many pairs from JSONL/parquet -> resumable, deterministic JSONL shards.

Tiny fr/en pairs (three sentences) keep the file fast; two raw seed snippets check the
raw-article path. The command is driven through ``parallelcorpus.cli.main`` as a user would.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parallelcorpus as pc
from parallelcorpus import batch
from parallelcorpus.cli import main

ROOT = Path(__file__).resolve().parents[1]
FR_SEED = next((ROOT / "seeds").glob("002_*.txt"))
VI_SEED = next((ROOT / "seeds").glob("003_*.txt"))

FR = [
    "La ministre est arrivée à Hanoï lundi.",
    "Elle a rencontré 30 délégués.",
    "Les discussions ont duré deux jours.",
]
EN = [
    "The minister arrived in Hanoi on Monday.",
    "She met 30 delegates.",
    "The talks lasted two days.",
]


def tiny_rows(n: int = 7) -> list[dict]:
    """``n`` presplit fr/en pairs, rotated so that they differ, in several language shapes."""
    rows = []
    for i in range(n):
        k = i % 3
        row = {"id": f"doc-{i}", "src": FR[k:] + FR[:k], "tgt": EN[k:] + EN[:k]}
        if i % 3 == 0:
            row["languages"] = "fr-en"
        elif i % 3 == 1:
            row["languages"] = ["fr", "en"]
        else:
            row.update(src_lang="fr", tgt_lang="en")
        rows.append(row)
    if n > 4:  # newline-separated text is fine too
        rows[4]["tgt"] = "\n".join(rows[4]["tgt"]) + "\n"
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    flat = [
        {**r, "tgt": r["tgt"] if isinstance(r["tgt"], list) else r["tgt"].split("\n")[:-1]}
        for r in rows
    ]
    table = pa.table(
        {
            "id": [r["id"] for r in flat],
            "src": [r["src"] for r in flat],
            "tgt": [r["tgt"] for r in flat],
            "src_lang": ["fr"] * len(flat),
            "tgt_lang": ["en"] * len(flat),
        }
    )
    pq.write_table(table, path, row_group_size=2)  # shards cut across row groups
    return path


def run_cli(*args: str | Path) -> int:
    return main(["align-batch", *map(str, args), "--quiet"])


def shard_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("shard-*.jsonl"))}


def test_jsonl_presplit_matches_pc_align(tmp_path: Path) -> None:
    rows = tiny_rows()
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "out"
    assert run_cli(pairs, "--out", out, "--presplit", "--shard-size", "3") == 0
    assert sorted(p.name for p in out.glob("shard-*.jsonl")) == [
        "shard-000000.jsonl",
        "shard-000001.jsonl",
        "shard-000002.jsonl",
    ]
    records = list(batch.iter_results(out))
    assert [r["id"] for r in records] == [r["id"] for r in rows]  # input order
    for row, record in zip(rows, records, strict=True):
        tgt = row["tgt"] if isinstance(row["tgt"], list) else row["tgt"].splitlines()
        expected = pc.align(row["src"], tgt, "fr", "en")
        assert record["status"] == "ok"
        assert (record["src_lang"], record["tgt_lang"]) == ("fr", "en")
        assert record["doc_score"] == round(expected.doc_score, 4)
        assert [(b["src_ids"], b["tgt_ids"], b["score"]) for b in record["beads"]] == [
            (list(b.src), list(b.tgt), round(b.score, 4)) for b in expected.beads
        ]
        # nothing lost, nothing invented: each sentence once, verbatim
        assert [b["src"] for b in record["beads"] if b["src"]] == row["src"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "complete"
    assert manifest["totals"]["pairs"] == 7 and manifest["totals"]["failed"] == 0


def test_raw_articles_match_pc_align_documents(tmp_path: Path) -> None:
    fr = FR_SEED.read_text("utf-8")[:700]
    vi = VI_SEED.read_text("utf-8")[:700]
    rows = [
        {"id": 1, "src": fr, "tgt": vi, "languages": "fr-vi"},
        {"id": 2, "src": " ".join(FR), "tgt": " ".join(EN), "languages": "fr-en"},
    ]
    pairs = write_jsonl(tmp_path / "raw.jsonl", rows)
    summary = pc.align_batch(pairs, tmp_path / "out", progress=False)
    assert summary.ok and summary.rows == 2
    for row, record in zip(rows, batch.iter_results(tmp_path / "out"), strict=True):
        src_lang, tgt_lang = row["languages"].split("-")
        expected = pc.align_documents(row["src"], row["tgt"], src_lang, tgt_lang)
        assert record["id"] == row["id"]
        assert [(b["src_ids"], b["tgt_ids"]) for b in record["beads"]] == [
            (list(b.src), list(b.tgt)) for b in expected.beads
        ]
        for bead in record["beads"]:  # offsets point into the row's own text
            if bead["src"]:
                start, end = bead["src_offsets"]
                assert " ".join(row["src"][start:end].split()) == bead["src"]


def test_parquet_input_gives_the_same_shards_as_jsonl(tmp_path: Path) -> None:
    rows = tiny_rows(5)
    jsonl = write_jsonl(tmp_path / "pairs.jsonl", rows)
    parquet = write_parquet(tmp_path / "pairs.parquet", rows)
    assert run_cli(jsonl, "--out", tmp_path / "a", "--presplit", "--shard-size", "3") == 0
    assert run_cli(parquet, "--out", tmp_path / "b", "--presplit", "--shard-size", "3") == 0
    assert shard_bytes(tmp_path / "a") == shard_bytes(tmp_path / "b")


def test_gzipped_jsonl_is_read_as_a_stream(tmp_path: Path) -> None:
    import gzip

    rows = tiny_rows(3)
    plain = write_jsonl(tmp_path / "pairs.jsonl", rows)
    packed = tmp_path / "pairs.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert run_cli(plain, "--out", tmp_path / "a", "--presplit") == 0
    assert run_cli(packed, "--out", tmp_path / "b", "--presplit") == 0
    assert shard_bytes(tmp_path / "a") == shard_bytes(tmp_path / "b")


def test_num_proc_2_is_byte_identical_to_num_proc_1(tmp_path: Path) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", tiny_rows(9))
    assert run_cli(pairs, "--out", tmp_path / "one", "--presplit", "--shard-size", "2") == 0
    assert (
        run_cli(
            pairs, "--out", tmp_path / "two", "--presplit", "--shard-size", "2", "--num-proc", "2"
        )
        == 0
    )
    one, two = shard_bytes(tmp_path / "one"), shard_bytes(tmp_path / "two")
    assert len(one) == 5 and one == two


def test_resume_recomputes_only_what_is_missing(tmp_path: Path) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", tiny_rows(7))
    out = tmp_path / "out"
    first = pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert (first.computed_shards, first.skipped_shards) == (4, 0)
    before = shard_bytes(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("shard-*.jsonl")}

    (out / "shard-000002.jsonl").unlink()  # lost shard
    (out / ".state" / "shard-000003.json").unlink()  # crashed between shard and state
    (out / "shard-000001.jsonl.tmp").write_text('{"id": "doc-2", "sta')  # killed mid-write

    again = pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert (again.computed_shards, again.skipped_shards) == (2, 2)
    assert shard_bytes(out) == before
    assert not list(out.glob("*.tmp"))
    for name in ("shard-000000.jsonl", "shard-000001.jsonl"):
        assert (out / name).stat().st_mtime_ns == mtimes[name]  # untouched

    nothing = pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert (nothing.computed_shards, nothing.skipped_shards) == (0, 4)


@settings(max_examples=10, deadline=None)
@given(
    n=st.integers(1, 9),
    shard_size=st.integers(1, 4),
    lost=st.sets(st.integers(0, 8), max_size=3),
)
def test_any_lost_shards_are_rebuilt_identically(n: int, shard_size: int, lost: set) -> None:
    """Invariant: whatever shards disappear, a re-run rebuilds exactly those, byte for byte,
    and every input row is in the output once, in input order."""
    with tempfile.TemporaryDirectory() as tmp:
        pairs = write_jsonl(Path(tmp) / "pairs.jsonl", tiny_rows(n))
        out = Path(tmp) / "out"
        pc.align_batch(pairs, out, shard_size=shard_size, presplit=True, progress=False)
        before = shard_bytes(out)
        gone = [name for i, name in enumerate(sorted(before)) if i in lost]
        for name in gone:
            (out / name).unlink()
        again = pc.align_batch(pairs, out, shard_size=shard_size, presplit=True, progress=False)
        assert again.computed_shards == len(gone)
        assert shard_bytes(out) == before
        assert [r["id"] for r in batch.iter_results(out)] == [f"doc-{i}" for i in range(n)]


def test_interrupted_run_leaves_whole_shards_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", tiny_rows(6))
    out = tmp_path / "out"
    real = batch.align_shard
    calls = []

    def crash_on_second(rows, options):
        calls.append(rows[0]["id"])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(rows, options)

    monkeypatch.setattr(batch, "align_shard", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert [p.name for p in out.glob("shard-*")] == ["shard-000000.jsonl"]
    assert json.loads((out / "manifest.json").read_text("utf-8"))["status"] == "running"

    monkeypatch.setattr(batch, "align_shard", real)
    resumed = pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert (resumed.computed_shards, resumed.skipped_shards) == (2, 1)
    assert [r["id"] for r in batch.iter_results(out)] == [f"doc-{i}" for i in range(6)]


def test_fixed_row_is_the_only_shard_recomputed(tmp_path: Path) -> None:
    rows = tiny_rows(6)
    rows[3]["src"] = None
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "out"
    assert run_cli(pairs, "--out", out, "--presplit", "--shard-size", "2") == 1
    rows[3]["src"] = FR
    write_jsonl(pairs, rows)
    summary = pc.align_batch(pairs, out, shard_size=2, presplit=True, progress=False)
    assert summary.ok and (summary.computed_shards, summary.skipped_shards) == (1, 2)


def test_bad_row_becomes_an_error_record(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rows = tiny_rows(5)
    rows[1]["src"] = None
    rows[2]["src_lang"] = "français!"
    rows[3]["languages"] = "fr"
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "out"
    assert run_cli(pairs, "--out", out, "--presplit", "--shard-size", "2") == 1
    err = capsys.readouterr().err
    assert "3 pairs failed" in err and "doc-1" in err
    records = list(batch.iter_results(out))
    assert [r["status"] for r in records] == ["ok", "error", "error", "error", "ok"]
    assert "src is null" in records[1]["error"]
    assert "invalid language code" in records[2]["error"]
    assert "expected two codes" in records[3]["error"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [f["id"] for f in manifest["failed"]] == ["doc-1", "doc-2", "doc-3"]


def test_shards_load_as_one_dataset(tmp_path: Path) -> None:
    rows = tiny_rows(4)
    rows[2]["tgt"] = None  # the only error sits in a later shard than the first
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "out"
    assert run_cli(pairs, "--out", out, "--presplit", "--shard-size", "1") == 1
    keys = {tuple(record) for record in batch.iter_results(out)}
    assert keys == {batch.RECORD_KEYS}  # one schema for ok and error lines
    ds = batch.load_results(out, cache_dir=tmp_path / "cache")
    assert ds.num_rows == 4 and ds["status"] == ["ok", "ok", "error", "ok"]
    assert "tgt is null" in ds[2]["error"] and ds[2]["beads"] is None
    assert ds[0]["beads"][0]["src"] == FR[0]


@pytest.mark.parametrize(
    ("row", "defaults", "expected"),
    [
        ({"src_lang": "FR", "tgt_lang": "th"}, (None, None), ("fr", "th")),
        ({"languages": "fr-th"}, (None, None), ("fr", "th")),
        ({"languages": "fr_TH"}, (None, None), ("fr", "th")),
        ({"languages": ["vi", "en"]}, (None, None), ("vi", "en")),
        ({"languages": "de-fr", "tgt_lang": "en"}, (None, None), ("de", "en")),
        ({}, ("de", "fr"), ("de", "fr")),
        ({"src_lang": "en"}, ("de", "fr"), ("en", "fr")),
    ],
)
def test_row_languages(row: dict, defaults: tuple, expected: tuple) -> None:
    assert batch.row_languages(row, *defaults) == expected


def test_default_languages_from_the_command_line(tmp_path: Path) -> None:
    rows = [{"id": "a", "src": FR, "tgt": EN}]
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    assert run_cli(pairs, "--out", tmp_path / "x", "--presplit") == 2  # no language anywhere
    assert not (tmp_path / "x").exists()
    assert (
        run_cli(
            pairs, "--out", tmp_path / "y", "--presplit", "--src-lang", "fr", "--tgt-lang", "en"
        )
        == 0
    )
    write_jsonl(pairs, [{**rows[0], "tgt_lang": "en"}])  # one side from a column
    assert run_cli(pairs, "--out", tmp_path / "z", "--presplit", "--src-lang", "fr") == 0
    assert next(batch.iter_results(tmp_path / "z"))["tgt_lang"] == "en"


BAD_JSONL = {
    "not-json.jsonl": (
        '{"id": 1, "src": "a", "tgt": "b", "languages": "fr-en"}\n{"id": 2,\n',
        ["line 2", "not valid JSON"],
    ),
    "array.json": ('[{"id": 1, "src": "a", "tgt": "b"}]\n', ["line 1", "JSON lines"]),
    "pretty.json": ('[\n  {"id": 1, "src": "a", "tgt": "b"}\n]\n', ["line 1", "JSON array"]),
    "no-tgt.jsonl": ('{"id": 1, "src": "a", "languages": "fr-en"}\n', ["line 1", "'tgt'"]),
    "no-lang.jsonl": ('{"id": 1, "src": "a", "tgt": "b"}\n', ["line 1", "--src-lang"]),
    "dup.jsonl": (
        '{"id": 1, "src": "a", "tgt": "b", "languages": "fr-en"}\n' * 2,
        ["line 2", "duplicate id 1"],
    ),
    "null-id.jsonl": (
        '{"id": null, "src": "a", "tgt": "b", "languages": "fr-en"}\n',
        ["line 1", "id must be"],
    ),
    "empty.jsonl": ("\n\n", ["no pairs"]),
    "pairs.csv": ("id,src,tgt\n", ["unknown file type"]),
}


@pytest.mark.parametrize("name", sorted(BAD_JSONL))
def test_bad_file_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture, name: str
) -> None:
    text, needles = BAD_JSONL[name]
    (tmp_path / name).write_text(text, "utf-8")
    assert run_cli(tmp_path / name, "--out", tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "parallelcorpus: error:" in err and name in err
    for needle in needles:
        assert needle in err, (needle, err)
    assert not (tmp_path / "out").exists()


def test_bad_utf8_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "bad.jsonl").write_bytes(b'{"id": 1, "src": "\xff"}\n')
    assert run_cli(tmp_path / "bad.jsonl", "--out", tmp_path / "out") == 2
    assert "at byte 18" in capsys.readouterr().err
    assert run_cli(tmp_path / "nosuch.jsonl", "--out", tmp_path / "out") == 2
    assert "nosuch.jsonl: no such file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_bad_parquet_files(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    assert run_cli(tmp_path / "junk.parquet", "--out", tmp_path / "out") == 2
    assert "not a readable parquet file" in capsys.readouterr().err
    pq.write_table(pa.table({"id": [1], "source": ["a"], "tgt": ["b"]}), tmp_path / "cols.parquet")
    cols = (tmp_path / "cols.parquet", "--out", tmp_path / "out", "--src-lang", "fr")
    assert run_cli(*cols, "--tgt-lang", "en") == 2
    assert "missing column(s) 'src'" in capsys.readouterr().err
    # --src-column maps the file's own column names
    assert run_cli(*cols, "--tgt-lang", "en", "--src-column", "source", "--presplit") == 0
    beads = next(batch.iter_results(tmp_path / "out"))["beads"]
    assert [b["src"] for b in beads if b["src"]] == ["a"]
    pq.write_table(
        pa.table({"id": ["x", None], "src": ["a", "b"], "tgt": ["b", "c"]}),
        tmp_path / "nullid.parquet",
    )
    assert (
        run_cli(
            tmp_path / "nullid.parquet",
            "--out",
            tmp_path / "out2",
            "--src-lang",
            "fr",
            "--tgt-lang",
            "en",
        )
        == 2
    )
    assert "row 2: id must be" in capsys.readouterr().err
    assert not (tmp_path / "out2").exists()


def test_output_folder_guards(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", tiny_rows(3))
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert run_cli(pairs, "--out", other, "--presplit") == 2
    assert "not an align-batch output folder" in capsys.readouterr().err
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]

    out = tmp_path / "out"
    assert run_cli(pairs, "--out", out, "--presplit", "--shard-size", "2") == 0
    before = shard_bytes(out)
    assert run_cli(pairs, "--out", out, "--shard-size", "2") == 2  # raw now, presplit then
    assert "other options (presplit" in capsys.readouterr().err
    assert shard_bytes(out) == before
    other_pairs = write_jsonl(tmp_path / "other.jsonl", tiny_rows(3))
    assert run_cli(other_pairs, "--out", out, "--presplit", "--shard-size", "2") == 2
    assert "holds the results of 'pairs.jsonl'" in capsys.readouterr().err
    assert shard_bytes(out) == before


def _die(text: str, mode: str = "sentences") -> list:
    """A segmenter plug-in that kills its process, as the kernel does to a worker out of memory."""
    import os

    os._exit(3)


def test_killed_worker_is_a_clear_error_and_the_run_resumes(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from parallelcorpus.segment import unregister

    rows = [
        {"id": i, "src": " ".join(FR), "tgt": " ".join(EN), "languages": "fr-en"} for i in range(4)
    ]
    rows[3]["languages"] = "xx-en"
    pairs = write_jsonl(tmp_path / "pairs.jsonl", rows)
    out = tmp_path / "out"
    pc.register_segmenter("xx", _die)  # forked workers inherit run-time plug-ins
    try:
        assert run_cli(pairs, "--out", out, "--num-proc", "2", "--shard-size", "2") == 1
    finally:
        unregister("xx")
    err = capsys.readouterr().err
    assert "worker process died" in err and "re-run" in err
    assert not (out / "shard-000001.jsonl").exists()  # never a shard with a pair missing
    assert run_cli(pairs, "--out", out, "--num-proc", "2", "--shard-size", "2") == 0
    assert [r["id"] for r in batch.iter_results(out)] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("option", "needle"),
    [
        (["--num-proc", "0"], "num_proc"),
        (["--shard-size", "0"], "shard_size"),
        (["--src-lang", "français", "--tgt-lang", "en"], "invalid language code"),
    ],
)
def test_bad_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, option: list, needle: str
) -> None:
    pairs = write_jsonl(tmp_path / "pairs.jsonl", tiny_rows(2))
    assert run_cli(pairs, "--out", tmp_path / "out", *option) == 2
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
