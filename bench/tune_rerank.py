"""Tune the rerank's weights on SQuAD-dev questions of the tune half (articles never reported, `squad_split`).

Runs the pipeline up to the fused ranking once per question and keeps the head's evidence (`rerank.head_evidence`:
per sentence similarity, IDF overlap and fact kind; per passage coverage), then scores weight settings offline:
answer-recall@1/@5 of the re-ordered head, before duplicate collapsing and before the passage holding the answer
sentence is moved first. Usage: python bench/tune_rerank.py [SQUAD_JSON] [--questions 1500]
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

import numpy as np

from qa.ask import rerank
from qa.ask.fusion import reciprocal_rank_fusion
from qa.ask.pipeline import CANDIDATES, DENSE_WEIGHT, LEXICAL_WEIGHT, dense_ranking, lexical_ranking
from qa.ask.query import read_query
from qa.evaluation.corpus import open_corpus_engine
from qa.evaluation.loaders import load
from qa.evaluation.metrics import contains_answer


def head_of(engine, question: str, answers: tuple[str, ...]) -> tuple[rerank.HeadEvidence, np.ndarray, np.ndarray]:
    """The head's evidence, fused scores and which head passages hold a gold answer."""
    query = read_query(question, engine.encoder, engine.stored.bm25)
    dense = [row for row, _ in dense_ranking(engine, query.vector, CANDIDATES)]
    lexical_rows = [row for row, _ in lexical_ranking(engine, query.terms, CANDIDATES)]
    head = reciprocal_rank_fusion([dense, lexical_rows], [DENSE_WEIGHT, LEXICAL_WEIGHT])[:rerank.RERANK_DEPTH]
    rows = [row for row, _ in head]
    engine.sentences.remember_chunks(rows)
    evidence = rerank.head_evidence(query, rows, engine.stored.chunks, engine.sentences)
    gold = np.array([contains_answer(engine.stored.chunks[row].text, answers) for row in rows])
    return evidence, np.array([score for _, score in head], dtype=np.float32), gold


def recall(heads: list[tuple[rerank.HeadEvidence, np.ndarray, np.ndarray]],
           weights: rerank.RerankWeights) -> tuple[float, float]:
    hits1 = hits5 = 0
    for evidence, fused, gold in heads:
        order = np.argsort(-(weights.fused * fused + evidence.scores(weights)), kind="stable")
        hits1 += bool(gold[order[:1]].any())
        hits5 += bool(gold[order[:5]].any())
    return hits1 / len(heads), hits5 / len(heads)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("squad", nargs="?", default="../shared/bench/squad/dev-v1.1.json")
    parser.add_argument("--questions", type=int, default=1500)
    args = parser.parse_args()
    full = load(Path(args.squad))
    pool = full.half("tune").questions
    tuning = random.Random(1).sample(pool, min(args.questions, len(pool)))
    engine = open_corpus_engine(full)
    heads = [head_of(engine, q.question, q.answers) for q in tuning]
    print(f"{len(heads)} tuning questions (SQuAD tune half)")
    print("fused  overlap  kind  coverage   r@1    r@5")
    grid = itertools.product([0.0, 0.125, 0.25, 0.5], [0.25, 0.5, 0.625, 0.75, 1.0], [0.0, 0.05, 0.1],
                             [0.0, 0.25, 0.5])
    results = []
    for fused, overlap, kind, coverage in grid:
        weights = rerank.RerankWeights(fused=fused, overlap=overlap, kind=kind, coverage=coverage)
        results.append((*recall(heads, weights), weights))
    for r1, r5, w in sorted(results, key=lambda r: -(r[0] + r[1]))[:12]:
        print(f"{w.fused:5.3f}  {w.overlap:7.3f}  {w.kind:4.2f}  {w.coverage:8.2f}  {r1:.3f}  {r5:.3f}")
    r1, r5 = recall(heads, rerank.WEIGHTS)
    print(f"current {rerank.WEIGHTS}: r@1 {r1:.3f}  r@5 {r5:.3f}")


if __name__ == "__main__":
    main()
