"""Shared fixtures: real data paths and the real models, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"../shared/data is missing next to the checkout ({SHARED_DATA})")
    return SHARED_DATA


@pytest.fixture(scope="session")
def embedder(tmp_path_factory):
    from claimdiff.embed import Embedder

    return Embedder(cache_dir=tmp_path_factory.mktemp("embedding-cache"))


@pytest.fixture(scope="session")
def nli():
    from claimdiff.nli import load_nli_model

    return load_nli_model()


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    from claimdiff.config import Settings

    return Settings(cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def seeds_comparison(seeds_dir, settings, embedder, nli):
    """The seeds through the whole pipeline once per test run; several modules assert on it."""
    from claimdiff.pipeline import compare

    return compare([str(seeds_dir)], settings, embedder=embedder, nli=nli)


# CI must not pass or fail by luck: derandomised examples there, fresh random ones on a developer's machine.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
