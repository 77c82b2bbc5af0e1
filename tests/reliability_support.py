"""Helpers shared by the reliability tests: running `qa` as a user does, synthetic corpora, offset checks."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from qa.index.build import BuildOptions, update_index
from tests.fakes import FakeEncoder

QA = [sys.executable, "-m", "qa"]
PLACES = ["harbour", "bridge", "council", "school", "hospital", "market", "railway", "airport", "museum", "stadium"]
PEOPLE = ["the mayor", "the minister", "a spokeswoman", "the chief engineer", "local residents", "the union"]
VERBS = ["approved", "criticised", "delayed", "inspected", "reopened", "funded", "questioned", "announced"]


def run(args: list[str], cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(QA + args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})



def fake_index(corpus: Path, index_dir: Path) -> Path:
    """Index `corpus` in-process with the fake encoder (fast; `qa ask` then fails only on the missing encoder)."""
    update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    return index_dir


def article(rng: random.Random, number: int) -> str:
    place = rng.choice(PLACES)
    title = f"{place.title()} plan number {number} {rng.choice(VERBS)}"
    sentences = [
        f"{rng.choice(PEOPLE).capitalize()} {rng.choice(VERBS)} the {place} plan number {number} on "
        f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, after {rng.randint(2, 90)} days of talks."
        for _ in range(rng.randint(3, 6))
    ]
    return title + "\n\n" + " ".join(sentences) + "\n"


def synthetic_corpus(folder: Path, count: int, seed: int = 5) -> Path:
    """`count` short, distinct news-like articles."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{number:04d}.txt").write_text(article(rng, number), encoding="utf-8")
    return folder


def check_offsets(payload: dict[str, Any], cwd: Path) -> int:
    """Every passage (and the answer) is the exact span of its file; returns how many were checked."""
    items = list(payload["passages"]) + ([payload["answer"]] if payload["answer"] else [])
    for item in items:
        data = (cwd / item["source"]).read_bytes()
        text = data.decode(item.get("encoding", "utf-8"))
        assert text[item["start"]:item["end"]] == item["text"], item["source"]
    return len(items)


def ask_json(question: str, index_dir: Path, cwd: Path, k: int = 5) -> dict[str, Any]:
    done = run(["ask", question, "--json", "-k", str(k), "--index", str(index_dir)], cwd=cwd)
    assert done.returncode == 0, done.stderr
    payload: dict[str, Any] = json.loads(done.stdout)
    return payload


def one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit code 2, a single `qa: error:` line that contains every needle, and no traceback."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: "), done.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
