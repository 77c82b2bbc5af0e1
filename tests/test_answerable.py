"""The answerable model: its features, the margin-only fallback, and a shipped model fitted on the features it
is given."""

from __future__ import annotations

import json

import numpy as np
import pytest

from qa.read.answerable import FEATURES, AnswerableModel, asked_names, evidence
from qa.read.reader import INFO_FILE, MODEL_DIR
from qa.read.spans import Span

PASSAGES = ["Brazil's foreign debt stood at 109 billion dlrs at the end of 1986, the central bank said.",
            "Coffee exports fell in March as frost hit the crop."]
WEIGHTS = {"brazil": 2.0, "foreign": 1.0, "debt": 3.0}


def test_asked_names_are_capitalised_words_past_the_first_and_numbers() -> None:
    assert asked_names("How large was Brazil's foreign debt in 1986?") == {"brazil's", "1986"}
    assert asked_names("Who won?") == set()


def test_evidence_counts_what_the_passage_of_the_best_span_holds() -> None:
    spans = [Span(0, 31, 48, 9.0, 4.0), Span(1, 0, 14, 2.0, -3.0)]
    found = evidence("How large was Brazil's foreign debt in 1986?", WEIGHTS, PASSAGES, [1.2, 0.4], spans, 0.7)
    row = dict(zip(FEATURES, found, strict=True))
    assert row["coverage"] == pytest.approx(1.0) and row["missing_weight"] == 0.0
    assert row["names_in_passage"] == 1.0 and row["names_asked"] == 1.0
    assert row["top_passage_score"] == 1.2 and row["best_sentence_similarity"] == 0.7
    moved = evidence("How large was Brazil's foreign debt in 1986?", WEIGHTS, PASSAGES, [1.2, 0.4],
                     [Span(1, 0, 14, 9.0, 4.0)], 0.7)
    absent = dict(zip(FEATURES, moved, strict=True))
    assert absent["coverage"] == 0.0 and absent["missing_weight"] == pytest.approx(0.3)
    assert absent["names_in_passage"] == 0.0


def test_the_margin_only_model_answers_exactly_above_the_threshold() -> None:
    model = AnswerableModel.margin_only(1.5)
    features = np.zeros(len(FEATURES))
    for margin, answers in [(1.4, False), (1.5, True), (3.0, True), (-2.0, False)]:
        features[0] = np.tanh(margin / 5.0)
        assert model.answers(features) is answers


def test_the_shipped_model_is_fitted_on_these_features() -> None:
    info = json.loads((MODEL_DIR / INFO_FILE).read_text(encoding="utf-8"))
    model = AnswerableModel.of(info["no_answer"])
    assert model.weights.shape == (len(FEATURES),)
    assert info["no_answer"]["leave_one_article_out"]["null_when_absent"] > info["no_answer"]["margin_only"][
        "null_when_absent"] - 0.05


def test_a_model_fitted_on_other_features_is_refused() -> None:
    with pytest.raises(ValueError, match="other features"):
        AnswerableModel.of({"features": ["margin"], "weights": [1.0], "bias": 0.0})
