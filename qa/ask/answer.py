"""The answer: the sentence of the top passages that best answers the question, the phrase the reader marks in
it, and the other sources whose sentences state the same answer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, utils

from qa.ask.query import Query
from qa.index.encoders import Encoder
from qa.read.answerable import evidence
from qa.read.reader import Reader, best_spans, best_within
from qa.read.spans import Accept, Span, tidy_phrase
from qa.text.datelines import dateline_spans, overlaps
from qa.text.features import asks_date, asks_quantity, carries, fact_tokens, states_a_date, states_a_quantity
from qa.text.sentences import split_sentences
from qa.text.terms import content_stems
from qa.types import Chunk

# The passages the reader reads: five took 60-70 ms of a 109 ms answer on the Reuters archive; four gave the same
# answer sentences on the tune halves (SQuAD calibrate 0.748 -> 0.746, Reuters tune 0.744 -> 0.767, seeds 0.900).
READ_PASSAGES = 4
MIN_SENTENCE_CHARS = 20
LEXICAL_WEIGHT = 0.5
KIND_BONUS = 0.08
PASSAGE_WEIGHT = 1.0
READER_WEIGHT = 0.3  # the reader's belief that a sentence holds the answer, against similarity and overlap
HEADLINE_PENALTY = 0.1
LEAD_WORDS = 2  # words before a phrase that may state its amount: the reader marks "top officials" of "several ..."
REPEAT_PENALTY = 0.3  # a follow-up's candidate that is an earlier turn's answer sentence (follow-up tune halves)
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
    phrase: tuple[int, int] | None = None  # the answer phrase, offsets into the file, inside [start, end)


@dataclass(frozen=True)
class _Candidate:
    chunk: Chunk
    passage: int
    start: int
    end: int
    text: str
    prior: float

    @property
    def in_passage(self) -> tuple[int, int]:
        """The sentence's start and end as offsets into its passage's text (`start`/`end` are into the file)."""
        return self.start - self.chunk.start, self.end - self.chunk.start


def read_answer(query: Query, hits: list[tuple[Chunk, float]], encoder: Encoder,
                reader: Reader) -> tuple[SentenceChoice | None, float]:
    """The best sentence of the top passages and the answer phrase in it, None when what the reader read does not
    answer (`qa.read.answerable`) or only a dateline would; and how surely the passages answer (the answerable
    model's score, >= 0 when they do; -inf when nothing was read).

    A sentence scores its similarity to the question (its vector comes from the index), a prior (word overlap,
    its passage's score, the kind of fact asked for) and the reader's belief that it holds the answer: the
    probability of its best span relative to the best span of all the passages read.
    """
    reading = read_passages(query, hits[:READ_PASSAGES], encoder, reader)
    if reading is None:
        return None, -math.inf
    confidence = reader.answerable.score(reading.evidence)
    if not reader.answerable.answers(reading.evidence):
        return None, confidence
    candidates, inside = reading.candidates, reading.inside
    scores = reading.scores()
    best_at = int(np.argmax(scores))
    best, span = candidates[best_at], inside[best_at]
    if span is not None and not phrase_fits(query.text, _led_phrase(best, span)):
        return None, confidence  # "How much did Buitoni pay?" read as "the Italian food group Vismara"
    close = set(np.flatnonzero(reading.vectors @ reading.vectors[best_at] >= SUPPORT_SIMILARITY).tolist())
    supporting = _supporting(best, candidates, close, query.text, query.kind)
    phrase = None
    if span is not None:
        first, last = tidy_phrase(best.chunk.text, span.start, span.end, best.end - best.chunk.start)
        phrase = (best.chunk.start + first, best.chunk.start + last)
    return SentenceChoice(best.chunk, best.start, best.end, float(scores[best_at]), supporting, phrase), confidence


def phrase_fits(question: str, phrase: str) -> bool:
    """Whether the phrase is of the sort the question asks for where its wording says so: an amount for "how much",
    "how many" or "what percentage", a date for "what year", "on what date" ("Paris" answers neither)."""
    if asks_quantity(question) and not states_a_quantity(phrase, question):
        return False
    return not asks_date(question) or states_a_date(phrase)


def _led_phrase(sentence: _Candidate, span: Span) -> str:
    """The span's text with the words of its sentence right before it ("several" of "several top officials")."""
    first = sentence.in_passage[0]
    lead = sentence.chunk.text[first:span.start].split()[-LEAD_WORDS:]
    return " ".join([*lead, sentence.chunk.text[span.start:span.end]])


@dataclass(frozen=True)
class Reading:
    """What was read of a question's passages: the reader's spans, every sentence with its vector and similarity
    to the question, and the evidence that they answer it at all."""

    spans: list[Span]  # the best span of each window
    candidates: list[_Candidate]
    inside: list[Span | None]  # the best span within each sentence (none in a dateline)
    vectors: np.ndarray
    similarity: np.ndarray
    evidence: np.ndarray

    def priors(self) -> np.ndarray:
        return np.array([c.prior for c in self.candidates])

    def beliefs(self) -> np.ndarray:
        """Per sentence, the probability of its best span relative to the best span of all the passages read."""
        top = max(s.score for s in self.spans)
        return np.array([np.exp(s.score - top) if s is not None else 0.0 for s in self.inside])

    def scores(self) -> np.ndarray:
        """Each sentence's score as an answer: similarity, prior and the reader's belief (`read_answer`)."""
        return self.similarity + self.priors() + READER_WEIGHT * self.beliefs()


def read_passages(query: Query, hits: list[tuple[Chunk, float]], encoder: Encoder, reader: Reader) -> Reading | None:
    """The passages read (None when no span or no sentence is found in them)."""
    texts = [chunk.text for chunk, _ in hits]
    scored = reader.read(query.reader_question, texts)
    outside_datelines = _outside_datelines(texts)
    spans = best_spans(scored, outside_datelines)
    candidates = _candidates(query, hits)
    if not spans or not candidates:
        return None
    inside = [best_within(scored, c.passage, *c.in_passage, outside_datelines) for c in candidates]
    vectors = encoder.encode([c.text for c in candidates])
    similarity = vectors @ query.vector
    found = evidence(query.text, query.weights, texts, [score for _, score in hits], spans, float(similarity.max()))
    return Reading(spans, candidates, inside, vectors, similarity, found)


def answer_spans(reader: Reader, question: str, texts: list[str]) -> list[Span]:
    """The reader's best span of every window of the passages, but those in a dateline (never an answer)."""
    outside_datelines = _outside_datelines(texts)
    return [s for s in reader.spans(question, texts) if outside_datelines(s.passage, s.start, s.end)]


def _outside_datelines(texts: list[str]) -> Accept:
    """Whether a span of one of the passages lies clear of its dateline."""
    datelines = [dateline_spans(text) for text in texts]
    return lambda passage, start, end: not overlaps(datelines[passage], start, end)


def _candidates(query: Query, hits: list[tuple[Chunk, float]]) -> list[_Candidate]:
    """Every sentence of the passages (once each), with its prior."""
    wanted = content_stems(query.text)
    seen: set[tuple[str, int]] = set()
    out: list[_Candidate] = []
    for passage, (chunk, passage_score) in enumerate(hits):
        for span in split_sentences(chunk.text):
            start, end = chunk.start + span.start, chunk.start + span.end
            if (chunk.source, start) in seen or end - start < MIN_SENTENCE_CHARS:
                continue
            seen.add((chunk.source, start))
            text = chunk.text[span.start:span.end]
            prior = _prior(text, passage_score, wanted, query.kind)
            if text in query.answered:
                prior -= REPEAT_PENALTY
            out.append(_Candidate(chunk, passage, start, end, text, prior))
    return out


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
