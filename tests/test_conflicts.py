"""Different numbers for the same thing in different articles: said so, the most recent preferred."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from qa.ask import Engine, ask
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.stories.conflicts import find_conflict, quantity_noun
from tests.fakes import FakeEncoder


def build(tmp_path: Path, files: dict[str, str]) -> Engine:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    index_dir = tmp_path / "vectors"
    update_index([folder], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    return Engine(index_dir, store.load(index_dir), FakeEncoder())


FIRE = {
    "f1.txt": "---\ndate: 2021-06-01\n---\nMarket fire\n\nA fire at the Bergen fish market killed 12 people on "
              "Sunday, police said.\n",
    "f2.txt": "---\ndate: 2021-06-03\n---\nToll rises\n\nThe Bergen fish market fire has now killed 15 people, "
              "officials said.\n",
    "f3.txt": "---\ndate: 2021-06-02\n---\nArrests\n\nPolice arrested 3 people near the harbour on Monday.\n",
}


def test_quantity_noun() -> None:
    assert quantity_noun("How many people died in the fire?") == "people"
    assert quantity_noun("Who died in the fire?") is None


def test_conflicting_numbers_prefer_the_most_recent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ask("How many people died in the Bergen market fire?", build(tmp_path, FIRE))
    conflict = result.conflict
    assert conflict is not None
    assert [(s.value, s.citation.date) for s in conflict.statements] == [("15", "2021-06-03"), ("12", "2021-06-01")]
    assert conflict.preferred.value == "15" and "disagree" in conflict.note and "2021-06-01" in conflict.note
    assert result.answer is not None and "15 people" in result.answer.text and result.answer.date == "2021-06-03"
    assert result.as_json()["conflict"]["preferred"]["value"] == "15"
    for statement in conflict.statements:
        text = (tmp_path / statement.citation.source).read_text(encoding="utf-8")
        assert text[statement.citation.start:statement.citation.end] == statement.citation.text


def test_agreeing_articles_are_no_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = dict(FIRE, **{"f2.txt": FIRE["f2.txt"].replace("15", "12")})
    result = ask("How many people died in the Bergen market fire?", build(tmp_path, files))
    assert result.conflict is None and result.as_json()["conflict"] is None


@pytest.mark.parametrize(("change", "why"), [
    ({"f1.txt": FIRE["f1.txt"].replace("killed 12 people", "killed more than 15 people")}, "the same figure"),
    ({"f1.txt": FIRE["f1.txt"].replace("killed 12 people", "killed 12 pct of people")}, "another measure"),
    ({"f1.txt": FIRE["f1.txt"].replace("2021-06-01", "2021-03-01")}, "another time: months before"),
])
def test_figures_of_another_measure_or_time_or_rounded_are_no_conflict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: dict[str, str], why: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = ask("How many people died in the Bergen market fire?", build(tmp_path, dict(FIRE, **change)))
    assert result.conflict is None, why


def test_figures_within_rounding_agree() -> None:
    from qa.stories.conflicts import _same_figure

    assert _same_figure("500", "507.99") and _same_figure("2 million", "2 million")
    assert not _same_figure("33", "508") and not _same_figure("2 million", "2 billion")


def test_a_figure_of_another_story_is_no_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = {"f1.txt": FIRE["f1.txt"], "f4.txt": "---\ndate: 2021-06-02\n---\nWarehouse fire\n\n"
             "20 people died in a fire at a Lyon market on Monday, police said.\n"}
    result = ask("How many people died in the market fire?", build(tmp_path, files))
    assert result.answer is not None and result.conflict is None  # the Lyon fire does not contradict the Bergen one
    same_story = dict(files, **{"f4.txt": files["f4.txt"].replace("a Lyon market", "the Bergen fish market")})
    (tmp_path / "same").mkdir()
    conflict = ask("How many people died in the market fire?", build(tmp_path / "same", same_story)).conflict
    assert conflict is not None and conflict.preferred.value == "20"


def test_an_answer_that_states_no_figure_has_no_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = build(tmp_path, FIRE)
    question = "How many people died in the Bergen market fire?"
    hits = [(chunk, 1.0) for chunk in engine.stored.chunks]
    stated = ask(question, engine).answer
    assert stated is not None and "15 people" in stated.text
    assert find_conflict(question, hits, engine.archive, stated) is not None
    unstated = replace(stated, text="Officials said the toll of the Bergen fish market fire has risen.")
    assert find_conflict(question, hits, engine.archive, unstated) is None
