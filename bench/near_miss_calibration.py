"""Would "no answer" improve on the newswire if the answerable model (qa.read.answerable) were also fitted on near
misses? Tuning data only: the questions of the SQuAD calibrate articles (qa.evaluation.squad_split), each read three
ways in the top passages of the whole SQuAD dev index (as train/calibrate_reader.py reads them): its article present,
its article left out, and every passage holding one of its gold answers left out (a near miss: the article's other
paragraphs stay); and the tune halves of the three Reuters factoid sets, read in the whole archive. For each fit the
script prints leave-one-article-out figures on SQuAD (answered when present, null when the article or the answer is
absent) and, for the fit on every calibrate article, how many Reuters tune questions the model alone would null.

    .venv/bin/python bench/near_miss_calibration.py --index <the archive's index>   # ~20 min on 2 cores

(the archive's index: `qa index` of bench/reuters_corpus.py's folder, as for bench/story_eval.py)

(BENCHMARKS.md, twentieth session: near misses add little over a lower threshold; not shipped.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "train"))

from calibrate_reader import fit, read  # noqa: E402

from qa.ask import Engine, ask  # noqa: E402
from qa.evaluation import metrics  # noqa: E402
from qa.evaluation.corpus import open_corpus_engine  # noqa: E402
from qa.evaluation.loaders import load  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, article_part  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
REUTERS_SETS = ("reuters_questions.jsonl", "reuters_questions_b.jsonl", "reuters_questions_c.jsonl")
ANSWERED_TARGETS = (None, 0.95, 0.94, 0.93)  # None: the balanced-accuracy threshold fit() sets
Evidence = list[np.ndarray | None]


def squad_reads(squad: Path) -> tuple[np.ndarray, Evidence, Evidence, Evidence]:
    """Articles of the calibrate questions, and their evidence read present, article absent, answer absent."""
    whole = load(squad)
    titles = _calibrate_titles(squad)
    engine = open_corpus_engine(whole, announce=lambda text: print(text, file=sys.stderr))
    assert whole.corpus is not None
    files_of = {t: {f"{d.doc_id}.txt" for d in whole.corpus if d.article == t} for t in titles}
    questions = [q for q in whole.questions if q.article in titles]
    reader = engine.reader
    present = [read(engine, reader, q.question, set())[1] for q in questions]
    absent = [read(engine, reader, q.question, files_of[q.article])[1] for q in questions]
    near = [read(engine, reader, q.question, set(), q.answers)[1] for q in questions]
    return np.array([q.article for q in questions]), present, absent, near


def _calibrate_titles(squad: Path) -> set[str]:
    data = json.loads(squad.read_text(encoding="utf-8"))["data"]
    return {a["title"] for i, a in enumerate(data) if article_part(i) == CALIBRATE}


def reuters_reads(index: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Evidence of the Reuters tune questions, whether each is answerable, and whether qa answers it right now."""
    engine = Engine.open(index)
    rows, answerable, right = [], [], []
    for name in REUTERS_SETS:
        for q in load(ROOT / "tests" / "data" / name).half("tune").questions:
            evidence = read(engine, engine.reader, q.question, set())[1]
            if evidence is None:
                continue
            result = ask(q.question, engine, 5)
            rows.append(evidence)
            answerable.append(bool(q.answers))
            right.append(result.answer is not None and metrics.contains_answer(result.answer.text, q.answers))
    return np.array(rows), np.array(answerable), np.array(right)


def training_rows(present: Evidence, negatives: Sequence[Evidence], keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows = [(e, 1.0) for e, k in zip(present, keep, strict=True) if k and e is not None]
    for evidence in negatives:
        rows += [(e, 0.0) for e, k in zip(evidence, keep, strict=True) if k and e is not None]
    return np.array([e for e, _ in rows]), np.array([label for _, label in rows])


def scores(evidence: Evidence, keep: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return np.array([-1e9 if e is None else float(e @ weights + bias)
                     for e, k in zip(evidence, keep, strict=True) if k])


def fitted(present: Evidence, negatives: Sequence[Evidence], keep: np.ndarray,
           answered: float | None) -> tuple[np.ndarray, float]:
    """The model fitted on the kept questions; its threshold the balanced one, or the one that answers `answered`
    of them when present."""
    weights, bias = fit(*training_rows(present, negatives, keep))
    if answered is not None:
        bias -= float(np.quantile(scores(present, keep, weights, bias), 1 - answered))
    return weights, bias


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="the index of the whole Reuters archive")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    args = parser.parse_args()
    articles, present, absent, near = squad_reads(args.squad)
    reuters, answerable, right = reuters_reads(args.index)
    everything = np.ones(len(articles), dtype=bool)
    print("fit | threshold | SQuAD LOAO answered / null article absent / null answer absent | "
          f"Reuters tune nulls of {int((~answerable).sum())} unanswerable, right answers lost of {int(right.sum())}")
    for label, negatives in (("article absent", [absent]), ("article or answer absent", [absent, near])):
        for target in ANSWERED_TARGETS:
            held = []
            for article in sorted(set(articles.tolist())):
                weights, bias = fitted(present, negatives, articles != article, target)
                mine = articles == article
                held.append(((scores(present, mine, weights, bias) >= 0).mean(),
                             (scores(absent, mine, weights, bias) < 0).mean(),
                             (scores(near, mine, weights, bias) < 0).mean()))
            weights, bias = fitted(present, negatives, everything, target)
            nulled = reuters @ weights + bias < 0
            figures = " / ".join(f"{value:.3f}" for value in np.mean(held, axis=0))
            print(f"{label} | {'balanced' if target is None else f'answers {target:.0%}'} | {figures} | "
                  f"{int((nulled & ~answerable).sum())}, {int((nulled & answerable & right).sum())}")


if __name__ == "__main__":
    main()
