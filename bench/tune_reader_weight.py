"""Tune how much the reader's belief weighs in the choice of the answer sentence (qa.ask.answer.READER_WEIGHT),
on tuning questions only: the Reuters set's tune half (asked of the whole archive) and the questions of the SQuAD
calibrate articles (qa.evaluation.squad_split; asked of all 2,067 paragraphs). Prints answer-sentence accuracy
and phrase exact-match / F1 per weight.

    .venv/bin/python bench/tune_reader_weight.py --reuters-corpus /tmp/reuters [--weights 0,0.15,0.3,0.6,1]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qa.ask.answer as answer_module  # noqa: E402
from qa.engine import Callbacks, open_engine  # noqa: E402
from qa.evaluation.corpus import folder_index_dir, open_corpus_engine  # noqa: E402
from qa.evaluation.loaders import EvalSet, load  # noqa: E402
from qa.evaluation.runner import run  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, article_part  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
REUTERS_SET = ROOT / "tests" / "data" / "reuters_questions.jsonl"
SHOWN = ("answer_sentence_accuracy", "phrase_exact_match", "phrase_f1", "answered", "no_answer_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuters-corpus", type=Path, required=True, help="bench/reuters_corpus.py's folder")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--weights", default="0,0.15,0.3,0.6,1.0")
    args = parser.parse_args()
    reuters = load(REUTERS_SET).half("tune")
    reuters_engine = open_engine(folder_index_dir(args.reuters_corpus), Callbacks(print),
                                 roots=[args.reuters_corpus]).engine
    squad = load(args.squad)
    titles = {a["title"] for i, a in enumerate(json.loads(args.squad.read_text())["data"])
              if article_part(i) == CALIBRATE}
    calibrate = EvalSet("squad calibrate", "squad", [q for q in squad.questions if q.article in titles],
                        squad.corpus, squad.fingerprint)
    squad_engine = open_corpus_engine(squad, announce=print)
    for weight in (float(w) for w in args.weights.split(",")):
        answer_module.READER_WEIGHT = weight
        for name, eval_set, engine in (("reuters tune", reuters, reuters_engine),
                                       ("squad calibrate", calibrate, squad_engine)):
            values = run(eval_set, engine, (1, 5)).systems[0].values
            figures = "  ".join(f"{m} {values[m]:.3f}" for m in SHOWN if values.get(m) is not None)
            print(f"weight {weight:<5} {name:<16} {figures}", flush=True)


if __name__ == "__main__":
    main()
