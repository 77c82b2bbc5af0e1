"""95 kinds of damage to a generation (tests/damage_kinds.py): each is refused at load with one line that names
the fix, or, where the damage leaves the content equivalent, answered with exact citations. Never a traceback,
never a wrong citation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.ask import Engine, ask
from qa.errors import BrokenIndexError
from qa.index import store
from tests.damage_kinds import DAMAGE
from tests.fakes import FakeEncoder

QUESTIONS = ("Who approved the harbour plan?", "When did the talks on the bridge plan end?",
             "How many times did the council meet?")
EQUIVALENT = {  # not damage: the same content in another form, or an index from before resolutions were stored
    "bm25/data.csc.index.npy as float64", "bm25/data.csc.index.npy flattened", "bm25/indices.csc.index.npy flattened",
    "bm25/indptr.csc.index.npy flattened", "bm25_articles/indptr.csc.index.npy flattened",
    "resolved_dates.json deleted",
}


def test_there_are_many_kinds() -> None:
    assert len(DAMAGE) >= 90 and EQUIVALENT <= set(DAMAGE)


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damage_is_refused_or_harmless(case: str, pristine: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(pristine, tmp_path / "w")
    index_dir = tmp_path / "w" / "vectors"
    DAMAGE[case](store.current_generation(index_dir))
    monkeypatch.chdir(tmp_path)
    if case not in EQUIVALENT:
        with pytest.raises(BrokenIndexError) as refused:
            Engine.open(index_dir, encoder=FakeEncoder())
        assert "\n" not in refused.value.message and refused.value.message.endswith("qa index --rebuild")
        return
    engine = Engine.open(index_dir, encoder=FakeEncoder())
    for question in QUESTIONS:
        result = ask(question, engine)
        for item in [*result.passages, *([result.answer] if result.answer else [])]:
            assert Path(item.source).read_text(encoding="utf-8")[item.start:item.end] == item.text
