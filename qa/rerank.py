"""Re-score the head of the fused ranking by its best sentence: how close it is to the question (same model,
sentence vectors) and how much of the question's rarer wording it carries. A question is usually answered by
one sentence, not by a whole passage."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.embedding import Encoder
from qa.lexical import tokenize
from qa.sentence_table import chunk_sentences
from qa.types import Chunk

RERANK_DEPTH = 30
EMBEDDED_SENTENCES = 24  # the sentences with the most question wording; their vectors come from the index
FUSED_WEIGHT = 0.5
SENTENCE_WEIGHT = 1.0
OVERLAP_WEIGHT = 1.0


def passage_sentences(chunk: Chunk) -> list[str]:
    """The same sentences the index stores vectors for (see `sentence_table.chunk_sentences`)."""
    return [chunk.text[start:end] for start, end in chunk_sentences(chunk.text)]


def rerank(weights: dict[str, float], vector: np.ndarray, fused: list[tuple[int, float]], chunks: Sequence[Chunk],
           sentences: Encoder) -> list[tuple[int, float]]:
    """The first RERANK_DEPTH rows re-ordered; the rest follow, scored as if no better than the worst of the head.

    `weights` are the question's terms with their IDF (see `lexical.question_weights`).
    """
    head = fused[:RERANK_DEPTH]
    if not head:
        return fused
    texts = [passage_sentences(chunks[row]) for row, _ in head]
    flat = [t for group in texts for t in group]
    total = sum(weights.values())
    overlap = [sum(weights[w] for w in set(tokens) & weights.keys()) / total if total else 0.0
               for tokens in tokenize(flat)]
    shortlist = sorted(range(len(flat)), key=lambda i: -overlap[i])[:EMBEDDED_SENTENCES]
    embedded = sentences.encode([flat[i] for i in shortlist]) @ vector
    similarity = np.full(len(flat), float(embedded.min()), dtype=np.float32)
    similarity[shortlist] = embedded
    best_similarity: list[float] = []
    best_overlap: list[float] = []
    at = 0
    for group in texts:
        best_similarity.append(float(similarity[at:at + len(group)].max()))
        best_overlap.append(max(overlap[at:at + len(group)]))
        at += len(group)
    scored = [(row, FUSED_WEIGHT * score + SENTENCE_WEIGHT * s + OVERLAP_WEIGHT * o)
              for (row, score), s, o in zip(head, best_similarity, best_overlap, strict=True)]
    scored.sort(key=lambda item: -item[1])
    floor = SENTENCE_WEIGHT * min(best_similarity) + OVERLAP_WEIGHT * min(best_overlap)
    return scored + [(row, FUSED_WEIGHT * score + floor) for row, score in fused[RERANK_DEPTH:]]
