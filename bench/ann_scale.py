"""Search latency, recall@10 against exact search, build time and memory at 10k, 100k and 1M vectors.

Synthetic data: normalized 384-d vectors drawn around random topic centres (real embeddings cluster by
topic; uniform random vectors would be an unrealistically hard case). Queries are perturbed corpus points.
Uses qa.index.vectors exactly as the product does.

    .venv/bin/python bench/ann_scale.py [--sizes 10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

import faiss
import numpy as np

from qa.config import MODEL_DIMENSION
from qa.index.vectors import build, prepare, search


def clustered(n: int, rng: np.random.Generator, centres: int = 2000, spread: float = 0.6) -> np.ndarray:
    centre = rng.standard_normal((centres, MODEL_DIMENSION)).astype(np.float32)
    centre /= np.linalg.norm(centre, axis=1, keepdims=True)
    out = np.empty((n, MODEL_DIMENSION), dtype=np.float32)
    step = 100_000
    for first in range(0, n, step):
        m = min(step, n - first)
        noise = rng.standard_normal((m, MODEL_DIMENSION)).astype(np.float32) * (spread / np.sqrt(MODEL_DIMENSION))
        block = centre[rng.integers(0, centres, m)] + noise
        out[first:first + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def run(n: int, queries: int, rng: np.random.Generator) -> dict[str, float | str]:
    data = clustered(n, rng)
    picks = data[rng.integers(0, n, queries)]
    noisy = picks + rng.standard_normal(picks.shape).astype(np.float32) * (0.3 / np.sqrt(MODEL_DIMENSION))
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    exact = faiss.IndexFlatIP(MODEL_DIMENSION)
    exact.add(data)
    _, truth = exact.search(noisy, 10)
    del exact
    started = time.perf_counter()
    index = prepare(build(data))
    build_seconds = time.perf_counter() - started
    latencies, hits = [], 0
    for q, true_ids in zip(noisy, truth, strict=False):
        t = time.perf_counter()
        _, ids = search(index, q, 10)
        latencies.append((time.perf_counter() - t) * 1000)
        hits += len(set(ids.tolist()) & set(true_ids.tolist()))
    size_mb = faiss.serialize_index(index).nbytes / 1e6
    return {
        "vectors": f"{n:,}",
        "kind": type(index).__name__,
        "build s": round(build_seconds, 1),
        "p50 ms": round(statistics.median(latencies), 3),
        "p95 ms": round(sorted(latencies)[int(0.95 * len(latencies))], 3),
        "recall@10": round(hits / (10 * queries), 4),
        "index MB": round(size_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"cores: {len(os.sched_getaffinity(0))}, faiss {faiss.__version__}")
    rows = [run(int(n), args.queries, rng) for n in args.sizes.split(",")]
    headers = list(rows[0])
    print(" | ".join(headers))
    print(" | ".join("---" for _ in headers))
    for row in rows:
        print(" | ".join(str(row[h]) for h in headers))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak process RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
