"""Re-score the head of the fused ranking by its best sentence: how close it is to the question (same model,
sentence vectors from the index), how much of the question's rarer wording it carries and whether it carries the
kind of fact asked for (a number, a date, a name); and by how much of that wording the whole passage carries.
A question is usually answered by one sentence, not by a whole passage."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

import numpy as np

from qa.ask.query import Query
from qa.index.encoders import Encoder
from qa.index.sentence_table import chunk_sentences
from qa.text.features import carries
from qa.text.terms import tokenize, weight_share
from qa.types import Chunk

RERANK_DEPTH = 30
CONVERSATION_BONUS = 0.1  # a follow-up's passages from the articles its conversation was answered from (tune halves)


@dataclass(frozen=True)
class RerankWeights:
    """How a head passage is scored (chosen with bench/tune_rerank.py on questions outside the reported sample)."""

    fused: float = 0.125
    sentence: float = 1.0
    overlap: float = 0.625
    kind: float = 0.05
    coverage: float = 0.25


WEIGHTS = RerankWeights()


@dataclass(frozen=True)
class HeadEvidence:
    """Per sentence of the head passages: similarity to the question, share of the question's IDF weight,
    whether it carries the kind of fact asked for, and which passage it belongs to; per passage: the share of
    the question's IDF weight found anywhere in it."""

    similarity: np.ndarray
    overlap: np.ndarray
    kind: np.ndarray
    owner: np.ndarray
    coverage: np.ndarray

    def scores(self, weights: RerankWeights = WEIGHTS) -> np.ndarray:
        """Each passage's score before its fused score is added: its best sentence, and its coverage."""
        per_sentence = (weights.sentence * self.similarity + weights.overlap * self.overlap
                        + weights.kind * self.kind)
        starts = np.flatnonzero(np.r_[True, np.diff(self.owner) != 0])
        return np.maximum.reduceat(per_sentence, starts) + weights.coverage * self.coverage


def passage_sentences(chunk: Chunk) -> list[str]:
    """The same sentences the index stores vectors for (see `sentence_table.chunk_sentences`)."""
    return [chunk.text[start:end] for start, end in chunk_sentences(chunk.text)]


def head_evidence(query: Query, rows: Sequence[int], chunks: Sequence[Chunk], sentences: Encoder) -> HeadEvidence:
    texts = [passage_sentences(chunks[row]) for row in rows]
    flat = [t for group in texts for t in group]
    weights = query.weights
    total = sum(weights.values())
    tokens = [set(t) for t in tokenize(flat)]
    owner = np.repeat(np.arange(len(texts)), [len(group) for group in texts])
    coverage = []
    at = 0
    for group in texts:
        coverage.append(weight_share(set().union(*tokens[at:at + len(group)]), weights, total))
        at += len(group)
    return HeadEvidence(
        similarity=sentences.encode(flat) @ query.vector,
        overlap=np.array([weight_share(words, weights, total) for words in tokens], dtype=np.float32),
        kind=np.array([carries(query.kind, t) for t in flat], dtype=np.float32),
        owner=owner,
        coverage=np.array(coverage, dtype=np.float32),
    )


def rerank(query: Query, fused: list[tuple[int, float]], chunks: Sequence[Chunk],
           sentences: Encoder, favoured: Set[int] = frozenset()) -> list[tuple[int, float]]:
    """The first RERANK_DEPTH rows re-ordered (the `favoured` ones, a follow-up's conversation, a little ahead); the
    rest follow, scored as if no better than the worst of the head."""
    head = fused[:RERANK_DEPTH]
    if not head:
        return fused
    evidence = head_evidence(query, [row for row, _ in head], chunks, sentences).scores()
    scored = [(row, WEIGHTS.fused * score + float(e) + (CONVERSATION_BONUS if row in favoured else 0.0))
              for (row, score), e in zip(head, evidence, strict=True)]
    scored.sort(key=lambda item: -item[1])
    floor = float(evidence.min())
    return scored + [(row, WEIGHTS.fused * score + floor) for row, score in fused[RERANK_DEPTH:]]

