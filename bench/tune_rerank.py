"""Tune the rerank's weights on SQuAD-dev questions disjoint from the reported sample (seed 0).

Runs the pipeline up to the fused ranking once per question, keeps each head passage's fused score, best sentence
similarity and best question-term overlap, then scores weight settings offline (answer-recall@1/@5 of the head,
before duplicate collapsing). Usage: python bench/tune_rerank.py [SQUAD_JSON] [--questions 1500]
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

import numpy as np

from qa import lexical, rerank
from qa.evaluation.corpus import open_corpus_engine
from qa.evaluation.loaders import load
from qa.evaluation.metrics import contains_answer
from qa.fusion import reciprocal_rank_fusion
from qa.retrieval import CANDIDATES, clean_question, dense_ranking, lexical_ranking


def features(engine, question: str, answers: list[str]) -> tuple[np.ndarray, np.ndarray]:
    text = clean_question(question)
    vector = engine.encoder.encode([text])[0]
    dense = dense_ranking(engine, vector, CANDIDATES)
    fused = reciprocal_rank_fusion([[r for r, _ in dense], [r for r, _ in lexical_ranking(engine, text, CANDIDATES)]],
                                   [1.0, 1.0])[:rerank.RERANK_DEPTH]
    engine.sentences.remember_chunks(row for row, _ in fused)
    weights = lexical.question_weights(engine.stored.bm25, text)
    parts = {}
    for name, values in (("sentence", (0.0, 1.0, 0.0)), ("overlap", (0.0, 0.0, 1.0))):
        rerank.FUSED_WEIGHT, rerank.SENTENCE_WEIGHT, rerank.OVERLAP_WEIGHT = values
        scored = dict(rerank.rerank(weights, vector, fused, engine.stored.chunks, engine.sentences))
        parts[name] = [scored[row] for row, _ in fused]
    table = np.array([[score for _, score in fused], parts["sentence"], parts["overlap"]], dtype=np.float32).T
    gold = np.array([contains_answer(engine.stored.chunks[row].text, answers) for row, _ in fused])
    return table, gold


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("squad", nargs="?", default="../shared/bench/squad/dev-v1.1.json")
    parser.add_argument("--questions", type=int, default=1500)
    args = parser.parse_args()
    full = load(Path(args.squad))
    reported = {q.question for q in full.sample(2000, 0).questions}
    pool = [q for q in full.questions if q.question not in reported]
    tuning = random.Random(1).sample(pool, args.questions)
    engine = open_corpus_engine(full)
    current = (rerank.FUSED_WEIGHT, rerank.SENTENCE_WEIGHT, rerank.OVERLAP_WEIGHT)  # `features` overwrites them
    rows = [features(engine, q.question, q.answers) for q in tuning]
    print(f"{len(rows)} tuning questions (disjoint from the seed-0 sample)")
    print("fused  sentence  overlap   r@1    r@5")
    grid = itertools.product([0.25, 0.5, 0.75, 1.0], [0.5, 1.0, 1.5, 2.0, 2.5], [0.5, 1.0, 1.5, 2.0])
    results = []
    for weights in grid:
        w = np.array(weights, dtype=np.float32)
        hits1 = hits5 = 0
        for table, gold in rows:
            order = np.argsort(-(table @ w), kind="stable")
            hits1 += bool(gold[order[:1]].any())
            hits5 += bool(gold[order[:5]].any())
        results.append((hits1 / len(rows), hits5 / len(rows), weights))
    for r1, r5, weights in sorted(results, key=lambda r: -(r[0] + r[1]))[:12]:
        print(f"{weights[0]:5.2f}  {weights[1]:8.1f}  {weights[2]:7.1f}  {r1:.3f}  {r5:.3f}")
    r1, r5 = next((r1, r5) for r1, r5, weights in results if weights == current)
    print(f"current {current}: r@1 {r1:.3f}  r@5 {r5:.3f}")


if __name__ == "__main__":
    main()
