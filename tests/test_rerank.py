"""The rerank's signals and the answer-first passage order, on tiny hand-made cases (fake encoder)."""

from __future__ import annotations

import numpy as np

from qa.ask.duplicates import Group
from qa.ask.pipeline import answer_first
from qa.ask.query import Query
from qa.ask.rerank import rerank
from qa.text.features import question_kind
from qa.types import Answer, Chunk
from tests.fakes import FakeEncoder


def chunk(source: str, text: str, start: int = 0) -> Chunk:
    return Chunk(source, start, start + len(text), 1, text)


def query(text: str, weights: dict[str, float], vector: np.ndarray) -> Query:
    return Query(text, vector, tuple(weights), weights, question_kind(text), False)


def test_the_passage_whose_sentence_carries_the_rare_words_moves_up() -> None:
    chunks = [chunk("a.txt", "The leader spoke at length. Officials said the talks went well."),
              chunk("b.txt", "The leader arrived by armoured train in Dandong. Crowds gathered.")]
    weights = {"leader": 0.1, "armour": 2.0, "train": 1.5}
    question = "Did the leader travel by armoured train?"
    vector = FakeEncoder().encode([question])[0]
    order = rerank(query(question, weights, vector), [(0, 1.0), (1, 0.9)], chunks, FakeEncoder())
    assert [row for row, _ in order] == [1, 0]


def test_a_count_question_prefers_the_sentence_with_a_number_when_all_else_ties() -> None:
    chunks = [chunk("a.txt", "Kim visited China again."), chunk("b.txt", "Kim visited China 4 times.")]
    asked = query("How many times did Kim visit China?", {}, FakeEncoder().encode(["x"])[0] * 0)
    order = rerank(asked, [(0, 1.0), (1, 1.0)], chunks, FakeEncoder())
    assert [row for row, _ in order] == [1, 0]


def test_rows_past_the_head_keep_their_order_below_the_head() -> None:
    chunks = [chunk(f"{i}.txt", f"Passage number {i} about harbours.") for i in range(40)]
    fused = [(i, 1.0 - i / 100) for i in range(40)]
    order = rerank(query("harbours", {"harbour": 1.0}, FakeEncoder().encode(["harbours"])[0]), fused, chunks,
                   FakeEncoder())
    assert [row for row, _ in order[30:]] == list(range(30, 40))
    assert min(score for _, score in order[:30]) >= max(score for _, score in order[30:])


def test_the_passage_holding_the_answer_is_shown_first() -> None:
    groups = [Group(chunk("a.txt", "First passage."), 2.0), Group(chunk("b.txt", "It was his fourth visit.", 50), 1.9),
              Group(chunk("c.txt", "Third passage."), 1.8)]
    answer = Answer("his fourth visit", "b.txt", 57, 73, 1, 0.7)
    assert [g.chunk.source for g in answer_first(groups, answer, lambda s: s)] == ["b.txt", "a.txt", "c.txt"]


def test_without_an_answer_or_outside_the_passages_the_order_stays() -> None:
    groups = [Group(chunk("a.txt", "First passage."), 2.0), Group(chunk("b.txt", "Second passage."), 1.9)]
    elsewhere = Answer("Elsewhere.", "z.txt", 0, 10, 1, 0.5)
    assert answer_first(groups, None, lambda s: s) == groups
    assert answer_first(groups, elsewhere, lambda s: s) == groups
