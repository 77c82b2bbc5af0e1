"""The lexical side of retrieval: a BM25 index from bm25s, stored beside the FAISS index (no pickle)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.text.terms import bm25s_module, tokenize

if TYPE_CHECKING:
    import bm25s

BM25_DIR = "bm25"


def build(texts: list[str], folder: Path, name: str = BM25_DIR) -> None:
    retriever = bm25s_module().BM25()
    corpus_tokens = tokenize(texts) if texts else []
    if corpus_tokens and any(corpus_tokens):
        retriever.index(corpus_tokens, show_progress=False)
    else:
        retriever.index([["__empty__"]] * max(1, len(texts)), show_progress=False)
    retriever.save(str(folder / name), show_progress=False)


def load(folder: Path, mmap: bool = False, name: str = BM25_DIR) -> bm25s.BM25:
    return bm25s_module().BM25.load(str(folder / name), mmap=mmap, show_progress=False, verbosity=0)


def all_scores(retriever: bm25s.BM25, question_terms: Sequence[str]) -> np.ndarray:
    """The BM25 score of every row for a question's terms."""
    vocab = retriever.vocab_dict
    words = [w for w in question_terms if w in vocab]
    if not words:
        return np.zeros(int(retriever.scores["num_docs"]), dtype=np.float32)
    return np.asarray(retriever.get_scores(words), dtype=np.float32)


def search(retriever: bm25s.BM25, question_terms: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """BM25 scores and row ids of the k best rows with a positive score, best first."""
    scores = all_scores(retriever, question_terms)
    top = best_rows(scores, k)
    return scores[top], top


def best_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """The rows of the k highest positive scores, best first (ties: lower row first), without sorting them all."""
    k = min(k, len(scores))
    if k < 1:
        return np.zeros(0, dtype=np.int64)
    top = np.sort(np.argpartition(-scores, k - 1)[:k])
    top = top[np.argsort(-scores[top], kind="stable")]
    return top[scores[top] > 0].astype(np.int64)


def question_weights(retriever: bm25s.BM25, question_terms: Sequence[str]) -> dict[str, float]:
    """The question's BM25 terms with their inverse document frequency, log(1 + N / (1 + df))."""
    vocab = retriever.vocab_dict
    indptr = retriever.scores["indptr"]
    total = float(retriever.scores["num_docs"])
    weights = {}
    for word in question_terms:
        row = vocab.get(word)
        df = int(indptr[row + 1] - indptr[row]) if row is not None and row + 1 < len(indptr) else 0
        weights[word] = math.log(1.0 + total / (1.0 + df))
    return weights
