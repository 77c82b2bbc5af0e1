"""The Reuters archive as the yardstick: index all 17,585 articles and time what a user waits for, in one run.

Writes ../shared/bench/reuters/articles.jsonl as one file per article plus metadata.csv (bench/reuters_corpus.py),
exports the encoder into a fresh $QA_CACHE (timed apart: once per machine), then measures with `qa` in fresh
processes:
- `qa index` of the whole archive: wall time, passages/s, peak RSS (the process's own high-water mark), index size;
- raw fp32 sentence-transformers `model.encode` of the same passages (a seeded random sample of them, `--raw-sample`;
  0 = all), as passages/s and word pieces/s, so the ratio compares like with like;
- cold `qa ask` (median of 5 fresh processes, and its peak RSS), on a factoid and on a counting question;
- warm answers in one process: p50/p90 over the Reuters question set (tests/data/reuters_questions.jsonl);
- the update after 10 articles change (`qa index` again);
- with `--big-file`, the peak RSS of `qa index` on one 50 MB text file (the archive's articles, repeated).

    .venv/bin/python bench/reuters_archive.py [--work DIR] [--raw-sample N] [--big-file] [--quantize]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reuters_corpus import read_articles, write_corpus

from qa.config import QUANTIZED_BY_DEFAULT

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "data" / "reuters_questions.jsonl"
FACTOID = "How large is Brazil's foreign debt?"
COUNTING = "How many times did the Bundesbank cut interest rates?"
BIG_FILE_BYTES = 50_000_000


def measured(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB, the child's own: wait4) and stdout of one `qa` process."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(ROOT)
        devnull = os.open(os.devnull, os.O_WRONLY)
        out = os.open(env["QA_BENCH_OUT"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(devnull, 2)
        os.execve(sys.executable, [sys.executable, "-m", "qa", *args], env)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"qa {' '.join(args)} failed (exit {os.waitstatus_to_exitcode(status)})")
    return seconds, int(usage.ru_maxrss) // 1024, Path(env["QA_BENCH_OUT"]).read_text(encoding="utf-8")


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def raw_encode(index_dir: str, sample: int) -> dict[str, float]:
    """Raw fp32 `model.encode` of the index's passages (a seeded sample; 0: all), model loaded and warmed first."""
    from qa.index import store
    from qa.index.torch_encoder import load_sentence_transformer, use_every_core
    from qa.text.tokens import TokenCounter

    passages = [chunk.text for chunk in store.load(Path(index_dir)).chunks]
    chosen = passages if sample == 0 else random.Random(0).sample(passages, min(sample, len(passages)))
    model = load_sentence_transformer()
    use_every_core()
    model.encode(chosen[:64], normalize_embeddings=True)
    started = time.perf_counter()
    model.encode(chosen, normalize_embeddings=True)
    return {"seconds": time.perf_counter() - started, "passages": len(chosen), "all": len(passages),
            "tokens": sum(TokenCounter().count(chosen))}


def warm_answers(index_dir: str) -> dict[str, list[float]]:
    """Seconds per answer of every question of the Reuters set, in one process after a first question."""
    from qa.ask import Engine, ask

    engine = Engine.open(Path(index_dir))
    ask(FACTOID, engine)
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
                 if line.strip() and "question" in json.loads(line)]
    times = []
    for question in questions:
        started = time.perf_counter()
        ask(question, engine)
        times.append(time.perf_counter() - started)
    return {"times": times}


