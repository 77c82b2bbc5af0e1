"""Indexing throughput: `qa`'s whole indexing run against raw `model.encode` of the same chunks, same run.

The corpus is the 2,067 SQuAD v1.1 dev paragraphs, one file each. qa indexes with its default encoder (the
machine's cached ONNX export, fp32 unless --quantize). The model is loaded (and the encoder exported into the
cache) before either is timed; the qa figure then covers everything: reading, cleaning,
chunking, embedding (chunk vectors, and the sentence vectors pooled from the same pass), BM25, date
resolution, writing the index. Raw `model.encode` embeds the chunk texts qa produced, nothing else.
Whichever runs first pays torch's one-time set-up for each batch shape, so an untimed warm-up index is built
first, and raw encoding is timed both before and after qa's run; the ratio uses their mean.

    .venv/bin/python bench/index_throughput.py [--squad PATH] [--limit N] [--quantize]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from squad_corpus import DEFAULT_SQUAD, write_corpus

from qa.config import QUANTIZED_BY_DEFAULT
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.index.onnx_export import ready_encoder
from qa.index.torch_encoder import load_sentence_transformer, use_every_core
from qa.text.tokens import TokenCounter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=QUANTIZED_BY_DEFAULT,
                        help="qa's encoder: int8, or full precision (qa's default)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        corpus = work / "squad"
        files = write_corpus(corpus, args.limit, args.squad)
        index_dir = work / "vectors"
        ready_encoder(args.quantize)
        model = load_sentence_transformer()
        options = BuildOptions(quantize=args.quantize)

        warm_up = work / "warm-up"
        update_index([corpus], warm_up, options)
        chunks = [c.text for c in store.load(warm_up).chunks]
        tokens = sum(TokenCounter().count(chunks))

        def raw_encode() -> float:
            use_every_core()  # as qa's encoder does: faiss, which shares torch's OpenMP, left it at one thread
            started = time.perf_counter()
            model.encode(chunks, normalize_embeddings=True)
            return time.perf_counter() - started

        raw_before = raw_encode()
        started = time.perf_counter()
        report = update_index([corpus], index_dir, options)
        ours = time.perf_counter() - started
        raw_after = raw_encode()
        raw = (raw_before + raw_after) / 2

        print(f"cores: {len(os.sched_getaffinity(0))}, encoder: {'int8' if args.quantize else 'fp32'} ONNX, "
              f"files: {len(files)}, chunks: {len(chunks)}, "
              f"sentence vectors: {report.sentences}, tokens: {tokens}")
        print("run | chunks | seconds | chunks/s | tokens/s")
        print("--- | --- | --- | --- | ---")
        for name, seconds in (("qa index (everything)", ours), ("qa embedding only", report.embed_seconds),
                              ("raw model.encode, same chunks, before qa", raw_before),
                              ("raw model.encode, same chunks, after qa", raw_after)):
            print(f"{name} | {len(chunks)} | {seconds:.1f} | {len(chunks) / seconds:.1f} | {tokens / seconds:.0f}")
        print(f"qa / raw throughput on the same chunks (raw: mean of both runs): {raw / ours:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
