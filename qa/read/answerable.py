"""Whether the passages read answer the question at all: a logistic model over what the reader and the search saw.

The reader's margin over "no answer" alone says yes to a passage that answers a question like this one; what else
tells an absent answer is how much of the question the passages contain: its rarer words (weighted by their
inverse document frequency in the index) and the names and numbers it asks about. train/calibrate_reader.py fits
the weights on the SQuAD calibrate articles, each question read with its article present and left out, and writes
them into the reader's `reader.json`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from qa.read.spans import Span
from qa.text.terms import tokenize, weight_share

FEATURES = (
    "margin",  # the best no-answer margin of the windows read, squashed
    "best_span_margin",  # the margin of the highest-scoring span
    "coverage",  # share of the question's term weight found in the best span's passage
    "best_coverage",  # the same, in the passage that holds most of it
    "missing_weight",  # the weight of the rarest question term the best span's passage lacks
    "names_in_passage",  # share of the question's names and numbers found in the best span's passage
    "names_in_passages",  # ... in any passage read
    "top_passage_score",  # the search's score of the first passage
    "best_sentence_similarity",  # the highest cosine of a sentence of the passages to the question
    "names_asked",  # whether the question names anything (capitalised words past the first, numbers)
)
MARGIN_SCALE = 5.0
WEIGHT_SCALE = 10.0
_NAME_OR_NUMBER = re.compile(r"\b(?:[A-Z][\w'.-]*|\d[\d,.]*)")


@dataclass(frozen=True)
class AnswerableModel:
    """Answers when `weights @ evidence + bias >= 0` (the bias holds the calibrated threshold)."""

    weights: np.ndarray
    bias: float

    @classmethod
    def of(cls, info: Mapping[str, object]) -> AnswerableModel:
        names = list(info["features"])  # type: ignore[call-overload]
        if names != list(FEATURES):
            raise ValueError(f"the no-answer model was fitted on other features: {names}")
        return cls(np.array(info["weights"], dtype=np.float64), float(info["bias"]))  # type: ignore[arg-type]

    @classmethod
    def margin_only(cls, threshold: float) -> AnswerableModel:
        """The reader's margin against a threshold, and nothing else (a reader not yet calibrated this way)."""
        weights = np.zeros(len(FEATURES))
        weights[0] = 1.0
        return cls(weights, -math.tanh(threshold / MARGIN_SCALE))

    def score(self, evidence: np.ndarray) -> float:
        return float(evidence @ self.weights + self.bias)

    def answers(self, evidence: np.ndarray) -> bool:
        return self.score(evidence) >= 0.0


def evidence(question: str, weights: Mapping[str, float], passages: Sequence[str], passage_scores: Sequence[float],
             spans: Sequence[Span], best_similarity: float) -> np.ndarray:
    """The features of FEATURES, in order, for a question whose passages were read into `spans` (at least one)."""
    best = max(spans, key=lambda s: s.score)
    total = sum(weights.values())
    passage_terms = [set(found) for found in tokenize(list(passages))]
    coverage = [weight_share(found, weights, total) for found in passage_terms]
    missing = max((w for t, w in weights.items() if t not in passage_terms[best.passage]), default=0.0)
    names = asked_names(question)
    in_best = _share_found(names, passages[best.passage].lower())
    in_any = _share_found(names, " ".join(passages).lower())
    return np.array([
        math.tanh(max(s.margin for s in spans) / MARGIN_SCALE),
        math.tanh(best.margin / MARGIN_SCALE),
        coverage[best.passage],
        max(coverage),
        missing / WEIGHT_SCALE,
        in_best,
        in_any,
        passage_scores[0],
        best_similarity,
        float(bool(names)),
    ])


def balanced_threshold(present: np.ndarray, absent: np.ndarray) -> float:
    """The score threshold (answer at or above it) with the best balanced accuracy between questions whose answer is
    in the passages read (`present`) and questions whose answer is not (`absent`): how the reader and this model
    are calibrated (train/reader.py, train/calibrate_reader.py)."""
    candidates = np.unique(np.concatenate([present, absent]))
    balanced = [((present >= t).mean() + (absent < t).mean()) / 2 for t in candidates]
    return float(candidates[int(np.argmax(balanced))])


def asked_names(question: str) -> set[str]:
    """The question's capitalised words (but its first) and numbers, lower-cased: what it is specifically about."""
    words = question.split()
    first = words[0] if words else ""
    return {m.group(0).lower().rstrip(".,") for m in _NAME_OR_NUMBER.finditer(question) if m.group(0) != first}


def _share_found(names: set[str], text: str) -> float:
    return sum(1 for name in names if name in text) / len(names) if names else 1.0
