"""The story question sets (issue 14) hold what bench/story_eval.py needs: whole stories in one half each, every
kind, and gold strings that are the articles' own words (checked against the archive where ../shared is here)."""

from __future__ import annotations

import json

import pytest

from qa.config import repo_root

SETS = ("story_questions.jsonl", "story_questions_b.jsonl", "story_questions_c.jsonl", "story_questions_d.jsonl")
ARCHIVE = repo_root().parent / "shared" / "bench" / "reuters" / "articles.jsonl"
KINDS = {"count", "first", "last", "when", "latest"}


def _rows(name: str) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
    lines = (repo_root() / "tests" / "data" / name).read_text(encoding="utf-8").splitlines()
    header, *rows = [json.loads(line) for line in lines if line.strip()]
    return header, rows


@pytest.mark.parametrize("name", SETS)
def test_a_story_set_keeps_each_story_in_its_own_half(name: str) -> None:
    header, rows = _rows(name)
    stories = header["stories"]
    assert {row["story"] for row in rows} <= set(stories)
    for row in rows:
        assert row["half"] == stories[row["story"]], row["question"]
        assert row["kind"] in KINDS
    for half in ("tune", "report"):
        kinds = {row["kind"] for row in rows if row["half"] == half}
        assert {"count", "latest"} <= kinds and kinds & {"first", "last", "when"}


def test_no_story_is_in_two_sets() -> None:
    stories = [set(_rows(name)[0]["stories"]) for name in SETS]
    for at, these in enumerate(stories):
        for those in stories[at + 1:]:
            assert not these & those


@pytest.mark.parametrize("name", SETS)
def test_a_story_sets_gold_strings_are_in_their_articles(name: str) -> None:
    if not ARCHIVE.is_file():
        pytest.skip(f"the archive is not here: {ARCHIVE} (a clone beside ../shared has it; CI does)")
    texts = {}
    with ARCHIVE.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts[f"{article['newid']}.txt"] = article["text"]
    for row in _rows(name)[1]:
        sources = " ".join(texts[source] for source in row["sources"])
        for answer in row["answers"]:
            assert answer in sources, (row["question"], answer)
        if row["kind"] == "latest":
            assert row["gold"]["value"] in texts[row["gold"]["file"]], row["question"]
