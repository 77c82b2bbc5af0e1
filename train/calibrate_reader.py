"""Calibrate "no answer" as `qa ask` decides it, on the questions of the SQuAD calibrate articles
(qa.evaluation.squad_split; never trained on, never reported). Each question is read the way the pipeline reads
it, in the top passages of the whole SQuAD dev index (its article present: it should be answered) and in the top
passages of the same index with its own article's paragraphs left out (absent: what an index without that article
returns; it should get no answer).

Two calibrations, side by side:
- the reader's margin alone: the threshold that maximises balanced accuracy (kept as `threshold`: the fallback);
- the answerable model (qa.read.answerable): a logistic regression over the margin and what the passages contain
  of the question, fitted on the same reads (standardised features, L2 0.01, gradient descent from zeros: no
  randomness), its threshold again the one that maximises balanced accuracy. Leave-one-article-out figures (fitted
  on three articles, measured on the fourth) say how it does on articles it was not fitted on.
Both go into qa/read/model/reader.json and the model card.

    .venv/bin/python train/calibrate_reader.py [--squad ../shared/bench/squad/dev-v1.1.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.ask.answer import READ_PASSAGES, read_passages  # noqa: E402
from qa.ask.pipeline import read_query, retrieve  # noqa: E402
from qa.evaluation.corpus import open_corpus_engine  # noqa: E402
from qa.evaluation.loaders import load  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, article_part  # noqa: E402
from qa.read.answerable import FEATURES, balanced_threshold  # noqa: E402
from qa.read.reader import INFO_FILE, MODEL_DIR, Reader  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
CARD_LINES = ("- **Deployment threshold:**", "- **No answer:**")
L2 = 0.01
STEPS = 4000
STEP_SIZE = 0.5
NO_READING = -1e9  # the margin of a question whose passages gave no span at all


def read(engine, reader: Reader, question: str,  # type: ignore[no-untyped-def]
         leave_out: set[str], unsaid: tuple[str, ...] = ()) -> tuple[float, np.ndarray | None]:
    """The best margin and the answerable model's evidence of the top passages outside `leave_out` sources and
    holding none of the `unsaid` strings (bench/near_miss_calibration.py leaves out the passages with the answer)."""
    query = read_query(question, engine.encoder, engine.stored.bm25)
    found = retrieve(query, engine, READ_PASSAGES, None)
    chunks = engine.stored.chunks
    hits = [(chunks[row], score) for row, score in found.ranked
            if chunks[row].source.rsplit("/", 1)[-1] not in leave_out
            and not any(said in chunks[row].text for said in unsaid)][:READ_PASSAGES]
    reading = read_passages(query, hits, engine.sentences, reader)
    if reading is None:
        return NO_READING, None
    return max(s.margin for s in reading.spans), reading.evidence


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features; the weights returned apply to the raw features, and the
    bias puts the decision (score >= 0) at the balanced-accuracy threshold."""
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / spread
    weights, bias = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(z @ weights + bias)))
        weights -= STEP_SIZE * (z.T @ (p - y) / len(y) + L2 * weights)
        bias -= STEP_SIZE * float((p - y).mean())
    raw, raw_bias = weights / spread, bias - float((mean / spread) @ weights)
    scores = x @ raw + raw_bias
    return raw, raw_bias - balanced_threshold(scores[y == 1], scores[y == 0])


def rates(scores_present: np.ndarray, scores_absent: np.ndarray) -> dict[str, float]:
    return {"answered_when_present": round(float((scores_present >= 0).mean()), 4),
            "null_when_absent": round(float((scores_absent < 0).mean()), 4)}


