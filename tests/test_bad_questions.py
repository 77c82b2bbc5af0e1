"""Bad questions get a clear one-line message or a normal answer, never a traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from qa.ask.query import MAX_QUESTION_CHARS, clean_question
from qa.errors import InputError
from tests.reliability_support import QA, check_offsets, one_line_error, run

KIM = "How many times has Kim visited China?"


@pytest.mark.parametrize("question", ["", "   ", "\t\n \r", "\x00\x01\x1b", "\u200b\u200e"])
def test_empty_questions_are_refused(question: str) -> None:
    with pytest.raises(InputError, match="the question is empty"):
        clean_question(question)


@pytest.mark.parametrize("question", [" \t ", "\x07\x1b\x7f"])
def test_empty_question_exits_2_with_one_line(question: str, seed_index: Path, tmp_path: Path) -> None:
    one_line_error(run(["ask", question, "--index", str(seed_index)], cwd=tmp_path), "the question is empty")


def test_100000_characters_are_cut_with_a_note(seed_index: Path, tmp_path: Path) -> None:
    question = (KIM + " " + "china visit " * 9000)[:100_000]
    assert len(question) == 100_000
    done = run(["ask", question, "--json", "--index", str(seed_index)], cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-500:]
    assert f"only the first {MAX_QUESTION_CHARS} are used" in done.stderr
    payload = json.loads(done.stdout)
    assert len(payload["passages"]) == 5 and check_offsets(payload, tmp_path) >= 5


@pytest.mark.parametrize("question", [
    "How many times\x07 has Kim\x1b[31m visited\r China?\x7f",
    "<script>alert('Kim')</script> [bold]How many times[/bold] has Kim visited China? {{x}} $(rm -rf ~) `ls` %s",
])
def test_control_and_markup_characters_get_a_normal_answer(question: str, seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", question, "--json", "--index", str(seed_index)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["question"] == question
    assert payload["answer"] and "fourth" in payload["answer"]["text"]
    check_offsets(payload, tmp_path)
    text = run(["ask", question, "--index", str(seed_index)], cwd=tmp_path)
    assert text.returncode == 0 and "fourth" in text.stdout
    assert not any(ch in text.stdout for ch in "\x07\x1b\r\x7f"), "control characters are not echoed"


def test_nul_bytes_and_invalid_utf8_on_stdin(seed_index: Path, tmp_path: Path) -> None:
    stdin = b"How many times has Kim\x00 visited China?\nWhere did Kim \xff\xfe fly in May?\n"
    done = subprocess.run(QA + ["ask", "--json", "--index", str(seed_index)], cwd=tmp_path, input=stdin,
                          capture_output=True, timeout=300)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert len(answers) == 2 and "fourth" in answers[0]["answer"]["text"]


def test_a_batch_line_of_only_control_characters_is_a_clear_error(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", "--index", str(seed_index)], cwd=tmp_path, stdin=f"{KIM}\n\x01\x02\n")
    one_line_error(done, "the question is empty")


def test_one_bad_line_in_a_batch_gets_its_own_error_and_the_batch_goes_on(seed_index: Path, tmp_path: Path) -> None:
    lines = [KIM, "\u200b\u200b", "Where did Kim fly in May?"]
    done = run(["ask", "--json", "--index", str(seed_index)], cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["question"] for a in answers] == lines
    assert answers[1] == {"question": "\u200b\u200b", "error": "the question is empty"}
    assert "fourth" in answers[0]["answer"]["text"] and "Dalian" in answers[2]["answer"]["text"]
    text = run(["ask", "--index", str(seed_index)], cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert text.returncode == 2 and text.stdout.count("Q: ") == 2
    assert text.stderr.strip() == "qa: error: question 2: the question is empty"
