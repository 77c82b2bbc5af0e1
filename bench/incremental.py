"""Incremental update: one changed article in a 2,000-article corpus, timed as a user runs it (`qa index`).

Builds the corpus (2,000 SQuAD dev paragraphs, one file each) and its index once, changes one article,
then times a fresh `qa index` process and reports what it re-embedded.

    .venv/bin/python bench/incremental.py [--articles 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from squad_corpus import DEFAULT_SQUAD, write_corpus

from qa.index.build import update_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-incremental-"))
    qa = str(Path(sys.executable).parent / "qa")
    try:
        corpus = work / "articles"
        files = write_corpus(corpus, args.articles, args.squad)
        index_dir = work / "vectors"
        started = time.perf_counter()
        first = update_index([corpus], index_dir)
        print(f"initial build: {first.summary()} (wall {time.perf_counter() - started:.1f} s)")
        times, summaries = [], []
        for run in range(args.runs):
            target = files[(run * 97) % len(files)]
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"\nAn added closing sentence, revision {run}.\n")
            started = time.perf_counter()
            done = subprocess.run([qa, "index", str(corpus), "--index", str(index_dir)],
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(done.stderr)
            summaries.append(done.stdout.strip())
        print(f"cores: {len(os.sched_getaffinity(0))}, articles: {len(files)}, chunks: {first.chunks}")
        print("run | wall s | qa index says")
        print("--- | --- | ---")
        for i, (seconds, summary) in enumerate(zip(times, summaries, strict=False), start=1):
            print(f"{i} | {seconds:.2f} | {summary}")
        print(f"median wall: {statistics.median(times):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
