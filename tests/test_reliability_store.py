"""The generation scheme step by step: a write that fails anywhere leaves the previous index; leftovers are cleaned;
a reader racing a writer retries once; nothing is ever loaded with pickle or eval."""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path

import pytest

from qa.config import repo_root
from qa.errors import BrokenIndexError, IndexWriteError
from qa.index import store
from qa.index.build import BuildOptions, update_index
from tests.fakes import FakeEncoder
from tests.reliability_support import synthetic_corpus


def _index(corpus: Path, index_dir: Path, rebuild: bool = False) -> None:
    update_index([corpus], index_dir, BuildOptions(rebuild=rebuild, encoder_factory=lambda n: FakeEncoder()))


@pytest.fixture()
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    corpus = synthetic_corpus(tmp_path / "articles", 8)
    _index(corpus, tmp_path / "vectors")
    return corpus, tmp_path / "vectors"


def _fail_once(monkeypatch: pytest.MonkeyPatch, target: object, name: str, error: BaseException) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(target, name, fail)


STEPS = [
    ("qa.index.store._write_chunks", KeyboardInterrupt()),
    ("faiss.write_index", RuntimeError("Error in faiss::FileIOWriter: disk full")),
    ("qa.index.lexical.build", OSError(errno.ENOSPC, "No space left on device")),
    ("qa.index.store._fsync", OSError(errno.EIO, "Input/output error")),
    ("os.replace", KeyboardInterrupt()),
]


@pytest.mark.parametrize(("where", "error"), STEPS, ids=[w for w, _ in STEPS])
def test_a_write_failing_at_any_step_keeps_the_previous_index(where: str, error: BaseException,
                                                              indexed: tuple[Path, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index_dir = indexed
    before = store.current_generation(index_dir)
    chunks = len(store.load(index_dir).chunks)
    module, name = where.rsplit(".", 1)
    _fail_once(monkeypatch, __import__(module, fromlist=[name]), name, error)
    expected: type[BaseException] = KeyboardInterrupt if isinstance(error, KeyboardInterrupt) else IndexWriteError
    with pytest.raises(expected) as caught:
        _index(corpus, index_dir, rebuild=True)
    monkeypatch.undo()
    if isinstance(caught.value, IndexWriteError):
        assert "the previous index is unchanged" in caught.value.message
        assert "\n" not in caught.value.message
    assert store.current_generation(index_dir) == before
    assert len(store.load(index_dir).chunks) == chunks
    assert not list(index_dir.glob(".gen-*.tmp"))


def test_the_next_run_cleans_what_a_killed_run_left(indexed: tuple[Path, Path]) -> None:
    corpus, index_dir = indexed
    current = store.current_generation(index_dir)
    (index_dir / ".gen-1-1.tmp" / "bm25").mkdir(parents=True)
    (index_dir / ".encoder-abc").mkdir()
    (index_dir / store.HEAD_TEMP).write_text("gen-2-2\n")
    orphan = index_dir / "gen-ffffffffffffffff-1"  # renamed into place, killed before HEAD was switched
    shutil.copytree(current, orphan)
    assert store.current_generation(index_dir) == current
    (corpus / "0000.txt").write_text("The bridge reopened on Friday, the mayor said.\n", encoding="utf-8")
    _index(corpus, index_dir)
    names = sorted(p.name for p in index_dir.iterdir())
    assert not [n for n in names if n.startswith((".gen-", ".encoder-", ".HEAD"))]
    assert len([n for n in names if n.startswith("gen-")]) <= store.GENERATIONS_KEPT


def test_a_reader_retries_once_when_a_writer_removes_its_generation(indexed: tuple[Path, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, index_dir = indexed
    old = store.current_generation(index_dir)
    _index(corpus, index_dir, rebuild=True)
    new = store.current_generation(index_dir)
    (index_dir / store.HEAD_FILE).write_text(old.name + "\n")
    real = store._load_generation
    calls: list[str] = []

    def racing(folder: Path) -> store.StoredIndex:
        calls.append(folder.name)
        if folder == old:  # a writer switches HEAD and removes the generation just read from HEAD
            (index_dir / store.HEAD_FILE).write_text(new.name + "\n")
            shutil.rmtree(old)
        return real(folder)

    monkeypatch.setattr(store, "_load_generation", racing)
    assert store.load(index_dir).folder == new
    assert calls == [old.name, new.name]


def test_a_damaged_generation_is_not_retried_forever(indexed: tuple[Path, Path]) -> None:
    _, index_dir = indexed
    (store.current_generation(index_dir) / store.FAISS_FILE).unlink()
    with pytest.raises(BrokenIndexError, match="index.faiss is missing or damaged"):
        store.load(index_dir)


def test_a_generation_without_head_was_never_committed(indexed: tuple[Path, Path]) -> None:
    """HEAD is the commit point: a first build killed before writing it leaves no index, so the next run builds."""
    corpus, index_dir = indexed
    (index_dir / store.HEAD_FILE).unlink()
    assert not store.exists(index_dir)
    _index(corpus, index_dir)
    assert store.exists(index_dir) and store.load(index_dir).chunks


def test_no_pickle_or_eval_anywhere_in_the_code() -> None:
    forbidden = re.compile(r"\bimport pickle\b|\bpickle\.|\bcPickle\b|\bdill\b|\bjoblib\b|(?<![\w.])eval\(|"
                           r"(?<![\w.])exec\(|allow_pickle\s*=\s*True|torch\.load\(")
    checked = 0
    for folder in ("qa", "tui", "bin"):
        for path in sorted((repo_root() / folder).rglob("*")):
            if path.is_file() and (path.suffix == ".py" or folder == "bin"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert not forbidden.search(text), f"{path}: {forbidden.search(text)}"
                checked += 1
    assert checked > 20


def test_an_index_folder_that_cannot_be_created_is_one_clear_error(tmp_path: Path) -> None:
    corpus = synthetic_corpus(tmp_path / "articles", 2)
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(IndexWriteError, match=r"cannot write the index folder .*a-file/vectors \(Not a directory\)"):
        _index(corpus, tmp_path / "a-file" / "vectors")
