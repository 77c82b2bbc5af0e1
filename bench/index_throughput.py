"""Indexing throughput: `qa`'s whole indexing run against raw `model.encode` of the same texts, same run.

The corpus is the 2,067 SQuAD v1.1 dev paragraphs, one file each. The model is loaded (and the ONNX query
encoder exported) before either is timed; the qa figure then covers everything: reading, cleaning,
chunking, embedding, BM25, writing the index. `qa index` embeds every chunk and every distinct sentence of
the chunks (stored so that questions embed nothing else), so it is compared with raw `model.encode` of those
same texts, and, for scale, of the chunks alone.

    .venv/bin/python bench/index_throughput.py [--squad PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from squad_corpus import DEFAULT_SQUAD, write_corpus

from qa import store
from qa.embedding import SentenceTransformerEncoder, load_sentence_transformer
from qa.indexer import update_index
from qa.onnx_encoder import export_encoder
from qa.sentence_table import chunk_sentences
from qa.tokens import TokenCounter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        corpus = work / "squad"
        files = write_corpus(corpus, args.limit, args.squad)
        index_dir = work / "vectors"
        export_encoder(store.encoder_dir(index_dir))
        model = load_sentence_transformer()
        encoder = SentenceTransformerEncoder()

        started = time.perf_counter()
        report = update_index([corpus], index_dir, encoder_factory=lambda n: encoder)
        ours = time.perf_counter() - started

        chunks = [c.text for c in store.load(index_dir).chunks]
        sentences = list(dict.fromkeys(text[s:e] for text in chunks for s, e in chunk_sentences(text)))
        texts = chunks + sentences
        counter = TokenCounter()
        tokens = sum(counter.count(texts))
        chunk_tokens = sum(counter.count(chunks))
        started = time.perf_counter()
        model.encode(texts, normalize_embeddings=True)
        raw = time.perf_counter() - started
        started = time.perf_counter()
        model.encode(chunks, normalize_embeddings=True)
        raw_chunks = time.perf_counter() - started

        print(f"cores: {len(os.sched_getaffinity(0))}, files: {len(files)}, chunks: {len(chunks)}, "
              f"sentences: {len(sentences)}, tokens: {tokens} ({chunk_tokens} in chunks)")
        print("run | texts | seconds | texts/s | tokens/s")
        print("--- | --- | --- | --- | ---")
        print(f"qa index (everything) | {report.embedded + report.sentences} | {ours:.1f} | {len(texts) / ours:.1f} "
              f"| {tokens / ours:.0f}")
        print(f"qa embedding only | {report.embedded + report.sentences} | {report.embed_seconds:.1f} | "
              f"{len(texts) / report.embed_seconds:.1f} | {tokens / report.embed_seconds:.0f}")
        print(f"raw model.encode, same texts | {len(texts)} | {raw:.1f} | {len(texts) / raw:.1f} | {tokens / raw:.0f}")
        print(f"raw model.encode, chunks only | {len(chunks)} | {raw_chunks:.1f} | {len(chunks) / raw_chunks:.1f} | "
              f"{chunk_tokens / raw_chunks:.0f}")
        print(f"qa / raw throughput on the same texts: {raw / ours:.2f}")
        print(f"qa index time / raw encode of the chunks alone: {ours / raw_chunks:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
