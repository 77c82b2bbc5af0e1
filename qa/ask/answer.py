"""Choose the one sentence of the retrieved passages that best answers the question, and the other sources
whose sentences state the same answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, utils

from qa.ask.query import Query
from qa.index.encoders import Encoder
from qa.text.features import carries, fact_tokens
from qa.text.sentences import split_sentences
from qa.text.terms import content_stems
from qa.types import Chunk

ANSWER_PASSAGES = 5
MIN_SENTENCE_CHARS = 20
LEXICAL_WEIGHT = 0.5
KIND_BONUS = 0.08
PASSAGE_WEIGHT = 1.0
NO_ANSWER_BELOW = 0.25
HEADLINE_PENALTY = 0.1
SUPPORT_SIMILARITY = 0.8  # cosine between two sentences that state the same thing in other words
SUPPORT_FUZZY = 85.0  # rapidfuzz token_set_ratio between two sentences that state it in the same words
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True)
class SentenceChoice:
    chunk: Chunk
    start: int
    end: int
    score: float
    supporting: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Candidate:
    chunk: Chunk
    start: int
    end: int
    text: str
    prior: float


def choose_sentence(query: Query, hits: list[tuple[Chunk, float]], encoder: Encoder,
                    relevance: float) -> SentenceChoice | None:
    """The best sentence among the top passages, or None when the best dense similarity is too low.

    A sentence scores its similarity to the question (its vector comes from the index) plus a prior: word
    overlap, its passage's score, the kind of fact asked for.
    """
    if not hits or relevance < NO_ANSWER_BELOW:
        return None
    wanted = content_stems(query.text)
    kind = query.kind
    candidates: list[_Candidate] = []
    seen: set[tuple[str, int]] = set()
    for chunk, passage_score in hits[:ANSWER_PASSAGES]:
        for span in split_sentences(chunk.text):
            start, end = chunk.start + span.start, chunk.start + span.end
            if (chunk.source, start) in seen or end - start < MIN_SENTENCE_CHARS:
                continue
            seen.add((chunk.source, start))
            text = chunk.text[span.start:span.end]
            candidates.append(_Candidate(chunk, start, end, text, _prior(text, passage_score, wanted, kind)))
    if not candidates:
        return None
    vectors = encoder.encode([c.text for c in candidates])
    scores = vectors @ query.vector + np.array([c.prior for c in candidates])
    best_at = int(np.argmax(scores))
    best = candidates[best_at]
    close = set(np.flatnonzero(vectors @ vectors[best_at] >= SUPPORT_SIMILARITY).tolist())
    supporting = _supporting(best, candidates, close, query.text, kind)
    return SentenceChoice(best.chunk, best.start, best.end, float(scores[best_at]), supporting)


def _prior(text: str, passage_score: float, wanted: set[str], kind: str) -> float:
    """The part of a sentence's score that needs no model: word overlap, passage rank, the kind of fact."""
    overlap = len(wanted & content_stems(text)) / len(wanted) if wanted else 0.0
    score = LEXICAL_WEIGHT * overlap + PASSAGE_WEIGHT * passage_score
    if carries(kind, text):
        score += KIND_BONUS
    if not _ENDS_SENTENCE.search(text):
        score -= HEADLINE_PENALTY
    return score


def _supporting(best: _Candidate, candidates: list[_Candidate], close: set[int], question: str,
                kind: str) -> tuple[str, ...]:
    """Other sources with a sentence close to the answer (same words, or same meaning) that carries the same
    fact (number, date or name) when the question asks for one."""
    facts = fact_tokens(kind, best.text) - fact_tokens(kind, question)
    sources: list[str] = []
    for i, other in enumerate(candidates):
        if other.chunk.source == best.chunk.source or other.chunk.source in sources:
            continue
        if facts and not facts & fact_tokens(kind, other.text):
            continue
        same_words = fuzz.token_set_ratio(best.text, other.text, processor=utils.default_process) >= SUPPORT_FUZZY
        if same_words or i in close:
            sources.append(other.chunk.source)
    return tuple(sources)
