"""Bad input through the real command line, for every command, as a new user would try it.

Each case runs ``python -m parallelcorpus`` in a subprocess and checks the exit code (0 fine,
2 bad input, never 1 or a traceback), what stderr says (the file, the byte offset, both line
counts...) and that a failing command leaves no output behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FR_SEED = next(SEEDS.glob("002_*.txt"))
VI_SEED = next(SEEDS.glob("003_*.txt"))
TH_SEED = next(SEEDS.glob("004_*.txt"))
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "PYTHAINLP_READ_ONLY": "1"}

EN = "The minister arrived in Hanoi on Monday. She met 30 delegates.\nThe talks lasted two days.\n"
FR = (
    "La ministre est arrivée à Hanoï lundi. Elle a rencontré 30 délégués.\n"
    "Les discussions ont duré deux jours.\n"
)
DE = "Die Ministerin kam am Montag in Hanoi an. Sie traf 30 Delegierte.\n"
BAD_OFFSET = 12  # where the invalid byte sits in bad.txt
JSONL_ROWS = (
    '{"fr": "Bonjour le monde.", "en": "Hello world."}\n{"fr": "Merci.", "en": "Thanks."}\n'
)


def run(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parallelcorpus", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=ENV,
        timeout=timeout,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, one ``parallelcorpus: error:`` line naming what went wrong, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "parallelcorpus: error:" in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr


@pytest.fixture()
def files(tmp_path: Path) -> Path:
    """A working folder with one file per kind of bad (and good) input."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n   \n")
    (tmp_path / "bad.txt").write_bytes(b"Hello world\n\xff\xfe more text.\n")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + EN.encode())
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "th.txt").write_text(TH_SEED.read_text(encoding="utf-8")[:1500], encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(JSONL_ROWS, encoding="utf-8")
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + JSONL_ROWS.encode())
    (tmp_path / "adir").mkdir()
    return tmp_path


# --- how each command takes a file: the bad file in its input position ----------------------


def segment_cmd(name: str) -> list[str]:
    return ["segment", name, "--lang", "en"]


def align_cmd(name: str) -> list[str]:
    return ["align", name, "fr.txt", "--src-lang", "en", "--tgt-lang", "fr"]


def score_cmd(name: str) -> list[str]:
    return ["score", "--hyp", "en.txt", "--ref", name, "--lang", "en"]


def bench_cmd(name: str) -> list[str]:
    return [
        "bench",
        "--system",
        "id=identity",
        "--directions",
        "fr-en",
        "--corpus",
        name,
        "--out",
        "bench-out",
        "--quiet",
        "--samples",
        "10",
    ]


