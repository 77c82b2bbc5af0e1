"""Acceptance on the seed articles with the real model: the Kim question answers four, with a dated timeline."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from qa.ask import Engine, ask
from qa.cli import main
from qa.ingest.files import read_text
from qa.ingest.metadata import text_date

pytestmark = pytest.mark.slow
QUESTION = "How many times has Kim visited China?"


def test_kim_visits_four_times_as_of_january_2019(seed_engine: Engine) -> None:
    result = ask(QUESTION, seed_engine)
    timeline = result.timeline
    assert timeline is not None and timeline.count == 4 and timeline.as_of == "2019-01-09"
    assert result.answer is not None and "fourth" in result.answer.text and result.answer.date == "2019-01-09"
    found = {(e.when[:7], e.place) for e in timeline.events}
    for wanted in [("2018-03", "Beijing"), ("2018-05", "Dalian"), ("2018-06", "Beijing"), ("2019-01", "Beijing")]:
        assert wanted in found, (wanted, found)
    for event in timeline.events:
        assert event.mentions
        for citation in event.mentions:
            assert read_text(Path(citation.source))[citation.start:citation.end] == citation.text
    latest = [c for c in timeline.claims if c.latest]
    assert len(latest) == 1 and latest[0].value == 4 and latest[0].as_of == "2019-01-09"
    firsts = [c for c in timeline.claims if c.value == 1]
    assert {c.as_of[:4] for c in firsts if c.as_of} == {"2018"}
    assert any("first visit" in n and "before the later" in n for n in timeline.notes)


def test_passages_carry_the_sidecar_dates(seed_engine: Engine) -> None:
    result = ask("Where did Kim fly in May?", seed_engine, k=5)
    expected = {"000": "2018-03-28", "001": "2019-01-09", "002": "2019-01-09", "003": "2019-01-08",
                "004": "2018-04-03"}
    for passage in result.passages:
        assert passage.date == expected[Path(passage.source).name[:3]]
    assert result.timeline is None


def test_the_publication_date_in_the_text_of_004() -> None:
    path = next((Path(__file__).parent.parent / "seeds").glob("004_*.txt"))
    assert text_date(read_text(path)) == date(2018, 4, 3)


def test_cli_prints_the_timeline_and_json(seed_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", QUESTION, "--index", str(seed_index), "-k", "2"]) == 0
    out = capsys.readouterr().out
    assert "Timeline: 4 visits as of 2019-01-09" in out and "<- latest" in out
    assert main(["ask", QUESTION, "--index", str(seed_index), "--json", "--until", "2018-12-31"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["timeline"]["count"] == 1  # as of the 2018 articles: the first visit
    assert all(p["date"] < "2019" for p in payload["passages"])


def test_the_timeline_fits_an_80_column_terminal(seed_engine: Engine, seed_corpus: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.render import format_timeline

    monkeypatch.chdir(seed_corpus.parent)  # paths as a user in the articles' folder sees them: seeds/000_....txt
    timeline = ask(QUESTION, seed_engine).timeline
    assert timeline is not None
    lines = format_timeline(timeline, width=80)
    assert all(len(line) <= 80 for text in lines for line in text.splitlines()), lines
    assert sum("<- latest" in text for text in lines) == 1
