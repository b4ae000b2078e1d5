"""Smoke run of scripts/benchmark_speed.py: its pieces compute what the report says they do.

Speed itself is never asserted here (benchmarks measure, tests check); sizes are tiny.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripts_loader import load_script

speed = load_script("benchmark_speed")


def test_sizes_parse_and_print_round_trip() -> None:
    assert speed.parse_sizes("1k,10k,100000,1M") == [1_000, 10_000, 100_000, 1_000_000]
    assert [speed.fmt_size(n) for n in (1_000, 100_000, 1_000_000, 250)] == [
        "1k",
        "100k",
        "1M",
        "250",
    ]


def test_loglog_slope_measures_the_growth_exponent() -> None:
    sizes = [1_000, 10_000, 100_000]
    assert speed.loglog_slope([(n, 3e-4 * n) for n in sizes]) == pytest.approx(1.0)
    assert speed.loglog_slope([(n, 1e-7 * n * n) for n in sizes]) == pytest.approx(2.0)
    assert speed.loglog_slope([(1_000, 1.0)]) is None


@pytest.mark.parametrize("pair", ["en-fr", "de-fr"])
def test_synthetic_pair_is_deterministic_real_and_fully_covered(pair: str) -> None:
    if pair not in speed.available_pairs():
        pytest.skip(f"no aligned data for {pair} here")
    src, tgt, gold = speed.synthetic_pair(pair, 150)
    assert (src, tgt, gold) == speed.synthetic_pair(pair, 150)
    assert 100 <= len(src) <= 150 and 100 <= len(tgt) <= 150
    assert speed.covers_everything(gold, len(src), len(tgt))
    pool = {s for doc in speed.bead_documents(pair) for bead_src, _ in doc for s in bead_src}
    assert set(src) <= pool  # real sentences, never invented
    assert any(not s or not t for s, t in gold)  # deletions became null beads
    assert any(len(t) > 1 or len(s) > 1 for s, t in gold if s and t)  # merges or n-m beads


def test_cycle_layout_keeps_copies_of_a_sentence_a_whole_pass_apart() -> None:
    """Long pairs reuse the real sentences; copies must not sit close together, or a monotone
    aligner may slip onto a neighbouring copy (the ``runs`` layout stress-tests that)."""
    pool = [s for doc in speed.bead_documents("en-fr") for src, _ in doc for s in src]

    def copy_gaps(src: list[str]) -> list[int]:
        last: dict[str, int] = {}
        gaps = []
        for i, sentence in enumerate(src):
            if sentence in last:
                gaps.append(i - last[sentence])
            last[sentence] = i
        return sorted(gaps)

    cycle = copy_gaps(speed.synthetic_pair("en-fr", 800)[0])
    runs = copy_gaps(speed.synthetic_pair("en-fr", 800, layout="runs")[0])
    assert cycle and cycle[len(cycle) // 100] > len(pool) // 2  # the pool repeats a few lines
    assert runs[len(runs) // 100] < len(pool) // 2


def test_align_worker_times_and_scores_one_pair() -> None:
    result = speed.align_worker("en-fr", 60, "length")
    assert result["complete"] is True
    assert result["n_src"] <= 60 and result["n_tgt"] <= 60
    assert result["seconds"] > 0 and result["peak_mb"] >= result["base_mb"] > 0
    assert 0.0 < result["f1_strict"] <= 1.0


def test_child_process_reports_result_or_timeout() -> None:
    argv = ["--worker", "align", "--pair", "en-fr", "--size", "40", "--method", "length"]
    ok = speed.run_child(argv, timeout=120, max_mb=4000)
    assert "error" not in ok, ok
    assert ok["size"] == 40 and ok["peak_mb"] > 0 and ok["complete"]
    late = speed.run_child(argv, timeout=0.01, max_mb=4000)
    assert late["error"].startswith("timeout")


def scaling_row(size: int, seconds: float, peak: float) -> dict:
    """A measured scaling row as the align worker reports it."""
    return {
        "pair": "de-fr",
        "size": size,
        "method": "full",
        "n_src": size,
        "n_tgt": size,
        "seconds": seconds,
        "sent_per_s": 2 * size / seconds,
        "peak_mb": peak,
        "base_mb": 50.0,
        "f1_strict": 0.9,
        "complete": True,
    }


def test_scaling_table_flags_targets_and_failures(tmp_path: Path) -> None:
    row = scaling_row
    rows = [row(1_000, 1.0, 90), row(100_000, 100.0, 900), row(1_000_000, 1000.0, 5000)]
    rows.append({"pair": "de-fr", "size": 10**7, "method": "full", "error": "timeout after 9 s"})
    table = speed.scaling_table(rows)
    assert "< 60 s: NO" in table and "< 4 GB: NO" in table
    assert "timeout after 9 s" in table
    assert "**1.00** overall" in table
    png = speed.plot_scaling(rows, tmp_path / "plot" / "speed.png")
    assert png is not None and png.stat().st_size > 1000


def test_hunalign_ladder_becomes_beads_with_null_beads_split() -> None:
    ladder = "0\t0\t0.3\n1\t1\t0.5\n3\t2\t0.1\n4\t2\t0\n4\t4\t0.2\n"
    assert speed.hunalign_beads(ladder) == [
        ((0,), (0,)),
        ((1, 2), (1,)),
        ((3,), ()),
        ((), (2,)),
        ((), (3,)),
    ]
    cmd = speed.hunalign_command("hunalign", Path("n.dic"), Path("a"), Path("b"), "-utf -realign")
    assert cmd == ["hunalign", "-utf", "-realign", "n.dic", "a", "b"]


def test_hunalign_runs_on_the_same_files_and_is_scored(tmp_path: Path) -> None:
    """A stand-in binary with hunalign's CLI and ladder output (the real one is not installable
    here): it pairs sentence i with sentence i."""
    src, tgt = tmp_path / "a.de", tmp_path / "a.fr"
    src.write_text("Eins.\nZwei.\nDrei.\n", encoding="utf-8")
    tgt.write_text("Un.\nDeux.\nTrois.\n", encoding="utf-8")
    fake = tmp_path / "hunalign"
    fake.write_text(
        '#!/bin/sh\n[ "$1" = -utf ] && [ -f "$2" ] && [ -f "$3" ] || exit 3\n'
        'printf "0\\t0\\t0.5\\n1\\t1\\t0.5\\n2\\t2\\t0.5\\n3\\t3\\t0\\n"\n'
    )
    fake.chmod(0o755)
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    row = speed.run_hunalign(str(fake), src, tgt, gold, 2, "-utf")
    assert row["system"] == "hunalign (C++) -utf" and row["f1_strict"] == 1.0
    assert row["runs"] == 2 and row["sent_per_s"] > 0
    broken = speed.run_hunalign(str(fake), src, tgt, gold, 1, "-bad")
    assert broken["note"].startswith("failed")


def test_textberg_table_computes_the_ratio_to_hunalign() -> None:
    rows = [
        {"system": "parallelcorpus", "seconds": 0.4, "cpu_s": 0.3, "sent_per_s": 10},
        {"system": "hunalign (C++)", "seconds": 1.0, "cpu_s": 1.0, "sent_per_s": 5},
    ]
    for row in rows:
        row.update(runs=3, f1_strict=0.9)
    table = speed.textberg_table(rows)
    assert "| 0.40 | 0.30 |" in table and "ratio <= 1.0: yes (goal 0.5 met)" in table
    missing = speed.textberg_table([rows[0], {"system": "hunalign (C++)", "note": "n/a"}])
    assert "n/a" in missing


def test_segmentation_speed_runs_ours_and_peers_on_the_same_text() -> None:
    rows = speed.run_segmentation(["en"], 1_500, budget=0.5, isolate=False)
    ours = next(r for r in rows if r["system"] == "parallelcorpus")
    assert ours["chars"] > 0 and ours["chars_per_s"] > 0
    assert {r["chars"] for r in rows if "chars" in r} == {ours["chars"]}  # the same text
    assert len(rows) == len(speed.SYSTEMS["en"])
    assert "**parallelcorpus**" in speed.segmentation_table(rows)


def test_main_quick_startup_writes_report(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert speed.main(["--quick", "--only", "startup", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "parallelcorpus --help" in out and "< 0.3 s:" in out
    report = json.loads((tmp_path / "speed.json").read_text(encoding="utf-8"))
    assert all(r["exit"] == 0 for r in report["startup"])


def test_targets_summary_gives_a_verdict_per_target() -> None:
    report = {
        "scaling": [scaling_row(10_000, 2.0, 300), scaling_row(100_000, 19.0, 900)],
        "textberg": [
            {"system": "parallelcorpus", "seconds": 0.6, "sent_per_s": 9, "f1_strict": 0.9},
            {"system": "hunalign (C++) -utf", "seconds": 1.0, "sent_per_s": 5, "f1_strict": 0.8},
        ],
        "startup": [{"command": "parallelcorpus --help", "seconds": 0.5, "exit": 0}],
    }
    summary = speed.targets_summary(report)
    assert "100k x 100k in under 60 s: 19.0 s, met (goal 20 s: met)" in summary
    assert "1M x 1M in under 4 GB: not measured" in summary
    assert "log-log slope 0.98 between the two largest sizes (0.98 overall), met" in summary
    assert "0.60, met (goal 0.5: not yet)" in summary
    assert "0.500 s, **NOT met**" in summary
