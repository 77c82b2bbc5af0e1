"""Which articles a question is about, ranked as whole articles: what a reader deciding which files to open needs,
and what document-level benchmarks judge.

An article scores the sum of: its whole text's BM25 (headline counted three times, as BM25F weighs a title field),
divided by the best candidate's; the similarity of its best sentence; and the similarity of its mean sentence vector.
Candidates are the articles of the passages dense and BM25 search found, and the best articles by BM25.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa.ask.query import Query
from qa.index import lexical
from qa.index.article_lexical import first_rows
from qa.index.sentence_table import SentenceTable
from qa.types import Chunk

if TYPE_CHECKING:
    import bm25s

CANDIDATES = 100


@dataclass(frozen=True)
class ArticleWeights:
    """Chosen with bench/tune_articles.py on SciFact's train questions (the reported figure is on its test split)."""

    lexical: float = 0.5
    best_sentence: float = 1.0
    mean_sentence: float = 0.3


WEIGHTS = ArticleWeights()


@dataclass(frozen=True)
class ArticleTable:
    """Article i is chunk rows first[i]..end[i]-1 (an index keeps each article's chunks together, in order) and
    sentence rows sentence_first[i]..sentence_end[i]-1 of the sentence table."""

    sources: tuple[str, ...]
    first: np.ndarray
    end: np.ndarray
    sentence_first: np.ndarray
    sentence_end: np.ndarray
    of_chunk: np.ndarray

    @classmethod
    def of(cls, chunks: Sequence[Chunk], sentences: SentenceTable) -> ArticleTable:
        starts = first_rows(chunks)
        first = np.array(starts, dtype=np.int64)
        end = np.r_[first[1:], len(chunks)].astype(np.int64)
        owners = sentences.spans[:, 0]
        of_chunk = np.repeat(np.arange(len(first)), end - first)
        return cls(tuple(chunks[row].source for row in starts), first, end,
                   np.searchsorted(owners, first), np.searchsorted(owners, end), of_chunk)


@dataclass(frozen=True)
class ArticleEvidence:
    """Per candidate article: its BM25 share of the best candidate's, its best and its mean sentence similarity."""

    articles: np.ndarray
    lexical: np.ndarray
    best_sentence: np.ndarray
    mean_sentence: np.ndarray

    def scores(self, weights: ArticleWeights = WEIGHTS) -> np.ndarray:
        return (weights.lexical * self.lexical + weights.best_sentence * self.best_sentence
                + weights.mean_sentence * self.mean_sentence)


def evidence(query: Query, table: ArticleTable, sentences: SentenceTable, retriever: bm25s.BM25,
             passage_rows: Iterable[int], keep: np.ndarray | None = None) -> ArticleEvidence:
    """The candidates' evidence: articles of `passage_rows` and the best articles by BM25 (within `keep`, a mask
    over articles, when given)."""
    bm25 = lexical.all_scores(retriever, query.terms)[:len(table.sources)]
    vector = query.vector
    ranked_by_bm25 = bm25 if keep is None else np.where(keep, bm25, 0.0)
    found = {int(a) for a in table.of_chunk[list(passage_rows)]}
    found.update(int(a) for a in lexical.best_rows(ranked_by_bm25, CANDIDATES))
    articles = np.array(sorted(a for a in found if (keep is None or keep[a])
                               and table.sentence_end[a] > table.sentence_first[a]), dtype=np.int64)
    if not len(articles):
        empty = np.zeros(0, dtype=np.float32)
        return ArticleEvidence(articles, empty, empty, empty)
    rows = np.concatenate([np.arange(table.sentence_first[a], table.sentence_end[a]) for a in articles])
    counts = table.sentence_end[articles] - table.sentence_first[articles]
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    vectors = np.asarray(sentences.vectors[rows], dtype=np.float32)
    similarity = vectors @ vector
    means = np.add.reduceat(vectors, starts, axis=0)
    norms = np.maximum(np.linalg.norm(means, axis=1), 1e-12)
    top = float(bm25[articles].max())
    return ArticleEvidence(
        articles=articles,
        lexical=(bm25[articles] / top if top > 0 else np.zeros(len(articles))).astype(np.float32),
        best_sentence=np.maximum.reduceat(similarity, starts).astype(np.float32),
        mean_sentence=((means @ vector) / norms).astype(np.float32),
    )


def rank(found: ArticleEvidence, k: int, weights: ArticleWeights = WEIGHTS) -> list[tuple[int, float]]:
    """The k best articles (table index, score), best first."""
    scores = found.scores(weights)
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(found.articles[i]), float(scores[i])) for i in order]
