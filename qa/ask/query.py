"""The question, read once: its cleaned text, vector, BM25 terms with their weights, and what it asks for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa.errors import InputError
from qa.index import lexical
from qa.index.encoders import Encoder
from qa.stories.events import is_timeline_question
from qa.text.features import question_kind
from qa.text.terms import terms as question_terms
from qa.text.vocabulary import CALENDAR_WORDS

if TYPE_CHECKING:
    import bm25s

MAX_QUESTION_CHARS = 2000
MIN_NAME_LETTERS = 4  # "SP", "PO": a question's own abbreviations, which its articles may never spell so
MAX_NAMES_CHECKED = 12  # whether an article mentions them: a question pasted from elsewhere names more
RARE_PASSAGES = 3  # a name held by at most this many passages must be in a passage read for an answer to be about it
_NAME = re.compile(r"\b[A-Z][\w.&-]*")


@dataclass(frozen=True)
class Query:
    """Everything the pipeline needs to know about the question, computed once.

    `terms` are its BM25 tokens (stemmed, without stop words) in order; `weights` their IDF in the passage index;
    `kind` the sort of fact it asks for ('count', 'date', 'person' or 'other'); `counts_events` whether it asks
    how many times, when first or last, or for a list of events. A follow-up searches with its topic: then `terms`
    and `vector` carry the topic, `own_terms` are the question's alone, `answered` the earlier answer sentences, and
    `context` the conversation's names the question lacks, which the reader reads after it (`reader_question`).
    """

    text: str
    vector: np.ndarray
    terms: tuple[str, ...]
    weights: dict[str, float]
    kind: str
    counts_events: bool
    own_terms: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()
    context: str = ""
    unmentioned: tuple[str, ...] = ()  # names the question asks about that no article mentions
    rare: tuple[str, ...] = ()  # names the question asks about that few passages mention (RARE_PASSAGES)

    @property
    def reader_question(self) -> str:
        """What the reader reads as the question."""
        return f"{self.text} {self.context}" if self.context else self.text


def clean_question(question: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
    if not text:
        raise InputError("the question is empty")
    return text[:MAX_QUESTION_CHARS]


def any_blank(questions: Iterable[str]) -> bool:
    """Whether any of the questions is empty once cleaned (one `clean_question` refuses)."""
    for question in questions:
        try:
            clean_question(question)
        except InputError:
            return True
    return False


def read_query(question: str, encoder: Encoder, bm25: bm25s.BM25, search_text: str | None = None,
               answered: tuple[str, ...] = (), context: str = "") -> Query:
    """The question read once; `search_text` (a follow-up with its topic) is what retrieval searches with, and
    `answered` what the conversation's earlier turns answered."""
    text = clean_question(question)
    searched = clean_question(search_text) if search_text else text
    terms = tuple(question_terms(searched))
    own_terms = tuple(question_terms(text)) if searched != text else ()
    names = names_to_look_up(text)[:MAX_NAMES_CHECKED]
    return Query(text, _vector(encoder, text, searched), terms, lexical.question_weights(bm25, terms),
                 question_kind(text), is_timeline_question(text), own_terms, answered, context,
                 tuple(lexical.unmentioned(bm25, names)), tuple(lexical.rare(bm25, names, RARE_PASSAGES)))


def names_to_look_up(question: str) -> list[str]:
    """The capitalised words of a question but its first, without possessive endings, calendar words and short
    abbreviations: the names it asks about, looked up in the index (`qa.read.answerable.asked_names`, what the
    no-answer model weighs, also takes numbers and short words)."""
    names = []
    for found in _NAME.finditer(question):
        name = found.group(0).rstrip(".")
        letters = sum(ch.isalpha() for ch in name)
        if found.start() and letters >= MIN_NAME_LETTERS and name.lower() not in CALENDAR_WORDS:
            names.append(name)
    return list(dict.fromkeys(names))


def _vector(encoder: Encoder, text: str, searched: str) -> np.ndarray:
    """The question's vector; a follow-up's is the mean direction of the question and the question with its topic,
    so that the topic steers the search without drowning what is asked."""
    if searched == text:
        return encoder.encode([text])[0]
    both = encoder.encode([text, searched]).sum(axis=0)
    return (both / max(float(np.linalg.norm(both)), 1e-9)).astype(np.float32)
