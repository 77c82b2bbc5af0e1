"""Killing a real `qa index --rebuild` at random moments never costs the previous index.

After every SIGKILL, `qa ask --json` must answer from a complete, consistent index whose every passage is the exact
span of its file; the next run must clean up what the killed one left. SIGINT must end with one line, no traceback.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from qa.index import store
from qa.ingest.files import read_text
from tests.reliability_support import QA, ask_json, check_offsets, run, synthetic_corpus

KILLS = 12
INTERRUPTS = 2
INTERRUPT_TRIES = 6  # runs that may finish before their SIGINT lands
SIGINT_NOT_BEFORE = 0.3  # seconds
ARTICLES = 160
# Questions these synthetic articles answer ("What did the union question?", with every article's plan a candidate
# and nothing named, gets no answer from the answerable model).
QUESTIONS = ["Who approved the harbour plan?", "When was the railway plan reopened?", "Who questioned the museum plan?"]


@pytest.fixture(scope="module")
def built(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """A synthetic corpus, its complete index, and how long one full `--rebuild` of it takes."""
    root = tmp_path_factory.mktemp("kill")
    corpus = synthetic_corpus(root / "articles", ARTICLES)
    index_dir = root / "vectors"
    done = run(["index", str(corpus), "--index", str(index_dir)], cwd=root)
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    done = run(["index", "articles", "--rebuild", "--index", str(index_dir)], cwd=root)
    assert done.returncode == 0, done.stderr
    return root, index_dir, time.monotonic() - started


def _consistent(index_dir: Path) -> int:
    loaded = store.load(index_dir)
    assert loaded.faiss_index.ntotal == len(loaded.chunks) == loaded.manifest.chunks
    assert len(loaded.manifest.files) == ARTICLES
    for chunk in loaded.chunks:
        text = read_text((index_dir / chunk.source).resolve(), chunk.encoding)
        assert text[chunk.start:chunk.end] == chunk.text
    return len(loaded.chunks)


def _rebuild(root: Path, index_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(QA + ["index", "articles", "--rebuild", "--index", str(index_dir)], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_hear_sigint)


def _hear_sigint() -> None:
    """A shell starts background jobs with SIGINT ignored, and children inherit that; undo it, as a terminal would
    have it, so that the SIGINT test tests qa and not how pytest was launched."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigkill_at_random_moments_keeps_the_previous_index(built: tuple[Path, Path, float]) -> None:
    root, index_dir, duration = built
    rng = random.Random(20)
    chunks = _consistent(index_dir)
    outcomes = {"killed": 0, "finished first": 0, "left staging": 0, "left generation": 0, "switched": 0}
    for kill in range(KILLS):
        # half the moments anywhere in the run, half near its end, where the new generation is written
        delay = rng.uniform(0.05, 0.95) * duration if kill % 2 else rng.uniform(0.6, 0.97) * duration
        before = store.current_generation(index_dir)
        started = time.monotonic()
        process = _rebuild(root, index_dir)
        while process.poll() is None and time.monotonic() - started < delay:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if process.returncode == -signal.SIGKILL:
            outcomes["killed"] += 1
        else:
            outcomes["finished first"] += 1
            duration = min(duration, time.monotonic() - started)  # the machine got faster: aim earlier
        head = store.current_generation(index_dir).name
        outcomes["left staging"] += any(index_dir.glob(".gen-*.tmp"))
        outcomes["left generation"] += any(p.name > head for p in index_dir.glob("gen-*"))
        outcomes["switched"] += head != before.name
        assert _consistent(index_dir) == chunks
        payload = ask_json(QUESTIONS[kill % len(QUESTIONS)], index_dir, root)
        assert payload["answer"] is not None and check_offsets(payload, root) >= 5
    print(f"\n{KILLS} SIGKILLs over a {duration:.1f} s build: {outcomes}")
    assert outcomes["killed"] >= KILLS // 2

    done = run(["index", "articles", "--rebuild", "--index", str(index_dir)], cwd=root)
    assert done.returncode == 0, done.stderr
    assert not list(index_dir.glob(".gen-*.tmp")) and not list(index_dir.glob(".encoder-*"))
    assert len(list(index_dir.glob("gen-*"))) <= store.GENERATIONS_KEPT
    assert _consistent(index_dir) == chunks


def test_sigint_prints_one_line_and_keeps_the_index(built: tuple[Path, Path, float]) -> None:
    root, index_dir, duration = built
    rng = random.Random(3)
    interrupted = finished = 0
    while interrupted < INTERRUPTS and finished < INTERRUPT_TRIES:
        before = store.current_generation(index_dir)
        delay = max(SIGINT_NOT_BEFORE, rng.uniform(0.3, 0.8) * duration)  # not while Python is still importing qa
        started = time.monotonic()
        process = _rebuild(root, index_dir)
        while process.poll() is None and time.monotonic() - started < delay:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert "Traceback" not in stderr
        if process.returncode == 130:
            interrupted += 1
            assert stderr.strip().splitlines()[-1] == "qa: interrupted"
            assert store.current_generation(index_dir) == before
            assert not list(index_dir.glob(".gen-*.tmp"))
        else:
            assert process.returncode == 0, stderr
            finished += 1
            duration = min(duration, time.monotonic() - started)  # the machine got faster: aim earlier
        _consistent(index_dir)
    print(f"\nSIGINTs: {interrupted} interrupted with one line, {finished} finished first")
    assert interrupted >= 1