def build_cmd(folder: Path, name: str) -> list[str]:
    """``build`` reads a folder: put the file in a seeds folder beside a good article."""
    seeds = folder / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / "002_fr.txt").write_text(FR_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (seeds / "010_x.txt").write_bytes((folder / name).read_bytes())
    return ["build", "--seeds", "seeds", "--out", "out", "--quiet"]


FILE_COMMANDS = {"segment": segment_cmd, "align": align_cmd, "score": score_cmd, "bench": bench_cmd}


@pytest.mark.parametrize("command", [*FILE_COMMANDS, "build"])
def test_non_utf8_names_the_file_and_the_byte_offset(files: Path, command: str) -> None:
    if command == "build":
        result = run(*build_cmd(files, "bad.txt"), cwd=files)
        assert_clean_failure(result, "010_x.txt", f"at byte {BAD_OFFSET}", "UTF-8")
        assert not (files / "out").exists()
        return
    result = run(*FILE_COMMANDS[command]("bad.txt"), cwd=files)
    assert_clean_failure(result, "bad.txt", f"at byte {BAD_OFFSET}", "0xff", "UTF-8")


@pytest.mark.parametrize("command", [*FILE_COMMANDS, "build"])
def test_missing_file(files: Path, command: str) -> None:
    if command == "build":
        result = run("build", "--seeds", "nosuch", "--out", "out", "--quiet", cwd=files)
    else:
        result = run(*FILE_COMMANDS[command]("nosuch.txt"), cwd=files)
    assert_clean_failure(result, "nosuch")
    assert not (files / "out").exists() and not (files / "bench-out").exists()


@pytest.mark.parametrize("command", [*FILE_COMMANDS, "build"])
def test_directory_instead_of_file(files: Path, command: str) -> None:
    if command == "build":  # build wants a folder: give it a file instead
        result = run("build", "--seeds", "en.txt", "--out", "out", "--quiet", cwd=files)
        assert_clean_failure(result, "en.txt", "not a folder")
        assert not (files / "out").exists()
        return
    result = run(*FILE_COMMANDS[command]("adir"), cwd=files)
    assert_clean_failure(result, "adir")


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_and_blank_input(files: Path, name: str) -> None:
    result = run(*segment_cmd(name), cwd=files)  # nothing to split is not an error...
    assert_ok(result)
    assert result.stdout == ""
    assert "no sentences" in result.stderr  # ...but it is worth saying

    result = run(*align_cmd(name), cwd=files)  # every target sentence in a null bead
    assert_ok(result)
    assert result.stdout.splitlines() == ["[]:[0]:0.000", "[]:[1]:0.000", "[]:[2]:0.000"]

    result = run(*score_cmd(name), cwd=files)  # 2 hypotheses, 0 references: counts differ
    assert_clean_failure(result, name)
    result = run("score", "--hyp", name, "--ref", name, "--lang", "en", cwd=files)
    if name == "empty.txt":
        assert_clean_failure(result, name, "no lines")
    else:  # blank lines are segments (empty translations): they score, they do not crash
        assert_ok(result)

    result = run(*bench_cmd(name), cwd=files)
    assert_clean_failure(result, name, "no rows")
    assert not (files / "bench-out").exists()


def test_build_with_only_empty_articles(files: Path) -> None:
    (files / "seeds").mkdir()
    (files / "seeds" / "a.txt").write_bytes(b"")
    (files / "seeds" / "b.txt").write_bytes(b" \n\n\t\n")
    result = run("build", "--seeds", "seeds", "--out", "out", "--quiet", cwd=files)
    assert_clean_failure(result, "seeds", "no usable article")
    assert "a.txt: empty article" in result.stderr
    assert not (files / "out").exists()


def test_build_with_empty_seeds_folder(files: Path) -> None:
    (files / "seeds").mkdir()
    result = run("build", "--seeds", "seeds", "--out", "out", "--quiet", cwd=files)
    assert_clean_failure(result, "seeds", "no article")
    assert not (files / "out").exists()


def test_byte_order_mark_is_fine(files: Path) -> None:
    plain, bom = run(*segment_cmd("en.txt"), cwd=files), run(*segment_cmd("bom.txt"), cwd=files)
    assert_ok(bom)
    assert bom.stdout == plain.stdout and not bom.stdout.startswith("\ufeff")

    assert_ok(run(*align_cmd("bom.txt"), cwd=files))

    result = run(
        "score",
        "--hyp",
        "bom.txt",
        "--ref",
        "en.txt",
        "--lang",
        "en",
        "--metrics",
        "chrf",
        "--format",
        "json",
        cwd=files,
    )
    assert_ok(result)
    assert '"score": 100.0' in result.stdout  # the BOM is not part of the first segment

    result = run(*bench_cmd("bom.jsonl"), cwd=files)
    assert_ok(result)
    assert (files / "bench-out" / "results.json").is_file()


@pytest.mark.slow
def test_build_accepts_a_bom(files: Path) -> None:
    seeds = files / "seeds"
    seeds.mkdir()
    (seeds / FR_SEED.name).write_bytes(b"\xef\xbb\xbf" + FR_SEED.read_bytes())
    (seeds / VI_SEED.name).write_bytes(VI_SEED.read_bytes())
    assert_ok(run("build", "--seeds", "seeds", "--out", "out", "--quiet", cwd=files))
    assert (files / "out" / "README.md").is_file()


# --- language codes ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["123", "english", "e"])
@pytest.mark.parametrize("command", ["segment", "align", "align --presplit", "score", "bench"])
def test_malformed_language_code(files: Path, command: str, code: str) -> None:
    args = {
        "segment": ["segment", "en.txt", "--lang", code],
        "align": ["align", "en.txt", "fr.txt", "--src-lang", code, "--tgt-lang", "fr"],
        "align --presplit": [
            "align",
            "en.txt",
            "fr.txt",
            "--src-lang",
            "en",
            "--tgt-lang",
            code,
            "--presplit",
        ],
        "score": ["score", "--hyp", "en.txt", "--ref", "en.txt", "--lang", code],
        "bench": [
            "bench",
            "--system",
            "id=identity",
            "--directions",
            f"{code}-fr",
            "--corpus",
            "rows.jsonl",
            "--out",
            "bench-out",
            "--quiet",
        ],
    }[command]
    result = run(*args, cwd=files)
    assert_clean_failure(result, repr(code) if command != "bench" else f"{code}-fr")
    assert not (files / "bench-out").exists()


@pytest.mark.parametrize("code", ["de", "xx"])
def test_unknown_but_well_formed_language_works_with_a_warning(files: Path, code: str) -> None:
    result = run("segment", "de.txt", "--lang", code, cwd=files)
    assert_ok(result)
    assert result.stdout.splitlines() == [
        "Die Ministerin kam am Montag in Hanoi an.",
        "Sie traf 30 Delegierte.",
    ]
    assert "warning" in result.stderr and repr(code) in result.stderr

    result = run("align", "de.txt", "fr.txt", "--src-lang", code, "--tgt-lang", "fr", cwd=files)
    assert_ok(result)
    assert "warning" in result.stderr

    result = run("score", "--hyp", "de.txt", "--ref", "de.txt", "--lang", code, cwd=files)
    assert_ok(result)
    if code == "xx":  # German is known to need nothing special; 'xx' gets 13a with a warning
        assert "warning: unknown language 'xx'" in result.stderr


def test_script_that_contradicts_the_language_code_warns(files: Path) -> None:
    result = run("segment", "th.txt", "--lang", "fr", cwd=files)
    assert_ok(result)
    assert "mostly in Thai script, but --lang fr" in result.stderr

    result = run("align", "th.txt", "en.txt", "--src-lang", "fr", "--tgt-lang", "en", cwd=files)
    assert_ok(result)
    assert "mostly in Thai script, but --lang fr" in result.stderr

    result = run("score", "--hyp", "th.txt", "--ref", "th.txt", "--lang", "en", cwd=files)
    assert_ok(result)
    assert "mostly in Thai script, but --lang en" in result.stderr


# --- align -------------------------------------------------------------------------------------


def test_align_with_one_side_empty_is_all_null(files: Path) -> None:
    for fmt in ("ladder", "jsonl", "tsv"):
        result = run(
            "align",
            "en.txt",
            "empty.txt",
            "--src-lang",
            "en",
            "--tgt-lang",
            "fr",
            "--format",
            fmt,
            cwd=files,
        )
        assert_ok(result)
        if fmt == "ladder":
            assert result.stdout.splitlines() == ["[0]:[]:0.000", "[1]:[]:0.000", "[2]:[]:0.000"]
        elif fmt == "tsv":
            assert result.stdout == ""  # aligned beads only: there are none
    result = run(
        "align",
        "empty.txt",
        "empty.txt",
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        "--presplit",
        cwd=files,
    )
    assert_ok(result)
    assert result.stdout == ""


def test_align_of_non_translations_gives_a_low_document_score(files: Path) -> None:
    result = run("align", FR_SEED, VI_SEED, "--src-lang", "fr", "--tgt-lang", "vi", cwd=files)
    assert_ok(result)
    translated = float(result.stderr.rsplit("document score", 1)[1].split()[0])
    unrelated = files / "unrelated.txt"
    unrelated.write_text(
        "Le club de football local a remporté le championnat régional dimanche.\n\n"
        "L'entraîneur a salué le travail de toute l'équipe pendant la saison.\n\n"
        "Les supporters ont fêté la victoire jusque tard dans la nuit.\n",
        encoding="utf-8",
    )
    result = run("align", unrelated, VI_SEED, "--src-lang", "fr", "--tgt-lang", "vi", cwd=files)
    assert_ok(result)
    score = float(result.stderr.rsplit("document score", 1)[1].split()[0])
    assert score < 0.2 < translated


def test_presplit_blank_lines_never_pair_with_text(files: Path) -> None:
    (files / "a.txt").write_text("Hello world.\n\nThis is fine.\n  \nThird one.\n")
    (files / "b.txt").write_text("Bonjour le monde.\n\nCeci va bien.\nTroisième.\n\n")
    for method in ("length", "full"):
        result = run(
            "align",
            "a.txt",
            "b.txt",
            "--src-lang",
            "en",
            "--tgt-lang",
            "fr",
            "--presplit",
            "--method",
            method,
            "--format",
            "jsonl",
            cwd=files,
        )
        assert_ok(result)
        beads = [json.loads(line) for line in result.stdout.splitlines()]
        # ids are line numbers: every line of both files exactly once, in order
        assert sorted(i for b in beads for i in b["src_ids"]) == list(range(5))
        assert sorted(i for b in beads for i in b["tgt_ids"]) == list(range(5))
        for side, blanks in (("src", {1, 3}), ("tgt", {1, 4})):
            for bead in beads:
                if set(bead[f"{side}_ids"]) & blanks:  # a blank line is a bead of its own
                    assert bead[f"{side}_ids"] in ([1], [3], [4])
                    other = "tgt" if side == "src" else "src"
                    assert bead[f"{other}_ids"] == [] and bead["score"] == 0.0
    result = run(
        "align",
        "a.txt",
        "b.txt",
        "--src-lang",
        "en",
        "--tgt-lang",
        "fr",
        "--presplit",
        "--method",
        "length",
        "--format",
        "tsv",
        cwd=files,
    )
    assert [line.split("\t")[:2] for line in result.stdout.splitlines()] == [
        ["Hello world.", "Bonjour le monde."],
        ["This is fine.", "Ceci va bien."],
        ["Third one.", "Troisième."],
    ]


# --- build -------------------------------------------------------------------------------------


def test_build_refuses_an_existing_folder_that_is_not_a_dataset(files: Path) -> None:
    (files / "out").mkdir()
    (files / "out" / "notes.txt").write_text("mine")
    result = run("build", "--seeds", SEEDS, "--out", "out", "--quiet", cwd=files)
    assert_clean_failure(result, "out", "not a parallelcorpus dataset")
    assert [p.name for p in (files / "out").iterdir()] == ["notes.txt"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_failed_or_interrupted_build_leaves_dist_unchanged(files: Path) -> None:
    seeds = files / "seeds"
    seeds.mkdir()
    for seed in (FR_SEED, VI_SEED):
        (seeds / seed.name).write_bytes(seed.read_bytes())
    assert_ok(run("build", "--seeds", "seeds", "--out", "dist", "--quiet", cwd=files))
    before = snapshot(files / "dist")

    (seeds / "010_bad.txt").write_bytes(b"Bonjour\n\xc3\x28\n")  # fails while reading
    result = run("build", "--seeds", "seeds", "--out", "dist", "--quiet", cwd=files)
    assert_clean_failure(result, "010_bad.txt", "at byte 8")
    assert snapshot(files / "dist") == before
    (seeds / "010_bad.txt").unlink()

    # interrupted half-way through writing the new dataset
    code = (
        "import sys\n"
        "import parallelcorpus.corpus as corpus\n"
        "def half_written(c, folder):\n"
        "    (folder / 'README.md').write_text('half')\n"
        "    raise KeyboardInterrupt\n"
        "corpus.write_dataset = half_written\n"
        "from parallelcorpus.cli import main\n"
        "sys.exit(main(['build', '--seeds', 'seeds', '--out', 'dist', '--quiet']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=files,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 130, result.stderr
    assert snapshot(files / "dist") == before
    assert sorted(p.name for p in files.iterdir() if p.name.startswith(".")) == []


# --- score and bench ----------------------------------------------------------------------------


def test_score_line_count_mismatch_names_both_counts(files: Path) -> None:
    (files / "hyp.txt").write_text("a b c\nd e f\n")
    (files / "ref.txt").write_text("a b c\nd e f\ng h i\n")
    result = run("score", "--hyp", "hyp.txt", "--ref", "ref.txt", "--lang", "en", cwd=files)
    assert_clean_failure(result, "ref.txt", "hyp.txt", "3 lines", "have 2")


@pytest.mark.parametrize("spec", ["x=nosuchkind", "justaname", "=identity"])
def test_bench_unknown_system_spec(files: Path, spec: str) -> None:
    result = run(
        "bench",
        "--system",
        spec,
        "--directions",
        "fr-en",
        "--corpus",
        "rows.jsonl",
        "--out",
        "bench-out",
        "--quiet",
        cwd=files,
    )
    assert_clean_failure(result)
    assert not (files / "bench-out").exists()


def test_bench_output_path_that_is_a_file_fails_before_translating(files: Path) -> None:
    result = run(
        "bench",
        "--system",
        "id=identity",
        "--directions",
        "fr-en",
        "--corpus",
        "rows.jsonl",
        "--out",
        "en.txt",
        "--quiet",
        cwd=files,
    )
    assert_clean_failure(result, "en.txt", "not a folder")
    assert (files / "en.txt").read_text() == EN


# --- scale ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_segment_a_5mb_line_of_thai_completes(tmp_path: Path) -> None:
    """One 5 MB line without a newline: must finish (generous timeout), not hang or blow up."""
    text = " ".join(TH_SEED.read_text(encoding="utf-8").split())
    line = " ".join([text] * (5_000_000 // len(text.encode()) + 1))
    data = line.encode()[:5_000_000].decode("utf-8", "ignore")
    (tmp_path / "big.txt").write_text(data, encoding="utf-8")
    result = run("segment", "big.txt", "--lang", "th", cwd=tmp_path, timeout=600)
    assert_ok(result)
    out = result.stdout.splitlines()
    assert len(out) > 1000
    kept = sum(len("".join(s.split())) for s in out)  # cleaning may drop a "|" separator
    assert kept >= 0.99 * len("".join(data.split()))


# --- more mistakes a new user makes ----------------------------------------------------------


def test_utf16_file_gets_a_hint(files: Path) -> None:
    (files / "u16.txt").write_bytes("Bonjour le monde.".encode("utf-16"))
    result = run("segment", "u16.txt", "--lang", "fr", cwd=files)
    assert_clean_failure(result, "u16.txt", "at byte 0", "UTF-16")


def test_align_refuses_stdin_on_both_sides(files: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "align", "-", "-", "--src-lang", "en",
         "--tgt-lang", "fr"],
        input=EN, capture_output=True, text=True, cwd=files, env=ENV, timeout=120,
    )  # fmt: skip
    assert_clean_failure(result, "stdin")


def test_bad_bytes_on_stdin_are_reported_as_stdin(files: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "segment", "--lang", "en"],
        input=b"abc\xff", capture_output=True, cwd=files, env=ENV, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert b"<stdin>: at byte 3" in result.stderr and b"Traceback" not in result.stderr


def test_build_output_below_a_file_fails_before_building(files: Path) -> None:
    result = run("build", "--seeds", SEEDS, "--out", "en.txt/dist", "--quiet", cwd=files)
    assert_clean_failure(result, "en.txt/dist", "en.txt is a file")
    assert "left out of the corpus" not in result.stderr  # refused before any alignment


def test_translator_plugin_that_returns_no_translator_is_named() -> None:
    import parallelcorpus as pc
    from parallelcorpus.bench.translators import make_translator

    class Plain:  # forgot to subclass Translator
        def translate(self, segments: list[str], src: str, tgt: str) -> list[str]:
            return segments

    pc.register_translator("qa-plain", lambda arg, **opts: Plain(), replace=True)
    with pytest.raises(pc.InputError, match=r"qa-plain.*Plain.*subclass"):
        make_translator("qa-plain:x", name="mine")


def test_bench_without_matplotlib_skips_only_the_chart(files: Path) -> None:
    """``pip install -e .`` (no ``bench`` extra) must still benchmark, with a warning."""
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None  # as if the optional extra were not installed\n"
        "from parallelcorpus.cli import main\n"
        "sys.exit(main(['bench', '--system', 'id=identity', '--directions', 'fr-en', '--corpus',\n"
        "               'rows.jsonl', '--out', 'bench-out', '--quiet', '--samples', '10']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=files, env=ENV,
        timeout=120,
    )  # fmt: skip
    assert_ok(result)
    assert "matplotlib is not installed" in result.stderr
    written = sorted(p.name for p in (files / "bench-out").iterdir() if p.is_file())
    assert written == ["results.json", "results.md", "segments.tsv"]
    assert "(results.json, results.md, segments.tsv)" in result.stderr


def test_presplit_ids_are_newline_line_numbers(files: Path) -> None:
    """A U+2028 or form feed inside a line (common in scraped text) is not a line break."""
    (files / "a.txt").write_text("One\u2028still one.\r\nTwo.\nThree\x0cstill three.\n")
    (files / "b.txt").write_text("Un encore un.\nDeux.\nTrois encore trois.\n")
    result = run("align", "a.txt", "b.txt", "--src-lang", "en", "--tgt-lang", "fr",
                 "--presplit", "--method", "length", "--format", "jsonl", cwd=files)  # fmt: skip
    assert_ok(result)
    beads = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(i for b in beads for i in b["src_ids"]) == [0, 1, 2]
    assert {b["src"] for b in beads} >= {"One still one.", "Two.", "Three still three."}
