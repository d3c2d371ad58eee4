"""Shared fixtures: a fresh store per test, the seed pair, the shared schemas."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
SEED_TSV = SEEDS / "sasac-soe-press-conference-2024.en-zh-CN.tsv"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path in a temporary folder; $CONCORD_DB points at it too."""
    path = tmp_path / "concord.db"
    monkeypatch.setenv("CONCORD_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def _no_user_cache_pollution(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    # Caches (jieba's dictionary and others) go to the user cache dir; keep tests hermetic
    # but share one cache per session so the dictionary is built once.
    cache = tmp_path_factory.getbasetemp() / "xdg-cache"
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", os.environ.get("CONCORD_TEST_CACHE", str(cache)))


def build_memory(path: Path, units: Iterable) -> Path:
    """A memory store at *path* holding *units*, its fuzzy index built."""
    from tm.search import Memory
    from tm.store import SQLiteStore

    with SQLiteStore(path) as store:
        with store.transaction():
            store.add_units(units)
        Memory(store).refresh()
    return path


def copy_memory(source: Path, folder: Path) -> Path:
    """A fresh copy of a memory store (runs record usage in it), index included."""
    path = folder / source.name
    shutil.copy(source, path)
    shutil.copytree(f"{source}.index", f"{path}.index")
    return path
