"""Cold one-shot answer time: `qa ask --json` against a minimal sentence-transformers + FAISS script.

Both answer the same question from the same index, each in a fresh process, alternating, N runs each;
prints the median, min and max wall time and the ratio.

    .venv/bin/python bench/cold_ask.py [--runs 10] [--index vectors] [--question "..."]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--index", type=Path, default=ROOT / "vectors")
    parser.add_argument("--question", default="How many times has Kim visited China?")
    args = parser.parse_args()
    qa = [str(Path(sys.executable).parent / "qa"), "ask", "--json", args.question, "--index", str(args.index)]
    peer = [sys.executable, str(HERE / "peer_st_faiss.py"), str(args.index), args.question]
    wall(qa)  # builds or updates the index if needed, so that every timed run is a pure query
    times: dict[str, list[float]] = {"qa ask --json": [], "sentence-transformers + faiss": []}
    for _ in range(args.runs):
        times["qa ask --json"].append(wall(qa))
        times["sentence-transformers + faiss"].append(wall(peer))
    print(f"cores: {len(os.sched_getaffinity(0))}, runs: {args.runs}, question: {args.question!r}")
    print("command | median s | min s | max s")
    print("--- | --- | --- | ---")
    for name, values in times.items():
        print(f"{name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f}")
    ratio = statistics.median(times["sentence-transformers + faiss"]) / statistics.median(times["qa ask --json"])
    print(f"qa is {ratio:.1f}x faster")


if __name__ == "__main__":
    main()
