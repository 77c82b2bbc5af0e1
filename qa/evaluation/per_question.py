"""`qa eval --per-question FILE`: one JSON line per question, what each system did with it, so that a figure can be
traced to its questions (which were gained, which lost) without rerunning the set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from qa.errors import InputError
from qa.evaluation import metrics, squad_metrics
from qa.evaluation.loaders import EvalQuestion
from qa.evaluation.runner import Outcome, Report


def question_row(question: EvalQuestion, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    """The question with its gold, and per system: how it was understood, the answer and phrase given, the rank of
    the first passage holding a gold answer (or from a gold source), whether the answer sentence is right, and
    whether the answer was flagged "sources disagree"."""
    row: dict[str, Any] = {"question": question.question}
    if question.history:
        row["history"] = list(question.history)
        row["full"] = question.full
    if question.half:
        row["half"] = question.half
    row.update({"answers": list(question.answers), "sources": list(question.sources),
                "unanswerable": question.unanswerable, "systems": {}})
    for name, outcome in outcomes.items():
        answer_flags = [metrics.contains_answer(text, question.answers) for text in outcome.texts]
        source_flags = [metrics.source_name(source) in question.sources for source in outcome.sources]
        row["systems"][name] = {
            "understood_as": outcome.understood_as,
            "answer": outcome.answer,
            "phrase": outcome.phrase,
            "answer_rank": metrics.first_hit(answer_flags) if question.answers else None,
            "source_rank": metrics.first_hit(source_flags) if question.sources else None,
            "article_rank": (metrics.first_hit([metrics.source_name(a) in question.sources for a in outcome.articles])
                             if question.sources and outcome.articles else None),
            "right": _right(question, outcome),
            "phrase_f1": (squad_metrics.f1_score(outcome.phrase or "", question.answers)
                          if question.answers else None),
            "conflict": outcome.conflict,
        }
    return row


def _right(question: EvalQuestion, outcome: Outcome) -> bool | None:
    """No answer for a question nothing answers; otherwise an answer sentence holding a gold answer (None: the set
    gives sources only)."""
    if question.unanswerable:
        return outcome.answer is None
    if not question.answers:
        return None
    return outcome.answer is not None and metrics.contains_answer(outcome.answer, question.answers)


def check_target(path: Path) -> None:
    """Fail before the run, not after it, when the file cannot be written where asked."""
    if path.is_dir():
        raise InputError(f"--per-question: {path} is a folder; name a file")
    if not path.parent.is_dir():
        raise InputError(f"--per-question: no folder {path.parent} to write {path.name} in")


def write_per_question(report: Report, path: Path) -> None:
    """Write the rows beside `path` and move them into place, so that an interrupted run leaves no half file."""
    staging = path.with_name(f".{path.name}.tmp")
    try:
        with staging.open("w", encoding="utf-8") as out:
            for index, question in enumerate(report.asked):
                outcomes = {name: rows[index] for name, rows in report.outcomes.items()}
                out.write(json.dumps(question_row(question, outcomes), ensure_ascii=True) + "\n")
        os.replace(staging, path)
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise InputError(f"--per-question: cannot write {path}: {exc.strerror or exc}") from None
