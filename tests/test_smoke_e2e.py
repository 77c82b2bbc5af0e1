from pathlib import Path

import pytest

from qa.ask import Engine, ask


def test_kim_question_answers_fourth(seed_engine: Engine) -> None:
    result = ask("How many times has Kim visited China?", seed_engine)
    assert result.answer is not None
    assert "fourth" in result.answer.text
    assert result.answer.source.split("/")[-1][:3] in {"001", "002", "003"}


def test_cited_paths_are_relative_below_the_current_directory_and_absolute_elsewhere(
        seed_engine: Engine, seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = seed_engine.stored.chunks[0].source
    name = Path(source).name
    monkeypatch.chdir(seed_corpus.parent)
    assert seed_engine.display_path(source) == f"seeds/{name}"
    monkeypatch.chdir(tmp_path)
    shown = seed_engine.display_path(source)
    assert shown == str(seed_corpus / name) and Path(shown).is_file()
