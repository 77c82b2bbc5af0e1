"""Behaviour before and after a change, side by side in one run: eval figures, `qa ask --json`, cold ask time.

Checks out the `--before` commit as a git worktree and runs the same commands in it and in this tree, each side
with its own index and benchmark cache (so index building is compared too):

- `qa eval tests/data/seed_questions.jsonl` and `qa eval` on the SQuAD v1.1 dev sample (2,000 questions, seed 0);
- `qa ask --json` on every seed question, compared byte for byte with `seconds` removed;
- cold `qa ask --json`, alternating the two trees, `--runs` times each.

    .venv/bin/python bench/parity.py --before 1a6919c [--runs 10] [--squad ../shared/bench/squad/dev-v1.1.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_SET = Path("tests/data/seed_questions.jsonl")
TIMING_KEYS = {"median_seconds", "seconds", "index"}  # timings, and the index folder (one per side)


def run(tree: Path, work: Path, args: list[str], stdin: str | None = None) -> str:
    env = {**os.environ, "PYTHONPATH": str(tree), "QA_CACHE": str(work / "cache"), "QA_INDEX": str(work / "vectors")}
    done = subprocess.run([sys.executable, "-m", "qa", *args], cwd=tree, env=env, input=stdin, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: qa {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def without_timing(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items() if k not in TIMING_KEYS}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value


def eval_figures(tree: Path, work: Path, question_set: Path, extra: list[str]) -> dict[str, object]:
    report = json.loads(run(tree, work, ["eval", str(question_set), "--json", *extra]))
    return {"report": without_timing(report),
            "ms": [round(values["median_seconds"] * 1000, 1) for values in report["systems"].values()]}


def asked(tree: Path, work: Path) -> list[str]:
    questions = [json.loads(line)["question"] for line in (ROOT / SEED_SET).read_text().splitlines() if line.strip()]
    out = run(tree, work, ["ask", "--json"], stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [json.dumps(without_timing(line), ensure_ascii=False) for line in lines]


def cold_seconds(tree: Path, work: Path, question: str) -> float:
    started = time.perf_counter()
    run(tree, work, ["ask", "--json", question])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit to compare against")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--squad", type=Path, default=ROOT.parent / "shared/bench/squad/dev-v1.1.json")
    parser.add_argument("--question", default="How many times has Kim visited China?")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="qa-parity-"))
    before = scratch / "before-tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        trees = {"before": before, "after": ROOT}
        works = {name: scratch / name for name in trees}
        figures: dict[str, dict[str, object]] = {}
        for name, tree in trees.items():
            work = works[name]
            run(tree, work, ["index", "seeds"])
            figures[name] = {
                "seeds": eval_figures(tree, work, ROOT / SEED_SET, []),
                "squad": eval_figures(tree, work, args.squad.resolve(), ["--sample", "2000", "--seed", "0"]),
                "ask": asked(tree, work),
            }
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(cold_seconds(tree, works[name], args.question))
        report(args.before, figures, times)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, capture_output=True)


def report(before: str, figures: dict[str, dict[str, object]], times: dict[str, list[float]]) -> None:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"before: {before}   after: {head.strip()} (+ working tree)")
    for key in ("seeds", "squad"):
        b, a = figures["before"][key], figures["after"][key]
        assert isinstance(b, dict) and isinstance(a, dict)
        same = b["report"] == a["report"]
        print(f"\nqa eval {key}: figures {'IDENTICAL' if same else 'DIFFER'}")
        for system, values in b["report"]["systems"].items():
            for metric, value in values.items():
                after = a["report"]["systems"].get(system, {}).get(metric)
                print(f"  {system:<8} {metric:<28} {value!s:>8}  {after!s:>8}")
        print(f"  median query ms (before, after): {b['ms']} {a['ms']}")
    asks_b, asks_a = figures["before"]["ask"], figures["after"]["ask"]
    assert isinstance(asks_b, list) and isinstance(asks_a, list)
    differing = [i for i, (x, y) in enumerate(zip(asks_b, asks_a, strict=True)) if x != y]
    print(f"\nqa ask --json on {len(asks_b)} seed questions: {len(asks_b) - len(differing)} identical byte for byte"
          f" (seconds removed); differing: {differing or 'none'}")
    print(f"\ncold qa ask --json, {len(times['before'])} runs each, alternating: median / min / max s")
    for name, values in times.items():
        print(f"  {name:<7} {statistics.median(values):.3f} / {min(values):.3f} / {max(values):.3f}")


if __name__ == "__main__":
    main()
