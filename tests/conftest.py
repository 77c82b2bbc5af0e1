from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.ask import Engine
from qa.config import repo_root
from qa.index.build import update_index

SEEDS = repo_root() / "seeds"


@pytest.fixture(autouse=True)
def _isolated_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's vectors/ folder."""
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "default-vectors"))


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One encoder cache per test session (exported once, by the first index built), not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("qa-cache")
        patch.setenv("QA_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed articles that tests may not modify (read-only use)."""
    folder = tmp_path_factory.mktemp("seed-corpus") / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_index(seed_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles indexed once per session with the real model."""
    index_dir = tmp_path_factory.mktemp("seed-index") / "vectors"
    update_index([seed_corpus], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def seed_engine(seed_index: Path) -> Engine:
    return Engine.open(seed_index)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 synthetic articles (`articles/`) indexed with the fake encoder (`vectors/`): tests copy it, then damage it."""
    from tests.reliability_support import fake_index, synthetic_corpus

    root = tmp_path_factory.mktemp("pristine")
    synthetic_corpus(root / "articles", 12)
    fake_index(root / "articles", root / "vectors")
    return root
