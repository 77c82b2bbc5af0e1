"""The lexical side of retrieval: a BM25 index from bm25s, stored beside the FAISS index (no pickle)."""

from __future__ import annotations

import math
import unicodedata
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.index.background import steadied
from qa.text.terms import bm25s_module, terms, tokenize

if TYPE_CHECKING:
    import bm25s

BM25_DIR = "bm25"
# How alike (rapidfuzz ratio, accents folded) a word the index never holds may be to one it holds and still count as
# that word misspelled ("Celeron" for "Céloron", "Moncalm" for "Montcalm"): SQuAD's tune half loses 11 of 7,753
# answerable questions to names no passage holds at 85 (16 flagged, 5 of them unanswered already); at 80 "Tesla" and
# "Valdez" pass as words of the 1987 newswire.
LIKE_A_HELD_WORD = 85.0
# an index's terms with accents folded, as a set and a list: made the first time a question's word is missing
_folded: weakref.WeakKeyDictionary[bm25s.BM25, tuple[frozenset[str], list[str]]] = weakref.WeakKeyDictionary()


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
    """The BM25 score of every row for a question's terms, each term's stored scores rescaled to its steadied IDF
    (`qa.index.background`)."""
    total = int(retriever.scores["num_docs"])
    scores = np.zeros(total, dtype=np.float32)
    data, indices = retriever.scores["data"], retriever.scores["indices"]
    for word in question_terms:
        start, end = _postings(retriever, word)
        frequency = end - start
        if not frequency:
            continue
        ratio = _lucene_idf(*steadied(total, frequency, word)) / _lucene_idf(total, frequency)
        np.add.at(scores, indices[start:end], data[start:end] * np.float32(ratio))
    return scores


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
    total = float(retriever.scores["num_docs"])
    weights = {}
    for word in question_terms:
        documents, frequency = steadied(total, _document_frequency(retriever, word), word)
        weights[word] = math.log(1.0 + documents / (1.0 + frequency))
    return weights


def _lucene_idf(documents: float, frequency: float) -> float:
    """bm25s's IDF (its "lucene" method, what the index's stored scores carry)."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def unmentioned(retriever: bm25s.BM25, words: Sequence[str]) -> list[str]:
    """The words of which no passage holds a term, nor a term spelled like one of theirs (accents folded,
    `LIKE_A_HELD_WORD`): a name the question asks about that no article mentions."""
    from rapidfuzz import fuzz, process

    absent = []
    for word in words:
        stems = terms(word)
        if not stems or any(_document_frequency(retriever, stem) for stem in stems):
            continue
        held, listed = _folded_vocabulary(retriever)
        if any(_fold(stem) in held or process.extractOne(_fold(stem), listed, scorer=fuzz.ratio,
                                                         score_cutoff=LIKE_A_HELD_WORD) for stem in stems):
            continue
        absent.append(word)
    return absent


def rare(retriever: bm25s.BM25, words: Sequence[str], most: int) -> list[str]:
    """The words every term of which some passage holds, but at most `most` passages."""
    found = []
    for word in words:
        frequencies = [_document_frequency(retriever, stem) for stem in terms(word)]
        if frequencies and all(0 < frequency <= most for frequency in frequencies):
            found.append(word)
    return found


def _document_frequency(retriever: bm25s.BM25, term: str) -> int:
    start, end = _postings(retriever, term)
    return end - start


def _postings(retriever: bm25s.BM25, term: str) -> tuple[int, int]:
    """Where the term's stored scores lie in the index's arrays (empty when the index does not hold it)."""
    row = retriever.vocab_dict.get(term)
    indptr = retriever.scores["indptr"]
    return (int(indptr[row]), int(indptr[row + 1])) if row is not None and row + 1 < len(indptr) else (0, 0)


def _folded_vocabulary(retriever: bm25s.BM25) -> tuple[frozenset[str], list[str]]:
    folded = _folded.get(retriever)
    if folded is None:
        held = frozenset(_fold(term) for term in retriever.vocab_dict)
        folded = _folded[retriever] = (held, sorted(held))
    return folded


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
