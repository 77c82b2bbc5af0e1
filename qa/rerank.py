"""Re-score the head of the fused ranking by its best sentence: how close it is to the question (same model,
sentence vectors from the index), how much of the question's rarer wording it carries and whether it carries the
kind of fact asked for (a number, a date, a name); and by how much of that wording the whole passage carries.
A question is usually answered by one sentence, not by a whole passage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.embedding import Encoder
from qa.lexical import tokenize
from qa.sentence_table import chunk_sentences
from qa.text_features import carries, question_kind
from qa.types import Chunk

RERANK_DEPTH = 30
FUSED_WEIGHT = 0.125
SENTENCE_WEIGHT = 1.0
OVERLAP_WEIGHT = 0.625
PASSAGE_OVERLAP_WEIGHT = 0.25
KIND_WEIGHT = 0.05


def passage_sentences(chunk: Chunk) -> list[str]:
    """The same sentences the index stores vectors for (see `sentence_table.chunk_sentences`)."""
    return [chunk.text[start:end] for start, end in chunk_sentences(chunk.text)]


def rerank(question: str, weights: dict[str, float], vector: np.ndarray, fused: list[tuple[int, float]],
           chunks: Sequence[Chunk], sentences: Encoder) -> list[tuple[int, float]]:
    """The first RERANK_DEPTH rows re-ordered; the rest follow, scored as if no better than the worst of the head.

    `weights` are the question's terms with their IDF (see `lexical.question_weights`).
    """
    head = fused[:RERANK_DEPTH]
    if not head:
        return fused
    texts = [passage_sentences(chunks[row]) for row, _ in head]
    flat = [t for group in texts for t in group]
    total = sum(weights.values())
    tokens = [set(t) for t in tokenize(flat)]
    overlap = [_share(words, weights, total) for words in tokens]
    kind = question_kind(question)
    sentence_scores = (SENTENCE_WEIGHT * (sentences.encode(flat) @ vector) + OVERLAP_WEIGHT * np.array(overlap)
                       + KIND_WEIGHT * np.array([carries(kind, t) for t in flat], dtype=np.float32))
    scored: list[tuple[int, float]] = []
    floor = float("inf")
    at = 0
    for (row, fused_score), group in zip(head, texts, strict=True):
        span = slice(at, at + len(group))
        at += len(group)
        evidence = (float(sentence_scores[span].max())
                    + PASSAGE_OVERLAP_WEIGHT * _share(set().union(*tokens[span]), weights, total))
        floor = min(floor, evidence)
        scored.append((row, FUSED_WEIGHT * fused_score + evidence))
    scored.sort(key=lambda item: -item[1])
    return scored + [(row, FUSED_WEIGHT * score + floor) for row, score in fused[RERANK_DEPTH:]]


def _share(words: set[str], weights: dict[str, float], total: float) -> float:
    """The part of the question's IDF weight that `words` carry."""
    return sum(weights[w] for w in words & weights.keys()) / total if total else 0.0
