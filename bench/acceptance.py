"""Where issues 13, 14 and 15 stand: each acceptance figure they name, measured in one sitting, beside its bar.

    .venv/bin/python bench/acceptance.py --archive DIR                  # the reported halves: the figures of record
    .venv/bin/python bench/acceptance.py --archive DIR --half tune      # the same table on the halves to tune on
    .venv/bin/python bench/acceptance.py --archive DIR --issue 15       # one issue only

--archive is the whole Reuters archive indexed (`bench/reuters_corpus.py DIR/corpus`, then `qa index DIR/corpus
--index DIR/vectors`); --seeds the index of seeds/ (default vectors/, built if missing by `qa index seeds`).
Every question set is asked with `qa eval --json --per-question`, so a pooled figure is the share of the pooled
questions, not a mean of the sets' shares. The seed questions have no halves: they are asked whole either way.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import story_eval  # noqa: E402
import warm_ask  # noqa: E402

from qa.ask.engine import Engine  # noqa: E402

DATA = ROOT / "tests" / "data"
SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
SEED_SET = DATA / "seed_questions.jsonl"
REUTERS_SETS = ("reuters_questions.jsonl", "reuters_questions_b.jsonl", "reuters_questions_c.jsonl")
STORY_SETS = ("story_questions.jsonl", "story_questions_b.jsonl", "story_questions_c.jsonl",
              "story_questions_d.jsonl")
SEED_FOLLOWUPS = ("followup_seeds.jsonl", "followup_fragments_seeds.jsonl")
REUTERS_FOLLOWUPS = ("followup_reuters.jsonl", "followup_reuters_b.jsonl", "followup_reuters_c.jsonl",
                     "followup_fragments_reuters.jsonl", "followup_fragments_b_reuters.jsonl",
                     "followup_fragments_c_reuters.jsonl", "followup_fragments_d_reuters.jsonl",
                     "followup_fragments_e_reuters.jsonl")
UNRELATED = "What was IBM's net income in 1986?"
UNRELATED_SQUAD = "Which NFL team represented the AFC at Super Bowl 50?"


@dataclass
class Line:
    issue: int
    what: str
    figure: str
    bar: str
    holds: bool | None


@functools.cache
def qa_eval(question_file: Path, *options: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`qa eval FILE --json --per-question`: the figures and one row per question (each run once: issue 15's
    questions asked alone are issue 13's)."""
    with tempfile.TemporaryDirectory() as scratch:
        rows_file = Path(scratch) / "rows.jsonl"
        command = [sys.executable, "-m", "qa", "eval", str(question_file), "--json",
                   "--per-question", str(rows_file), *options]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"acceptance: {' '.join(command[2:])} failed: {done.stderr.strip().splitlines()[-1:]}")
        rows = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(done.stdout), rows


def share(marks: list[bool]) -> float:
    return sum(marks) / len(marks) if marks else float("nan")


def pooled(rows: list[dict[str, Any]], system: str) -> dict[str, float]:
    """recall@5, answer sentence, phrase F1 over the answerable rows; no answer over the unanswerable ones."""
    answerable = [r["systems"][system] for r in rows if not r["unanswerable"]]
    unanswerable = [r["systems"][system] for r in rows if r["unanswerable"]]
    return {
        "recall@5": share([s["answer_rank"] is not None and s["answer_rank"] <= 5 for s in answerable]),
        "sentence": share([bool(s["right"]) for s in answerable]),
        "f1": statistics.fmean(s["phrase_f1"] or 0.0 for s in answerable) if answerable else float("nan"),
        "null": share([bool(s["right"]) for s in unanswerable]),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }


