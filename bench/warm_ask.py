"""Warm path latency: question to answer with the index and encoder already loaded (as in the chat).

    .venv/bin/python bench/warm_ask.py [--index vectors] [--questions FILE] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from qa.ask import Engine, ask

ROOT = Path(__file__).resolve().parent.parent


def warm_times_ms(engine: Engine, questions: list[str], rounds: int) -> list[float]:
    """Milliseconds from question to answer, each question `rounds` times, after one question to warm up."""
    ask(questions[0], engine)
    times = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            ask(question, engine)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "vectors")
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "data" / "seed_questions.jsonl")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    engine = Engine.open(args.index)
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [row["question"] for row in rows if "question" in row]
    times = sorted(warm_times_ms(engine, questions, args.rounds))
    print(f"cores: {len(os.sched_getaffinity(0))}, questions: {len(times)} ({len(questions)} x {args.rounds})")
    print("p50 ms | p90 ms | max ms")
    print("--- | --- | ---")
    print(f"{statistics.median(times):.1f} | {times[int(0.9 * len(times))]:.1f} | {times[-1]:.1f}")


if __name__ == "__main__":
    main()
