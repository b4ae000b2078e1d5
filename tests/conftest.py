"""Tests run offline: no hub calls from datasets, no writes to ~ from pythainlp."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Development data shared beside the project (never copied into it)."""
    path = SHARED / "data"
    if not path.exists():
        pytest.skip("../shared/data is not available")
    return path


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built into a temporary dataset folder, ONCE per test session (slow part)."""
    import parallelcorpus as pc

    out = tmp_path_factory.mktemp("corpus") / "dist"
    return pc.build_corpus(ROOT / "seeds", out, progress=False)
