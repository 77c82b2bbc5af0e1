"""`qa eval --per-question FILE`: one JSON line per question, agreeing with the figures the same run prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.evaluation import runner
from qa.evaluation.loaders import EvalQuestion, EvalSet, load
from qa.evaluation.per_question import question_row
from tests.reliability_support import one_line_error, run
from tests.test_conflicts import FIRE, build

ROOT = Path(__file__).resolve().parents[1]
FOLLOWUPS = ROOT / "tests" / "data" / "followup_seeds.jsonl"


def test_per_question_rows_agree_with_the_printed_figures(seed_index: Path, tmp_path: Path) -> None:
    rows_file = tmp_path / "rows.jsonl"
    done = run(["eval", str(FOLLOWUPS), "--half", "tune", "--index", str(seed_index), "--json",
                "--per-question", str(rows_file)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)["systems"]
    rows = [json.loads(line) for line in rows_file.read_text(encoding="utf-8").splitlines()]
    expected = load(FOLLOWUPS).half("tune").questions
    assert [row["question"] for row in rows] == [q.question for q in expected]
    assert all(row["history"] == list(q.history) and row["half"] == "tune"
               for row, q in zip(rows, expected, strict=True))
    for system in ("alone", "history", "full"):
        right = [row["systems"][system]["right"] for row in rows]
        assert sum(right) / len(right) == figures[system]["answer_sentence_accuracy"]
        at_five = [(rank := row["systems"][system]["answer_rank"]) is not None and rank <= 5 for row in rows]
        assert sum(at_five) / len(at_five) == figures[system]["answer_recall@5"]
        first_article = [row["systems"][system]["article_rank"] == 1 for row in rows]
        assert sum(first_article) / len(first_article) == figures[system]["article_hit@1"]
    assert any(row["systems"]["history"]["understood_as"] for row in rows)
    assert not any(row["systems"]["alone"]["understood_as"] for row in rows)
    assert not list(tmp_path.glob(".*.tmp"))


def test_per_question_into_a_missing_folder_fails_before_the_run(seed_index: Path, tmp_path: Path) -> None:
    done = run(["eval", str(FOLLOWUPS), "--index", str(seed_index), "--per-question",
                str(tmp_path / "nowhere" / "rows.jsonl")], cwd=tmp_path)
    one_line_error(done, "--per-question: no folder")
    assert "Asking" not in done.stderr


def test_a_per_question_row_says_whether_sources_disagreed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = build(tmp_path, FIRE)
    asked = [EvalQuestion("How many people died in the Bergen market fire?", ("15",)),
             EvalQuestion("How many people did police arrest near the harbour?", ("3",))]
    report = runner.run(EvalSet("fire", "jsonl", asked), engine, (1, 5))
    rows = [question_row(question, {"qa": report.outcomes["qa"][i]}) for i, question in enumerate(asked)]
    assert [row["systems"]["qa"]["conflict"] for row in rows] == [True, False]