def issue_13(args: argparse.Namespace) -> list[Line]:
    squad_options = ("--half", args.half, "--sample", str(args.sample), "--seed", "0")
    squad, _ = qa_eval(args.squad, *squad_options)
    figures = squad["systems"]["qa"]
    absent, _ = qa_eval(args.squad, *squad_options, "--absent")
    near_miss_lines = [] if args.squad2 is None else [near_miss_line(args)]
    reuters = pooled(reuters_rows(args), "qa")
    seeds = pooled(qa_eval(SEED_SET, "--index", str(args.seeds))[1], "qa")
    warm = warm_p50_ms(args.seeds)
    squad_set = f"SQuAD {args.half} half, {squad['questions']} questions"
    reuters_set = f"Reuters A+B+C {args.half} halves ({reuters['answerable']} + {reuters['unanswerable']} unanswerable)"
    return [
        Line(13, f"{squad_set}: answer sentence", f"{figures['answer_sentence_accuracy']:.3f}", ">= 0.85",
             figures["answer_sentence_accuracy"] >= 0.85),
        Line(13, f"{squad_set}: phrase exact match", f"{figures['phrase_exact_match']:.3f}", ">= 0.50",
             figures["phrase_exact_match"] >= 0.50),
        Line(13, f"{squad_set}: phrase F1", f"{figures['phrase_f1']:.3f}", ">= 0.65", figures["phrase_f1"] >= 0.65),
        Line(13, f"{squad_set}: answer-recall@1", f"{figures['answer_recall@1']:.3f}",
             "not below the pipeline before the reader (0.876 on 2,000 of all articles)", None),
        Line(13, f"{squad_set}: answered", f"{figures['answered']:.3f}", ">= 0.90", figures["answered"] >= 0.90),
        Line(13, f"{squad_set}, their articles left out: no answer",
             f"{absent['systems']['qa']['no_answer_accuracy']:.3f}", ">= 0.85",
             absent["systems"]["qa"]["no_answer_accuracy"] >= 0.85),
        *near_miss_lines,
        Line(13, f"{reuters_set}: answer sentence", f"{reuters['sentence']:.3f}", ">= 0.75",
             reuters["sentence"] >= 0.75),
        Line(13, f"{reuters_set}: no answer", f"{reuters['null']:.3f}", ">= 0.8", reuters["null"] >= 0.8),
        Line(13, f"{reuters_set}: answer-recall@5", f"{reuters['recall@5']:.3f}", ">= 0.9",
             reuters["recall@5"] >= 0.9),
        Line(13, "seed questions (whole set): answer sentence", f"{seeds['sentence']:.3f}", ">= 0.93",
             seeds["sentence"] >= 0.93),
        Line(13, "seed questions: both unanswerable null", f"{seeds['null']:.3f}", "1.000", seeds["null"] == 1.0),
        Line(13, "seeds, warm question to answer, p50 ms (this machine)", f"{warm:.1f}", "<= 100", warm <= 100),
    ]


def near_miss_line(args: argparse.Namespace) -> Line:
    near_misses = qa_eval(args.squad, "--half", args.half, "--unanswerable", str(args.squad2))[0]
    return Line(13, f"SQuAD 2.0's unanswerable questions on the {args.half} articles ({near_misses['questions']}): "
                "no answer", f"{near_misses['systems']['qa']['no_answer_accuracy']:.3f}",
                "no bar (near misses: the newswire's unanswerable questions are of this kind)", None)


