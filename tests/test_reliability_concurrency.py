"""One writer at a time: a second `qa index` waits for the lock, then finds nothing left to do; readers never wait."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock

from qa.index import store
from tests.reliability_support import QA, ask_json, check_offsets, synthetic_corpus

WAITING = "another qa index is updating"


@pytest.fixture()
def fresh(seed_index: Path, tmp_path: Path) -> tuple[Path, Path]:
    corpus = synthetic_corpus(tmp_path / "articles", 30)
    return corpus, tmp_path / "vectors"


def _start(corpus: Path, index_dir: Path, log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(QA + ["index", str(corpus), "--index", str(index_dir)], cwd=index_dir.parent,
                            stdout=subprocess.PIPE, stderr=open(log, "w"), text=True)


def _finish(process: subprocess.Popen[str], log: Path) -> tuple[str, str]:
    stdout, _ = process.communicate(timeout=300)
    assert process.returncode == 0, log.read_text()
    return stdout, log.read_text()


def _one_writer(outputs: list[tuple[str, str]], index_dir: Path) -> None:
    writers = [out for out, _ in outputs if "30 added" in out]
    idle = [out for out, _ in outputs if "30 unchanged" in out and "0 embedded" in out]
    assert len(writers) == 1 and len(idle) == 1, outputs
    assert len(list(index_dir.glob("gen-*"))) == 1
    loaded = store.load(index_dir)
    assert loaded.faiss_index.ntotal == len(loaded.chunks) == loaded.manifest.chunks > 0


def test_two_indexers_both_waiting_on_a_held_lock(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = fresh
    lock = FileLock(str(index_dir / store.LOCK_FILE))
    lock.acquire()
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    try:
        processes = [_start(corpus, index_dir, log) for log in logs]
        deadline = time.monotonic() + 120
        while not all(WAITING in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            time.sleep(0.2)
        assert not list(index_dir.glob("gen-*")) and all(p.poll() is None for p in processes)
    finally:
        lock.release()
    outputs = [_finish(p, log) for p, log in zip(processes, logs, strict=True)]
    assert all(err.strip().splitlines() == [f"{WAITING} {index_dir}; waiting for it to finish"] for _, err in outputs)
    _one_writer(outputs, index_dir)


def test_two_indexers_started_at_once(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = fresh
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    processes = [_start(corpus, index_dir, log) for log in logs]
    _one_writer([_finish(p, log) for p, log in zip(processes, logs, strict=True)], index_dir)


def test_readers_answer_from_the_last_index_while_a_writer_holds_the_lock(fresh: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    corpus, index_dir = fresh
    log = tmp_path / "a.log"
    _finish(_start(corpus, index_dir, log), log)
    with FileLock(str(index_dir / store.LOCK_FILE)):
        started = time.monotonic()
        payload = ask_json("Who approved the harbour plan?", index_dir, tmp_path)
        assert time.monotonic() - started < 60
    assert check_offsets(payload, tmp_path) >= 5


def test_ask_on_changed_articles_says_it_waits_for_a_running_update(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = fresh
    _finish(_start(corpus, index_dir, tmp_path / "first.log"), tmp_path / "first.log")
    (corpus / "9999.txt").write_text("Zoo news\n\nThe city zoo welcomed two zebras on Tuesday.\n", encoding="utf-8")
    lock = FileLock(str(index_dir / store.LOCK_FILE))
    lock.acquire()
    log = tmp_path / "ask.log"
    try:
        asking = subprocess.Popen(QA + ["ask", "How many zebras did the zoo welcome?", "--json", "--index",
                                        str(index_dir)], cwd=tmp_path, stdout=subprocess.PIPE, stderr=open(log, "w"),
                                  text=True)
        deadline = time.monotonic() + 120
        while WAITING not in log.read_text():
            assert time.monotonic() < deadline and asking.poll() is None, log.read_text()
            time.sleep(0.2)
    finally:
        lock.release()
    stdout, stderr = _finish(asking, log)
    assert stderr.splitlines()[:2] == ["Articles changed since the index was built; updating it ...",
                                       f"{WAITING} {index_dir}; waiting for it to finish"]
    assert check_offsets(json.loads(stdout), tmp_path) >= 5
