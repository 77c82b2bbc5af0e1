"""Counting and timeline questions on small synthetic archives (fake encoder): counts, dates, reconciliation."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from qa.ask import Engine, ask
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.index.staleness import stale_sources
from qa.ingest.files import read_text
from qa.stories.events import extract, is_timeline_question, read_question
from qa.types import Result
from tests.fakes import FakeEncoder

LOPEZ = {
    "a.txt": """---
date: 2020-02-10
---
Lopez arrives in Lisbon

Foreign minister Maria Lopez arrived in Lisbon on Sunday for her first visit to Portugal since taking office.
She will meet the prime minister and business leaders during the three-day stay.
""",
    "b.txt": """Lopez returns to Portugal

Maria Lopez flew to Porto in June for her second visit to Portugal, aides said.
The talks focused on fishing rights and a new ferry line.
""",
    "c.txt": """Lopez back in Portugal

Maria Lopez is making her third trip to Portugal, officials said on Tuesday.
Each of her two previous visits ended with a trade agreement.
The minister is expected to sign a port deal.
""",
    "d.txt": """Lopez in Spain

Maria Lopez visited Madrid in May to discuss energy prices with her Spanish counterpart.
The visit was her first to Spain.
""",
}
LOPEZ_SIDECAR = "file,date,title,outlet\nb.txt,2020-07-15,Lopez returns,Daily\nc.txt,2021-03-03,,\nd.txt,2020-06-01,,\n"


def build(tmp_path: Path, files: dict[str, str], sidecar: str | None = None) -> Engine:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if sidecar:
        (folder / "metadata.csv").write_text(sidecar, encoding="utf-8")
    index_dir = tmp_path / "vectors"
    update_index([folder], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    return Engine(index_dir, store.load(index_dir), FakeEncoder())


def assert_exact(result: Result, engine: Engine) -> None:
    """Every citation of the timeline quotes its file at exactly its offsets."""
    assert result.timeline is not None
    citations = [c for e in result.timeline.events for c in e.mentions] + [c.citation for c in result.timeline.claims]
    for citation in citations:
        assert read_text(Path(citation.source))[citation.start:citation.end] == citation.text


@pytest.fixture
def lopez(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.chdir(tmp_path)
    return build(tmp_path, LOPEZ, LOPEZ_SIDECAR)


def test_timeline_questions_are_recognised() -> None:
    for question in ["How many times has Ana visited Japan?", "How often did the ferry sink?",
                     "When did Ana first visit Japan?", "List the visits of Ana to Japan",
                     "how many trips did she make"]:
        assert is_timeline_question(question), question
    for question in ["Who is Ana?", "When did Ana die?", "How many people live in Oslo?"]:
        assert not is_timeline_question(question), question


def test_question_reading() -> None:
    query = read_question("How many times has Maria Lopez visited Portugal?")
    assert (query.kind, query.family.name, query.subject, query.target) == \
        ("count", "visit", ("Maria Lopez",), ("Portugal",))
    assert read_question("When did Maria Lopez first travel to Portugal?").kind == "first"
    assert read_question("List the visits of Maria Lopez to Portugal").subject == ("Maria Lopez",)


def test_sentence_extraction() -> None:
    query = read_question("How many times has Ana Silva visited Japan?")
    base = date(2016, 4, 20)
    (count,) = extract("Ana Silva has been to Japan three times.", base, query)
    assert count.claim == 3 and count.when is None
    (previous,) = extract("Each of her four previous trips was short.", base, query)
    assert previous.claim == 5
    dalian, beijing = extract("She flew to Osaka in May and Kyoto in June for her second and third visits.", base,
                              query)
    assert (dalian.place, dalian.when.label() if dalian.when else None, dalian.ordinal) == ("Osaka", "2015-05", 2)
    assert (beijing.place, beijing.ordinal) == ("Kyoto", 3)
    elsewhere = extract("Her visit to Korea in April and trips to Japan in June.", base, query)
    assert [m.place for m in elsewhere] == ["Japan"]
    assert extract("She discussed trade in Tokyo.", base, query) == []


def test_count_dates_and_reconciliation(lopez: Engine) -> None:
    result = ask("How many times has Maria Lopez visited Portugal?", lopez)
    timeline = result.timeline
    assert timeline is not None and timeline.kind == "count"
    assert timeline.count == 3 and timeline.as_of == "2021-03-03"
    whens = [e.when for e in timeline.events]
    assert whens[:2] == ["2020-02-09", "2020-06"]  # "on Sunday" in a Monday article; "in June" in a July one
    assert timeline.events[0].place == "Lisbon" and timeline.events[1].place == "Porto"
    assert len(timeline.events) == 3 and "2021" in whens[2]
    assert all("Madrid" not in c.text for e in timeline.events for c in e.mentions)  # another country
    by_value = {c.value: c for c in timeline.claims}
    assert sorted(by_value) == [1, 2, 3]
    assert by_value[3].latest and by_value[3].as_of == "2021-03-03"
    assert by_value[1].as_of == "2020-02-10" and by_value[2].as_of == "2020-07-15"
    assert any("first" in n and "before the later" in n for n in timeline.notes)
    assert result.answer is not None and "third" in result.answer.text and result.answer.date == "2021-03-03"
    assert_exact(result, lopez)


def test_first_and_list_questions(lopez: Engine) -> None:
    first = ask("When did Maria Lopez first visit Portugal?", lopez)
    assert first.timeline is not None and first.timeline.kind == "first"
    assert "2020-02-09" in first.timeline.summary and "Lisbon" in first.timeline.summary
    assert first.answer is not None and "Sunday" in first.answer.text
    listed = ask("List the visits of Maria Lopez to Portugal", lopez)
    assert listed.timeline is not None and len(listed.timeline.events) == 3
    last = ask("When did Maria Lopez last visit Portugal?", lopez)
    assert last.timeline is not None and last.timeline.kind == "last"
    assert last.answer is not None and last.answer.date == "2021-03-03" and "2021" in last.timeline.summary


def test_since_filters_the_archive_before_top_k(lopez: Engine) -> None:
    result = ask("How many times has Maria Lopez visited Portugal?", lopez, k=5, since="2021")
    assert {p.date for p in result.passages} == {"2021-03-03"}
    assert result.timeline is not None and {c.date for e in result.timeline.events for c in e.mentions} == \
        {"2021-03-03"}
    until = ask("Where did Maria Lopez fly?", lopez, k=10, until="2020-06")
    assert until.passages and all(p.date is not None and p.date <= "2020-06-30" for p in until.passages)
    assert until.timeline is None


def test_passages_and_json_carry_dates(lopez: Engine) -> None:
    result = ask("Where did Maria Lopez fly?", lopez, k=4)
    assert all(p.date for p in result.passages)
    payload = result.as_json()
    assert all("date" in p for p in payload["passages"]) and payload["timeline"] is None
    counted = ask("How many times has Maria Lopez visited Portugal?", lopez).as_json()
    assert counted["timeline"]["count"] == 3 and counted["answer"]["date"] == "2021-03-03"


def test_conflicting_articles_prefer_the_most_recent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = build(tmp_path, {
        "x.md": "---\ndate: 2022-05-10\n---\nTom Berg is on his fifth visit to Kenya, his office said.\n",
        "y.md": "---\ndate: 2022-05-11\n---\nTom Berg arrived in Kenya on Tuesday for his fourth visit.\n",
    })
    result = ask("How many times has Tom Berg visited Kenya?", engine)
    timeline = result.timeline
    assert timeline is not None and timeline.count == 4 and timeline.as_of == "2022-05-11"
    assert len(timeline.events) == 1 and set(timeline.events[0].ordinals) == {"fourth", "fifth"}
    assert [c.value for c in timeline.claims if c.latest] == [4]
    assert any("conflicts" in n and "most recent" in n for n in timeline.notes)
    assert any("fourth and the fifth" in n for n in timeline.notes)
    assert_exact(result, engine)


def test_counts_stated_as_times_and_later_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = build(tmp_path, {
        "p.txt": "---\ndate: 2015-09-01\n---\nAna Silva has visited Japan twice, most recently in August.\n",
        "q.txt": "---\ndate: 2016-04-20\n---\nAna Silva flew to Osaka in Japan on Monday for talks.\n",
    })
    timeline = ask("How often has Ana Silva visited Japan?", engine).timeline
    assert timeline is not None
    assert timeline.count == 3  # two as of September 2015, plus the April 2016 trip reported later
    assert [e.when for e in timeline.events] == ["2015-08", "2016-04-18"]


def test_no_events_means_no_count_and_says_so(lopez: Engine) -> None:
    timeline = ask("How many times has Maria Lopez visited Madrid's port?", lopez).timeline
    assert timeline is not None and timeline.count is None and not timeline.events
    assert timeline.summary.startswith("No count found")
    nowhere = ask("How many times has Maria Lopez visited Norway?", lopez)  # no article mentions Norway at all
    assert nowhere.timeline is None and nowhere.answer is None and nowhere.unmentioned == ("Norway",)


def test_sidecar_edit_redates_articles(tmp_path: Path) -> None:
    engine = build(tmp_path, LOPEZ, LOPEZ_SIDECAR)
    index_dir, folder = engine.index_dir, tmp_path / "articles"
    assert store.load_manifest(index_dir).files["../articles/b.txt"].date == "2020-07-15"
    assert not stale_sources(index_dir)
    (folder / "metadata.csv").write_text(LOPEZ_SIDECAR.replace("2020-07-15", "2020-08-01"), encoding="utf-8")
    assert stale_sources(index_dir)
    report = update_index([folder], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert report.embedded == 0
    assert store.load_manifest(index_dir).files["../articles/b.txt"].date == "2020-08-01"
    assert not stale_sources(index_dir)


def test_questions_do_not_import_dateparser(lopez: Engine) -> None:
    """Plain questions never resolve dates; timeline questions use the resolutions stored in the index."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from qa.index import store
        from qa.ask import Engine, ask
        from tests.fakes import FakeEncoder
        engine = Engine(Path({str(lopez.index_dir)!r}), store.load(Path({str(lopez.index_dir)!r})), FakeEncoder())
        ask("Where did Maria Lopez fly?", engine)
        assert "dateparser" not in sys.modules, "plain question imported dateparser"
        result = ask("How many times has Maria Lopez visited Portugal?", engine)
        assert result.timeline is not None and result.timeline.events
        assert "dateparser" not in sys.modules, "timeline question imported dateparser"
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
