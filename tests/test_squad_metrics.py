"""SQuAD's official exact match and F1, on hand-computed cases."""

from __future__ import annotations

from qa.evaluation.squad_metrics import exact_match, f1_score, normalize_answer
from qa.evaluation.squad_split import CALIBRATE, REPORT, TRAIN, article_part


def test_normalization_drops_case_punctuation_articles_and_extra_spaces() -> None:
    assert normalize_answer("The  Heritage Foundation.") == "heritage foundation"


def test_exact_match_takes_the_best_gold() -> None:
    assert exact_match("Denver Broncos", ["Broncos", "the Denver Broncos"]) == 1.0
    assert exact_match("Broncos team", ["Broncos"]) == 0.0


def test_f1_counts_shared_tokens() -> None:
    # prediction "denver broncos team" vs gold "broncos": precision 1/3, recall 1 -> F1 0.5
    assert f1_score("Denver Broncos team", ["Broncos"]) == 0.5
    assert f1_score("", ["Broncos"]) == 0.0
    assert f1_score("x", []) == 0.0


def test_the_squad_split_holds_out_every_third_article() -> None:
    parts = [article_part(i) for i in range(48)]
    assert parts.count(REPORT) == 16 and parts.count(CALIBRATE) == 4 and parts.count(TRAIN) == 28
    assert all(article_part(i) == REPORT for i in range(2, 48, 3))
