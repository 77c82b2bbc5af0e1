"""The eval metrics on tiny cases computed by hand."""

from __future__ import annotations

import math

import pytest

from qa.evaluation import metrics
from qa.evaluation.loaders import EvalQuestion
from qa.evaluation.runner import Outcome, score


def test_contains_answer_ignores_case_and_spacing() -> None:
    assert metrics.contains_answer("Kim made his FOURTH\n visit", ["fourth  visit"])
    assert not metrics.contains_answer("Kim made his fourth visit", ["fifth"])
    assert not metrics.contains_answer("anything", [""])


def test_hit_rank_and_reciprocal_rank() -> None:
    flags = [False, False, True, True]
    assert metrics.first_hit(flags) == 3
    assert metrics.hit_at(flags, 2) == 0.0
    assert metrics.hit_at(flags, 3) == 1.0
    assert metrics.reciprocal_rank(flags) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(flags, k=2) == 0.0
    assert metrics.reciprocal_rank([]) == 0.0


def test_ndcg_by_hand() -> None:
    # relevant a (gain 1) and b (gain 2); ranked: x, b, a
    dcg = 2 / math.log2(3) + 1 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3)
    assert metrics.ndcg_at(["x", "b", "a"], {"a": 1, "b": 2}) == pytest.approx(dcg / idcg)
    assert metrics.ndcg_at(["a"], {"a": 1}) == 1.0
    assert metrics.ndcg_at(["x", "a"], {"a": 1}, k=1) == 0.0
    assert metrics.ndcg_at(["x"], {}) == 0.0


def test_ndcg_counts_a_document_once() -> None:
    # passages of x, x, a -> documents x, a: a is at position 2
    assert metrics.ndcg_at(["x", "x", "a"], {"a": 1}) == pytest.approx(1 / math.log2(3))


def test_median_and_mean() -> None:
    assert metrics.median([3.0, 1.0, 2.0]) == 2.0
    assert metrics.median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert metrics.mean([]) is None


def test_score_on_a_tiny_set() -> None:
    questions = [
        EvalQuestion("q1", ("fourth",), ("a.txt",)),
        EvalQuestion("q2", ("Dalian",), ("b.txt",)),
        EvalQuestion("q3", (), (), unanswerable=True),
    ]
    outcomes = [
        Outcome(("dir/a.txt", "dir/b.txt"), ("his fourth visit", "other"), "It was his fourth visit.", 0.1),
        Outcome(("dir/a.txt", "dir/b.txt"), ("nothing", "flew to Dalian"), "He flew.", 0.3),
        Outcome(("dir/a.txt",), ("nothing",), None, 0.2),
    ]
    values = score(questions, outcomes, (1, 2), documents=False)
    assert values["answer_recall@1"] == 0.5
    assert values["answer_recall@2"] == 1.0
    assert values["source_hit@1"] == 0.5
    assert values["source_hit@2"] == 1.0
    assert values["mrr@10"] == pytest.approx((1 + 1 / 2) / 2)
    assert values["answer_sentence_accuracy"] == 0.5
    assert values["no_answer_accuracy"] == 1.0
    assert values["median_seconds"] == 0.2


def test_score_at_document_level() -> None:
    questions = [EvalQuestion("claim", (), ("d2.txt",), relevant={"d2": 1})]
    outcomes = [Outcome(("d1.txt", "d1.txt", "d2.txt"), ("", "", ""), None, 0.0)]
    values = score(questions, outcomes, (1, 2), documents=True, answers=False)
    assert values["source_hit@1"] == 0.0
    assert values["source_hit@2"] == 1.0
    assert values["ndcg@10"] == pytest.approx(1 / math.log2(3))
    assert values["answer_sentence_accuracy"] is None
    assert values["no_answer_accuracy"] is None
