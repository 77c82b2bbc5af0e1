"""Could a learned weighting choose the answer sentence better than `qa.ask.answer`'s hand-weighted sum? Tune data only.

For every question of the SQuAD calibrate articles (qa.evaluation.squad_split; asked of all 2,067 paragraphs) and of
the tune halves of the Reuters sets and the seed set, records each candidate sentence of the passages read, with its
features (similarity to the question, word overlap, passage score, first passage, kind of fact, headline, the reader's
belief, span score and no-answer margin within it, length) and whether it holds a gold answer. A conditional logit
(softmax over a question's candidates) is fitted on three calibrate articles and scored on the fourth, in turn; then
fitted on all four and scored on the Reuters tune halves and the seeds. Prints the share of questions whose chosen
sentence holds a gold answer: the shipped sum ("base") against the learned weights, and how often any candidate
does (the ceiling of any choice among the passages read).

    .venv/bin/python bench/fit_sentence_choice.py --reuters-index /tmp/reuters-index
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.ask import answer as answer_module  # noqa: E402
from qa.ask.engine import Engine  # noqa: E402
from qa.ask.pipeline import ask  # noqa: E402
from qa.evaluation.corpus import open_corpus_engine  # noqa: E402
from qa.evaluation.loaders import EvalQuestion, load  # noqa: E402
from qa.evaluation.metrics import contains_answer  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, article_part  # noqa: E402
from qa.text.features import carries  # noqa: E402
from qa.text.terms import content_stems  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
DATA = ROOT / "tests" / "data"
FEATURES = ("similarity", "overlap", "passage score", "first passage", "kind", "headline", "belief", "span score",
            "no span", "log length", "margin")
FLOOR = -10.0  # span score and margin of a sentence the reader marks nothing in
Choice = tuple[np.ndarray, np.ndarray, np.ndarray, int]  # features, gold flags, shipped scores, article
SPAN_SCORE = FEATURES.index("span score")


def collect(questions: list[EvalQuestion], engine: Engine, article: dict[str, int] | None = None,
            passages: list[np.ndarray] | None = None) -> list[Choice]:
    """Each question's candidate sentences as the pipeline reads them (its first reading); `passages` receives
    which passage read each candidate is in."""
    passages = [] if passages is None else passages
    readings: list[tuple] = []
    shipped = answer_module.read_passages

    def recorded(query, hits, encoder, reader):  # noqa: ANN001, ANN202
        reading = shipped(query, hits, encoder, reader)
        readings.append((query, hits, reading))
        return reading

    answer_module.read_passages = recorded
    choices: list[Choice] = []
    try:
        for question in questions:
            readings.clear()
            ask(question.question, engine, 5)
            if not readings or readings[0][2] is None:
                continue
            query, hits, reading = readings[0]
            wanted = content_stems(query.text)
            top = max(span.score for span in reading.spans)
            rows, gold = [], []
            for candidate, span, similarity in zip(reading.candidates, reading.inside, reading.similarity,
                                                   strict=True):
                overlap = len(wanted & content_stems(candidate.text)) / len(wanted) if wanted else 0.0
                relative = max(span.score - top, FLOOR) if span is not None else FLOOR
                rows.append([float(similarity), overlap, float(hits[candidate.passage][1]),
                             float(candidate.passage == 0), float(carries(query.kind, candidate.text)),
                             float(not answer_module._ENDS_SENTENCE.search(candidate.text)),
                             float(np.exp(relative)) if span is not None else 0.0, relative, float(span is None),
                             float(np.log(len(candidate.text))),
                             float(np.clip(span.margin, FLOOR, -FLOOR)) if span is not None else FLOOR])
                gold.append(contains_answer(candidate.text, question.answers))
            group = article[question.article] if article is not None and question.article else 0
            choices.append((np.array(rows), np.array(gold), reading.scores(), group))
            passages.append(np.array([candidate.passage for candidate in reading.candidates]))
    finally:
        answer_module.read_passages = shipped
    return choices


def loss(weights: np.ndarray, choices: list[Choice], penalty: float) -> tuple[float, np.ndarray]:
    """Negative log-likelihood that the chosen sentence holds a gold answer, with an L2 penalty; and its gradient."""
    total, gradient = penalty * float(weights @ weights), 2 * penalty * weights
    for features, gold, _, _ in choices:
        if not gold.any():
            continue
        scores = features @ weights
        p = np.exp(scores - scores.max())
        p /= p.sum()
        right = p[gold].sum()
        total -= float(np.log(right + 1e-12))
        gradient = gradient - features.T @ (np.where(gold, p, 0.0) / (right + 1e-12) - p)
    return total, gradient


def fit(choices: list[Choice], penalty: float, steps: int = 400) -> np.ndarray:
    """Gradient descent with a backtracking step (numpy only)."""
    weights = np.zeros(len(FEATURES))
    weights[0] = 1.0
    step = 0.01
    value, gradient = loss(weights, choices, penalty)
    for _ in range(steps):
        trial = weights - step * gradient
        trial_value, trial_gradient = loss(trial, choices, penalty)
        if trial_value < value:
            weights, value, gradient, step = trial, trial_value, trial_gradient, step * 1.2
        else:
            step /= 2
    return weights


def accuracy(choices: list[Choice], weights: np.ndarray | None = None) -> float:
    right = [bool(gold[int(np.argmax(shipped if weights is None else features @ weights))])
             for features, gold, shipped, _ in choices]
    return sum(right) / len(right) if right else 0.0


def ceiling(choices: list[Choice]) -> float:
    return sum(bool(gold.any()) for _, gold, _, _ in choices) / len(choices) if choices else 0.0


def failures(choices: list[Choice], passages: list[np.ndarray]) -> str:
    """How the shipped choice fails where a right sentence was read, and how the reader's best span alone does."""
    missed = in_chosen = in_first = 0
    for (_, gold, shipped, _), owner in zip(choices, passages, strict=True):
        chosen = int(np.argmax(shipped))
        if gold[chosen] or not gold.any():
            continue
        missed += 1
        in_chosen += bool((gold & (owner == owner[chosen])).any())
        in_first += bool((gold & (owner == 0)).any())
    by_span = sum(bool(gold[int(np.argmax(f[:, SPAN_SCORE]))]) for f, gold, _, _ in choices) / len(choices)
    return (f"the sentence of the reader's best span is right for {by_span:.3f}; of {missed} wrong choices with a "
            f"right sentence read, {in_chosen} have one in the chosen passage, {in_first} in the first passage")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuters-index", type=Path, required=True, help="index of bench/reuters_corpus.py")
    parser.add_argument("--seed-index", type=Path, default=ROOT / "vectors")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--penalty", type=float, default=1.0)
    args = parser.parse_args()

    squad = load(args.squad)
    articles = json.loads(args.squad.read_text(encoding="utf-8"))["data"]
    calibrate = {a["title"]: i for i, a in enumerate(articles) if article_part(i) == CALIBRATE}
    owners: list[np.ndarray] = []
    squad_choices = collect([q for q in squad.questions if q.article in calibrate],
                            open_corpus_engine(squad, announce=print), calibrate, owners)
    shipped = learned = 0.0
    for group in sorted(calibrate.values()):
        held = [c for c in squad_choices if c[3] == group]
        weights = fit([c for c in squad_choices if c[3] != group], args.penalty)
        shipped += accuracy(held) * len(held)
        learned += accuracy(held, weights) * len(held)
    count = len(squad_choices)
    print(f"SQuAD calibrate, {count} questions, each article scored by weights fitted on the other three: "
          f"base {shipped / count:.3f}  learned {learned / count:.3f}  ceiling {ceiling(squad_choices):.3f}")
    print(f"SQuAD calibrate: {failures(squad_choices, owners)}")
    weights = fit(squad_choices, args.penalty)
    print("weights fitted on all four:", ", ".join(f"{n} {w:.2f}" for n, w in zip(FEATURES, weights, strict=True)))

    reuters = Engine.open(args.reuters_index)
    for name in ("reuters_questions", "reuters_questions_b", "reuters_questions_c", "seed_questions"):
        eval_set = load(DATA / f"{name}.jsonl")
        if name != "seed_questions":
            eval_set = eval_set.half("tune")
        engine = Engine.open(args.seed_index) if name == "seed_questions" else reuters
        choices = collect([q for q in eval_set.questions if q.answers], engine)
        print(f"{name} ({'all' if name == 'seed_questions' else 'tune half'}), {len(choices)} read: "
              f"base {accuracy(choices):.3f}  learned {accuracy(choices, weights):.3f}  ceiling {ceiling(choices):.3f}")


if __name__ == "__main__":
    main()