def in_child(function: str, *args: str | int) -> dict:  # type: ignore[type-arg]
    """Run one of this script's functions in a fresh process, so that the parent stays small: a child forked
    from a process holding torch would start with its memory, and every peak RSS after it would be wrong."""
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); "
            f"import reuters_archive as bench; print(json.dumps(bench.{function}(*{args!r})))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode != 0:
        raise SystemExit(f"{function} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_big_file(path: Path, articles: list[dict]) -> None:  # type: ignore[type-arg]
    """One text file of about 50 MB: the archive's articles, each after a heading, repeated as needed."""
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        edition = 0
        while written < BIG_FILE_BYTES:
            edition += 1
            for article in articles:
                text = f"\n\n{article['title']} (edition {edition})\n\n{article['text']}"
                handle.write(text)
                written += len(text.encode("utf-8"))
                if written >= BIG_FILE_BYTES:
                    break


def main() -> None:  # noqa: C901 - one straight run of measurements, printed as it goes
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary one)")
    parser.add_argument("--raw-sample", type=int, default=3000, help="passages raw-encoded (0: all; default 3000)")
    parser.add_argument("--big-file", action="store_true", help="also index one 50 MB file (peak RSS)")
    parser.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=QUANTIZED_BY_DEFAULT,
                        help="index with the int8 model (default: qa's default, full precision)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qa-reuters-"))
    corpus, index_dir, cache = work / "reuters", work / "vectors", work / "cache"
    for stale in (index_dir, cache, work / "big-vectors"):  # a rerun in the same --work folder starts afresh
        shutil.rmtree(stale, ignore_errors=True)
    articles = read_articles()
    if not corpus.exists():
        write_corpus(corpus, articles)
    env = {**os.environ, "QA_CACHE": str(cache), "QA_INDEX": str(index_dir), "PYTHONPATH": str(ROOT),
           "QA_BENCH_OUT": str(work / "stdout.txt")}
    precision = ["--quantize" if args.quantize else "--no-quantize"]
    print(f"cores: {len(os.sched_getaffinity(0))}; {len(articles)} articles in {corpus}; "
          f"encoder: {'int8' if args.quantize else 'fp32'} ONNX", flush=True)

    export_s, export_mb, _ = measured(["index", str(ROOT / "seeds"), "--index", str(work / "seed-vectors"),
                                       *precision], env)
    print(f"encoder export into the cache + seed index (once per machine): {export_s:.1f} s, peak {export_mb} MB",
          flush=True)
    build_s, build_mb, out = measured(["index", str(corpus), "--index", str(index_dir), *precision], env)
    summary = out.strip().splitlines()[-1]
    raw = in_child("raw_encode", str(index_dir), args.raw_sample)
    count = int(raw["all"])
    print(f"qa index, whole archive: {build_s:.1f} s wall, {count / build_s:.1f} passages/s, peak RSS "
          f"{build_mb} MB, index {folder_mb(index_dir):.0f} MB\n  {summary}", flush=True)
    raw_rate = raw["passages"] / raw["seconds"]
    print(f"raw fp32 model.encode of {raw['passages']:.0f} of the same passages: {raw_rate:.1f} passages/s "
          f"({raw['tokens'] / raw['seconds']:.0f} word pieces/s); qa index (everything) / raw: "
          f"{count / build_s / raw_rate:.2f}x; whole archive at the raw rate: {count / raw_rate:.0f} s", flush=True)

    for question in (FACTOID, COUNTING):
        runs = [measured(["ask", question, "--json", "--index", str(index_dir)], env) for _ in range(5)]
        print(f"cold qa ask '{question}': median {statistics.median(r[0] for r in runs):.2f} s "
              f"(min {min(r[0] for r in runs):.2f}, max {max(r[0] for r in runs):.2f}), peak RSS "
              f"{max(r[1] for r in runs)} MB", flush=True)

    times = sorted(in_child("warm_answers", str(index_dir))["times"])
    print(f"warm answers, {len(times)} Reuters questions: p50 {1000 * times[len(times) // 2]:.0f} ms, p90 "
          f"{1000 * times[int(len(times) * 0.9)]:.0f} ms, max {1000 * times[-1]:.0f} ms", flush=True)

    changed = sorted(corpus.glob("*.txt"))[:: max(1, len(articles) // 10)][:10]
    for path in changed:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\nThis article was corrected after publication.\n")
    update_s, update_mb, out = measured(["index", str(corpus), "--index", str(index_dir)], env)
    print(f"update after 10 articles changed: {update_s:.1f} s wall, peak {update_mb} MB\n  "
          f"{out.strip().splitlines()[-1]}", flush=True)
    for path in changed:  # put the archive back as it was
        text = path.read_text(encoding="utf-8")
        path.write_text(text.removesuffix("\nThis article was corrected after publication.\n"), encoding="utf-8")

    if args.big_file:
        big = work / "big"
        big.mkdir(exist_ok=True)
        write_big_file(big / "archive.txt", articles)
        big_s, big_mb, out = measured(["index", str(big), "--index", str(work / "big-vectors"), *precision], env)
        print(f"qa index of one {(big / 'archive.txt').stat().st_size / 1e6:.0f} MB file: {big_s:.1f} s, peak RSS "
              f"{big_mb} MB\n  {out.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main()