def model_scores(evidence: list[np.ndarray | None], weights: np.ndarray, bias: float) -> np.ndarray:
    return np.array([NO_READING if e is None else float(e @ weights + bias) for e in evidence])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="the reader's folder (written back)")
    parser.add_argument("--limit", type=int, default=None, help="the first N questions of each article (smoke runs)")
    args = parser.parse_args()
    reader = Reader(args.model)
    data = json.loads(args.squad.read_text(encoding="utf-8"))["data"]
    titles = {a["title"] for i, a in enumerate(data) if article_part(i) == CALIBRATE}
    whole = load(args.squad)
    engine = open_corpus_engine(whole, announce=lambda text: print(text, file=sys.stderr))
    assert whole.corpus is not None
    files_of = {t: {f"{d.doc_id}.txt" for d in whole.corpus if d.article == t} for t in titles}
    questions = [q for t in sorted(titles) for q in [q for q in whole.questions if q.article == t][:args.limit]]
    present = [read(engine, reader, q.question, set()) for q in questions]
    absent = [read(engine, reader, q.question, files_of[q.article]) for q in questions]
    articles = np.array([q.article for q in questions])

    margin_present, margin_absent = np.array([m for m, _ in present]), np.array([m for m, _ in absent])
    threshold = balanced_threshold(margin_present, margin_absent)
    margin_only = rates(margin_present - threshold, margin_absent - threshold)

    evidence_present, evidence_absent = [e for _, e in present], [e for _, e in absent]
    weights, bias = fit(*training_rows(evidence_present, evidence_absent, np.ones(len(questions), dtype=bool)))
    fitted = rates(model_scores(evidence_present, weights, bias), model_scores(evidence_absent, weights, bias))
    held_out = leave_one_article_out(evidence_present, evidence_absent, articles)
    no_answer = {
        "method": "logistic regression over qa.read.answerable's features, fitted on the SQuAD calibrate articles' "
                  "questions read in the pipeline's top passages with their article present (answer) and left out "
                  "(no answer); threshold at the best balanced accuracy, folded into the bias "
                  "(train/calibrate_reader.py)",
        "features": list(FEATURES), "weights": [round(float(w), 6) for w in weights], "bias": round(bias, 6),
        "questions": len(questions), "fitted": fitted, "leave_one_article_out": held_out,
        "margin_only": margin_only,
    }
    write(args.model, threshold, margin_only, no_answer, len(questions))
    print(json.dumps(no_answer, indent=2))


def training_rows(present: list[np.ndarray | None], absent: list[np.ndarray | None],
                  keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The evidence of the kept questions, present (label 1) then absent (label 0), less reads that found nothing."""
    labelled = [(e, 1.0) for e, k in zip(present, keep, strict=True) if k] + \
               [(e, 0.0) for e, k in zip(absent, keep, strict=True) if k]
    found = [(e, label) for e, label in labelled if e is not None]
    return np.array([e for e, _ in found]), np.array([label for _, label in found])


def leave_one_article_out(present: list[np.ndarray | None], absent: list[np.ndarray | None],
                          articles: np.ndarray) -> dict[str, float]:
    """Fitted on the other calibrate articles, measured on each in turn; the mean over articles."""
    figures = []
    for article in sorted(set(articles.tolist())):
        weights, bias = fit(*training_rows(present, absent, articles != article))
        mine = articles == article
        figures.append(rates(model_scores([e for e, m in zip(present, mine, strict=True) if m], weights, bias),
                             model_scores([e for e, m in zip(absent, mine, strict=True) if m], weights, bias)))
    return {key: round(float(np.mean([f[key] for f in figures])), 4) for key in figures[0]}


def write(model: Path, threshold: float, margin_only: dict[str, float], no_answer: dict,  # type: ignore[type-arg]
          questions: int) -> None:
    info_path = model / INFO_FILE
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["threshold"] = round(threshold, 4)
    info.pop("calibration", None)
    info["no_answer"] = no_answer
    info_path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    card = model / "MODEL_CARD.md"
    lines = [line for line in card.read_text(encoding="utf-8").splitlines() if not line.startswith(CARD_LINES)]
    lines.append(f"{CARD_LINES[0]} margin {round(threshold, 4)} (the fallback), set by "
                 f"`python train/calibrate_reader.py` on {questions} questions of the SQuAD calibrate articles read as "
                 f"`qa ask` reads them (top {READ_PASSAGES} passages of the whole SQuAD dev index): answered when "
                 f"their article is present {margin_only['answered_when_present']}, no answer when it is left out "
                 f"{margin_only['null_when_absent']}.")
    held = no_answer["leave_one_article_out"]
    lines.append(f"{CARD_LINES[1]} what `qa ask` uses: a logistic regression over the margin and how much of the "
                 f"question the passages contain (`qa/read/answerable.py`), fitted by the same script on the same "
                 f"reads: answered {no_answer['fitted']['answered_when_present']}, null "
                 f"{no_answer['fitted']['null_when_absent']}; fitted on three articles and measured on the fourth "
                 f"(mean): answered {held['answered_when_present']}, null {held['null_when_absent']}.")
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
