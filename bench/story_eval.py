"""Stories across time (issue 14): counts, first/last/when dates and latest figures, scored on one half of
tests/data/story_questions.jsonl, asked of the whole Reuters archive indexed (bench/reuters_archive.py).

What counts as right (fixed before any tuning):
- count: the timeline's count equals the gold count;
- first / last / when: the date qa gives (`Result.event_date`: the timeline's first or last event, or the date
  of the event the answer sentence states) is the gold day (the gold is a month where articles give only that);
- latest: the answer (its phrase, else its sentence) holds the gold value's first number (its first number word or
  month name when it has no digit: "up to, and including May").

    .venv/bin/python bench/story_eval.py --index DIR --half tune [--show]
    .venv/bin/python bench/story_eval.py --index DIR --half report --questions tests/data/story_questions_b.jsonl
    .venv/bin/python bench/story_eval.py --index DIR --half report --kind count   # counting questions only
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.ask import ask  # noqa: E402
from qa.ask.engine import Engine  # noqa: E402
from qa.text.vocabulary import CARDINAL_WORDS, MONTHS  # noqa: E402
from qa.types import Result  # noqa: E402

STORY_SET = ROOT / "tests" / "data" / "story_questions.jsonl"
KINDS = ("count", "first", "last", "when", "latest")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_FIGURE_WORD = re.compile(rf"\b(?:{'|'.join((*CARDINAL_WORDS, *MONTHS))})\b", re.IGNORECASE)


def load_questions(path: Path, half: str) -> list[dict]:  # type: ignore[type-arg]
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "question" in r and r["half"] == half]


def numbers(text: str) -> list[str]:
    """The numbers of a text; for a text with none, its number words and month names ("up to, and including May",
    "two year extension"), lower-cased."""
    digits = [n.replace(",", "") for n in _NUMBER.findall(text)]
    return digits or [w.lower() for w in _FIGURE_WORD.findall(text)]


def predicted(kind: str, result: Result) -> str | int | None:
    """What qa answered, in the form the gold gives."""
    if kind == "count":
        return result.timeline.count if result.timeline is not None else None
    if kind in ("first", "last", "when"):
        return event_date(kind, result)
    answer = result.answer
    if answer is None:
        return None
    return answer.phrase.text if answer.phrase is not None else answer.text


def event_date(kind: str, result: Result) -> str | None:
    """`Result.event_date`; for a qa from before it existed (a --before run): the timeline's first or last event,
    else the answer's article date."""
    if hasattr(result, "event_date"):
        return result.event_date  # type: ignore[no-any-return]
    if result.timeline is not None and result.timeline.events:
        event = result.timeline.events[-1 if kind == "last" else 0]
        return event.when.removeprefix("reported ")[:10]
    return result.answer.date if result.answer is not None else None


def correct(kind: str, gold: dict, got: str | int | None) -> bool:  # type: ignore[type-arg]
    if got is None:
        return False
    if kind == "count":
        return got == gold["count"]
    if kind in ("first", "last", "when"):
        day = str(got)
        return day == gold["date"]  # a month-only gold (articles give only the month) is a month
    wanted = numbers(gold["value"])
    return bool(wanted) and wanted[0] in numbers(str(got))


def scored(row: dict, engine: Engine) -> tuple[bool, str | int | None, float]:  # type: ignore[type-arg]
    """Whether qa's answer to a story question is right, what it answered, and the seconds it took."""
    started = time.perf_counter()
    result = ask(row["question"], engine, 5)
    seconds = time.perf_counter() - started
    got = predicted(row["kind"], result)
    return correct(row["kind"], row["gold"], got), got, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--half", choices=("tune", "report"), required=True)
    parser.add_argument("--questions", type=Path, default=STORY_SET)
    parser.add_argument("--show", action="store_true", help="print every question with its answer")
    parser.add_argument("--kind", choices=KINDS, default=None, help="only the questions of this kind")
    args = parser.parse_args()
    engine = Engine.open(args.index)
    tally: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    seconds: list[float] = []
    for row in load_questions(args.questions, args.half):
        if args.kind is not None and row["kind"] != args.kind:
            continue
        right, got, took = scored(row, engine)
        seconds.append(took)
        tally[row["kind"]].append(right)
        if args.show:
            gold = row["gold"].get("count", row["gold"].get("value", row["gold"].get("date")))
            print(f"{'ok ' if right else 'NO '} {row['kind']:6} {row['question']}\n     got {got!r}  gold {gold!r}")
    ordered = sorted(seconds)
    print(f"half: {args.half}, questions: {sum(len(v) for v in tally.values())}, "
          f"median {statistics.median(seconds):.2f} s, p90 {ordered[int(0.9 * len(ordered))]:.2f} s")
    print("kind | questions | accuracy\n--- | --- | ---")
    for kind, marks in tally.items():
        if marks:
            print(f"{kind} | {len(marks)} | {sum(marks) / len(marks):.3f}")
    dated = tally["first"] + tally["last"] + tally["when"]
    if dated:
        print(f"first/last/when | {len(dated)} | {sum(dated) / len(dated):.3f}")


if __name__ == "__main__":
    main()
