"""The Reuters factoid question sets (issue 13): halves fixed before writing, unanswerable questions in each half,
and gold strings that are their sources' own words (checked against the archive where ../shared is here)."""

from __future__ import annotations

import json

import pytest

from qa.config import repo_root

DATA = repo_root() / "tests" / "data"
ARCHIVE = repo_root().parent / "shared" / "bench" / "reuters" / "articles.jsonl"
SETS = ("reuters_questions.jsonl", "reuters_questions_b.jsonl", "reuters_questions_c.jsonl")


def _questions(name: str) -> list[dict]:  # type: ignore[type-arg]
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, filter(str.strip, lines)) if "question" in row]


@pytest.mark.parametrize(("name", "count", "unanswerable"), [("reuters_questions_b.jsonl", 100, 10),
                                                             ("reuters_questions_c.jsonl", 50, 5)])
def test_a_blind_sets_halves_alternate_from_its_first_question(name: str, count: int, unanswerable: int) -> None:
    questions = _questions(name)
    assert len(questions) == count
    assert [q["half"] for q in questions] == ["tune", "report"] * (count // 2)
    for half in ("tune", "report"):
        assert sum(not q["answers"] for q in questions if q["half"] == half) == unanswerable


@pytest.mark.parametrize("name", SETS)
def test_a_reuters_sets_gold_strings_are_in_their_sources(name: str) -> None:
    if not ARCHIVE.is_file():
        pytest.skip(f"the archive is not here: {ARCHIVE} (a clone beside ../shared has it; CI does)")
    with ARCHIVE.open(encoding="utf-8") as lines:
        texts = {f"{article['newid']}.txt": article["text"] for article in map(json.loads, lines)}
    for question in _questions(name):
        if not question["answers"]:
            assert question["kind"] == "unanswerable", question["question"]
            continue
        sources = [texts[source] for source in question["sources"]]
        assert any(answer in text for answer in question["answers"] for text in sources), question["question"]
