"""Whole-package checks: instant CLI start-up (lazy imports), ruff clean, entry points."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

HEAVY = ["datasets", "pythainlp", "numpy", "pyarrow", "matplotlib", "babel", "sacrebleu", "pandas"]


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from parallelcorpus.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(__import__('json').dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_import_parallelcorpus_is_light() -> None:
    code = f"import sys, parallelcorpus; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_module_entry_point_and_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("parallelcorpus ")


def test_no_command_is_usage_error() -> None:
    out = subprocess.run([sys.executable, "-m", "parallelcorpus"], capture_output=True, text=True)
    assert out.returncode == 2


def test_unknown_option_is_usage_error() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "parallelcorpus", "segment", "--bogus"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2


def test_ruff_clean(root) -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "scripts", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
