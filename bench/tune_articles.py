"""Tune the article ranking's weights on BEIR SciFact's train questions (the reported nDCG@10 is on its test split).

Gathers each question's candidate articles and their evidence once (`articles.evidence`: BM25 share, best and mean
sentence similarity), then scores a grid of weights offline by nDCG@10 of the article ranking.
Usage: python bench/tune_articles.py [SCIFACT_FOLDER] [--split train]
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from qa.ask import articles
from qa.ask.pipeline import dense_ranking, lexical_ranking
from qa.ask.query import read_query
from qa.evaluation.corpus import open_corpus_engine
from qa.evaluation.loaders import load
from qa.evaluation.metrics import mean, ndcg_at, source_name

LEXICAL = (0.5,)  # the weights are relative: BM25's is held fixed
BEST_SENTENCE = (0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5)
MEAN_SENTENCE = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scifact", nargs="?", default="../shared/bench/scifact")
    parser.add_argument("--split", default="train")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    eval_set = load(Path(args.scifact), args.split)
    engine = open_corpus_engine(eval_set, announce=print)
    table, sentences, retriever = engine.article_table, engine.stored.sentences, engine.stored.article_bm25
    assert table is not None and sentences is not None and retriever is not None
    names = [source_name(s).removesuffix(".txt") for s in table.sources]
    gathered = []
    for question in eval_set.questions:
        query = read_query(question.question, engine.encoder, engine.stored.bm25)
        rows = [row for row, _ in dense_ranking(engine, query.vector, articles.CANDIDATES)]
        rows += [row for row, _ in lexical_ranking(engine, query.terms, articles.CANDIDATES)]
        gathered.append((articles.evidence(query, table, sentences, retriever, rows), question.relevant))

    def ndcg(weights: articles.ArticleWeights) -> float:
        return mean([ndcg_at([names[a] for a, _ in articles.rank(found, 10, weights)], relevant, 10)
                     for found, relevant in gathered]) or 0.0

    results = sorted(((ndcg(w), w) for w in (articles.ArticleWeights(*combo) for combo in
                                               itertools.product(LEXICAL, BEST_SENTENCE, MEAN_SENTENCE))),
                     key=lambda item: -item[0])
    print(f"{eval_set.name}: {len(gathered)} questions; nDCG@10 of the article ranking")
    print(f"  current {articles.WEIGHTS}: {ndcg(articles.WEIGHTS):.4f}")
    for name, only in (("BM25 alone", articles.ArticleWeights(1, 0, 0)),
                       ("best sentence alone", articles.ArticleWeights(0, 1, 0)),
                       ("mean sentence alone", articles.ArticleWeights(0, 0, 1))):
        print(f"  {name}: {ndcg(only):.4f}")
    for value, weights in results[:args.top]:
        print(f"  {value:.4f}  {weights}")


if __name__ == "__main__":
    main()
