"""BM25 at 10k, 100k and 1M passages, built, stored and searched as qa does (`qa.index.lexical`, `qa.ask.articles`):
build time, size on disk, load time, query latency and peak memory.

Synthetic text: each passage is 5 sentences drawn at random from the SQuAD dev paragraphs (about 120 words, the
size of a qa passage), so word frequencies follow real prose; every 10 passages make one article for the article
BM25. Queries are SQuAD dev questions. Latency is one question's `lexical.search` over passages (top 100, as
`qa ask` asks) and `lexical.all_scores` over articles plus the candidates' top 100 (as `articles.evidence` does).

    .venv/bin/python bench/bm25_scale.py [--sizes 10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from squad_corpus import DEFAULT_SQUAD, squad_paragraphs

from qa.ask.articles import CANDIDATES
from qa.evaluation.loaders import load
from qa.index import lexical
from qa.index.article_lexical import BM25_DIR as ARTICLE_BM25_DIR
from qa.text.sentences import split_sentences
from qa.text.terms import terms

SENTENCES_PER_PASSAGE = 5
PASSAGES_PER_ARTICLE = 10


def synthetic_passages(count: int, sentences: list[str], rng: random.Random) -> list[str]:
    return [" ".join(rng.choices(sentences, k=SENTENCES_PER_PASSAGE)) for _ in range(count)]


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def timed_queries(questions: list[str], query: object) -> list[float]:
    latencies = []
    for question in questions:
        started = time.perf_counter()
        query(question)  # type: ignore[operator]
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def run(n: int, sentences: list[str], questions: list[str], rng: random.Random) -> dict[str, str]:
    passages = synthetic_passages(n, sentences, rng)
    articles = [" ".join(passages[i:i + PASSAGES_PER_ARTICLE]) for i in range(0, n, PASSAGES_PER_ARTICLE)]
    folder = Path(tempfile.mkdtemp(prefix="bm25-scale-"))
    try:
        started = time.perf_counter()
        lexical.build(passages, folder)
        build_passages = time.perf_counter() - started
        started = time.perf_counter()
        lexical.build(articles, folder, ARTICLE_BM25_DIR)
        build_articles = time.perf_counter() - started
        started = time.perf_counter()
        retriever = lexical.load(folder)
        article_retriever = lexical.load(folder, name=ARTICLE_BM25_DIR)
        load_seconds = time.perf_counter() - started
        passage_ms = timed_queries(questions, lambda q: lexical.search(retriever, terms(q), 100))

        def article_query(question: str) -> None:
            lexical.best_rows(lexical.all_scores(article_retriever, terms(question)), CANDIDATES)

        article_ms = timed_queries(questions, article_query)
        return {
            "passages": f"{n:,}",
            "articles": f"{len(articles):,}",
            "build s (passages / articles)": f"{build_passages:.1f} / {build_articles:.1f}",
            "disk MB": f"{folder_mb(folder / lexical.BM25_DIR):.0f} / {folder_mb(folder / ARTICLE_BM25_DIR):.0f}",
            "load s": f"{load_seconds:.2f}",
            "passage query p50 / p90 ms": f"{statistics.median(passage_ms):.1f} / {np.percentile(passage_ms, 90):.1f}",
            "article query p50 / p90 ms": f"{statistics.median(article_ms):.1f} / {np.percentile(article_ms, 90):.1f}",
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    args = parser.parse_args()
    rng = random.Random(0)
    sentences = [context[s.start:s.end] for _, context in squad_paragraphs(args.squad)
                 for s in split_sentences(context)]
    questions = [q.question for q in load(args.squad).sample(args.queries, 0).questions]
    print(f"{len(sentences):,} distinct sentences; {len(questions)} questions")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(run(size, sentences, questions, rng))
        print(" | ".join(f"{k}: {v}" for k, v in rows[-1].items()), flush=True)
    print()
    print(" | ".join(rows[0]))
    print(" | ".join("---" for _ in rows[0]))
    for row in rows:
        print(" | ".join(row.values()))
    print(f"peak RSS of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.1f} GB")


if __name__ == "__main__":
    main()