def warm_p50_ms(index: Path) -> float:
    rows = [json.loads(line) for line in SEED_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return statistics.median(warm_ask.warm_times_ms(Engine.open(index), [row["question"] for row in rows], 3))


def issue_14(args: argparse.Namespace) -> list[Line]:
    engine = Engine.open(args.archive)
    tally: dict[str, list[bool]] = {kind: [] for kind in story_eval.KINDS}
    count_seconds: list[float] = []
    for name in STORY_SETS:
        for row in story_eval.load_questions(DATA / name, args.half):
            right, _, seconds = story_eval.scored(row, engine)
            if row["kind"] == "count":
                count_seconds.append(seconds)
            tally[row["kind"]].append(right)
    dated = tally["first"] + tally["last"] + tally["when"]
    flagged = sum(row["systems"]["qa"]["conflict"] for row in reuters_rows(args))
    story_sets = f"story sets A-D, {args.half} halves"
    return [
        Line(14, f"{story_sets}: count ({sum(tally['count'])} of {len(tally['count'])})",
             f"{share(tally['count']):.3f}", ">= 0.7", share(tally["count"]) >= 0.7),
        Line(14, f"{story_sets}: first/last/when ({sum(dated)} of {len(dated)})", f"{share(dated):.3f}", ">= 0.7",
             share(dated) >= 0.7),
        Line(14, f"{story_sets}: latest figure ({sum(tally['latest'])} of {len(tally['latest'])})",
             f"{share(tally['latest']):.3f}", ">= 0.7", share(tally["latest"]) >= 0.7),
        Line(14, f"Reuters A+B+C {args.half} halves: answers flagged 'sources disagree'", str(flagged), "0",
             flagged == 0),
        Line(14, "counting question on the whole archive, p50 s (this machine)",
             f"{statistics.median(count_seconds):.2f}", "<= 1", statistics.median(count_seconds) <= 1),
    ]


def reuters_rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The per-question rows of the Reuters factoid sets' half."""
    return [row for name in REUTERS_SETS for row in qa_eval(DATA / name, "--half", args.half, "--index",
                                                             str(args.archive))[1]]


def issue_15(args: argparse.Namespace) -> list[Line]:
    rows: list[dict[str, Any]] = []
    for name in SEED_FOLLOWUPS:
        rows += qa_eval(DATA / name, "--half", args.half, "--index", str(args.seeds))[1]
    for name in REUTERS_FOLLOWUPS:
        rows += qa_eval(DATA / name, "--half", args.half, "--index", str(args.archive))[1]
    alone, history, full = (pooled(rows, system) for system in ("alone", "history", "full"))
    sets = f"follow-ups, ten sets' {args.half} halves ({history['answerable']})"
    recall_gap = full["recall@5"] - history["recall@5"]
    sentence_gap = full["sentence"] - history["sentence"]
    lines = [
        Line(15, f"{sets}: recall@5 alone / with history / full question",
             f"{alone['recall@5']:.3f} / {history['recall@5']:.3f} / {full['recall@5']:.3f}",
             f"gap {recall_gap:.3f} <= 0.05", recall_gap <= 0.05),
        Line(15, f"{sets}: answer sentence alone / with history / full question",
             f"{alone['sentence']:.3f} / {history['sentence']:.3f} / {full['sentence']:.3f}",
             f">= 2 x alone, gap {sentence_gap:.3f} <= 0.1",
             history["sentence"] >= 2 * alone["sentence"] and sentence_gap <= 0.1),
    ]
    return lines + standing_alone(args)


def standing_alone(args: argparse.Namespace) -> list[Line]:
    """Questions that stand alone, asked alone and after an unrelated question: the largest change of any figure."""
    runs = [(f"SQuAD {args.half} half, {args.sample} questions", args.squad, UNRELATED_SQUAD,
             ("--half", args.half, "--sample", str(args.sample), "--seed", "0"))]
    runs += [(f"Reuters {name} {args.half} half", DATA / name, UNRELATED,
              ("--half", args.half, "--index", str(args.archive))) for name in REUTERS_SETS]
    runs.append(("seed questions", SEED_SET, UNRELATED, ("--index", str(args.seeds))))
    lines = []
    for label, question_file, unrelated, options in runs:
        before = qa_eval(question_file, *options)[0]["systems"]["qa"]
        after = qa_eval(question_file, *options, "--after", unrelated)[0]["systems"]["qa"]
        changes = {key: abs(after[key] - before[key]) for key in before
                   if key != "median_seconds" and before[key] is not None and after[key] is not None}
        worst = max(changes, key=lambda key: changes[key])
        lines.append(Line(15, f"{label} after an unrelated question: largest change ({worst})",
                          f"{changes[worst]:.3f}", "<= 0.01", changes[worst] <= 0.01))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="the whole Reuters archive indexed")
    parser.add_argument("--seeds", type=Path, default=ROOT / "vectors", help="the index of seeds/")
    parser.add_argument("--squad", type=Path, default=SQUAD)
    parser.add_argument("--squad2", type=Path, default=None,
                        help="SQuAD 2.0 dev (see train/reader.py): also the no answers on its unanswerable questions")
    parser.add_argument("--sample", type=int, default=1000, help="SQuAD questions of the half (seed 0)")
    parser.add_argument("--half", choices=("tune", "report"), default="report")
    parser.add_argument("--issue", type=int, action="append", choices=(13, 14, 15),
                        help="only this issue's figures (repeatable)")
    args = parser.parse_args()
    started = time.perf_counter()
    lines: list[Line] = []
    for number, measure in ((13, issue_13), (14, issue_14), (15, issue_15)):
        if args.issue is None or number in args.issue:
            lines += measure(args)
    print("| issue | figure | measured | bar | holds |\n|---|---|---|---|---|")
    for line in lines:
        holds = "" if line.holds is None else ("yes" if line.holds else "**no**")
        print(f"| {line.issue} | {line.what} | {line.figure} | {line.bar} | {holds} |")
    print(f"\n{args.half} halves, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
