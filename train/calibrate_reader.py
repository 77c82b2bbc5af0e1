"""Calibrate the reader's no-answer threshold as `qa ask` uses it: on the questions of the SQuAD calibrate articles
(qa.evaluation.squad_split; never trained on, never reported), each read the way the pipeline reads it, in the
top passages of the whole SQuAD dev index (its article present), and in the top passages of the same index with
its own article's paragraphs left out (absent: what an index without that article returns). The threshold is the
margin that maximises balanced accuracy (answered when present, no answer when absent); it is written into
qa/read/model/reader.json with the method and the rates.

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

from qa.ask.answer import READ_PASSAGES, answer_spans  # noqa: E402
from qa.ask.pipeline import read_query, retrieve  # noqa: E402
from qa.evaluation.corpus import open_corpus_engine  # noqa: E402
from qa.evaluation.loaders import load  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, article_part  # noqa: E402
from qa.read.reader import INFO_FILE, MODEL_DIR  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
CARD_LINE = "- **Deployment threshold:**"


def margins(engine, question: str, leave_out: set[str]) -> float:  # type: ignore[no-untyped-def]
    """The best no-answer margin the pipeline's reader finds in the top passages outside `leave_out` sources."""
    query = read_query(question, engine.encoder, engine.stored.bm25)
    found = retrieve(query, engine, READ_PASSAGES, None)
    chunks = [engine.stored.chunks[row] for row, _ in found.ranked]
    passages = [c.text for c in chunks if c.source.rsplit("/", 1)[-1] not in leave_out][:READ_PASSAGES]
    return max((s.margin for s in answer_spans(engine.reader, query.text, passages)), default=-1e9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    args = parser.parse_args()
    data = json.loads(args.squad.read_text(encoding="utf-8"))["data"]
    titles = {a["title"] for i, a in enumerate(data) if article_part(i) == CALIBRATE}
    whole = load(args.squad)
    engine = open_corpus_engine(whole, announce=lambda text: print(text, file=sys.stderr))
    assert whole.corpus is not None
    files_of = {t: {f"{d.doc_id}.txt" for d in whole.corpus if d.article == t} for t in titles}
    questions = [q for q in whole.questions if q.article in titles]
    present = np.array([margins(engine, q.question, set()) for q in questions])
    absent = np.array([margins(engine, q.question, files_of[q.article]) for q in questions])
    candidates = np.unique(np.concatenate([present, absent]))
    balanced = [((present >= t).mean() + (absent < t).mean()) / 2 for t in candidates]
    threshold = float(candidates[int(np.argmax(balanced))])
    calibration = {
        "method": "the no-answer margin (best span score minus the [CLS] score) maximising balanced accuracy on "
                  "the SQuAD calibrate articles' questions, read in the pipeline's top passages with the article "
                  "present and with its paragraphs left out (train/calibrate_reader.py)",
        "questions": len(questions), "threshold": round(threshold, 4),
        "answered_when_present": round(float((present >= threshold).mean()), 4),
        "null_when_absent": round(float((absent < threshold).mean()), 4),
    }
    info_path = MODEL_DIR / INFO_FILE
    info = json.loads(info_path.read_text(encoding="utf-8"))
    info["threshold"] = calibration["threshold"]
    info["calibration"] = calibration
    info_path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    card = MODEL_DIR / "MODEL_CARD.md"
    lines = [line for line in card.read_text(encoding="utf-8").splitlines() if not line.startswith(CARD_LINE)]
    lines.append(f"{CARD_LINE} {calibration['threshold']}, set by `python train/calibrate_reader.py` on "
                 f"{len(questions)} questions of the SQuAD calibrate articles read as `qa ask` reads them (top "
                 f"{READ_PASSAGES} passages of the whole SQuAD dev index): answered when their article is present "
                 f"{calibration['answered_when_present']}, no answer when it is left out "
                 f"{calibration['null_when_absent']}.")
    card.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(calibration, indent=2))


if __name__ == "__main__":
    main()
