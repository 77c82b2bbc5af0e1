"""The chat driven with Pilot: the real app on the seed index, and a tiny index full of markup characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from qa.ask import Engine
from qa.index.build import BuildOptions, update_index
from tests.chat_support import ask, fake_engine
from tui.app import ChatApp
from tui.factory import make_app
from tui.locations import location_of, offset_of
from tui.source_screen import SourceScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.exchange import Exchange
from tui.widgets.passage_card import PassageCard
from tui.widgets.question_input import QuestionInput
from tui.widgets.timeline_view import TimelineView

pytestmark = pytest.mark.anyio
KIM = "How many times has Kim visited China?"
SIZE = (100, 40)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def plain(widget: Static) -> str:
    content = widget.content
    assert isinstance(content, Content)
    return content.plain


@pytest.fixture
def chat(seed_engine: Engine, seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ChatApp:
    monkeypatch.chdir(seed_corpus.parent)
    return make_app(seed_engine.index_dir, seed_engine, save_dir=tmp_path)


async def test_kim_question_shows_answer_then_cards(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        [result] = chat.results()
        assert result.answer is not None and "fourth" in result.answer.text
        answer = plain(chat.query_one(AnswerView))
        assert answer.startswith(result.answer.text)
        assert f"{result.answer.source}:{result.answer.line}" in answer
        cards = list(chat.query(PassageCard))
        assert [c.passage for c in cards] == list(result.passages)
        assert f"{Path(result.passages[0].source).name}:{result.passages[0].line}" in plain(cards[0])
        highlighted = [c for c in cards if "fourth visit" in plain(c)]
        assert highlighted, "the card holding the answer shows the answer sentence"


async def test_kim_question_shows_the_dated_timeline_and_dates_on_cards(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        [result] = chat.results()
        assert result.timeline is not None
        shown = plain(chat.query_one(TimelineView))
        assert shown.startswith(result.timeline.summary)
        for event in result.timeline.events:
            assert f"{event.number}. {event.when}" in shown
            first = event.mentions[0]
            assert f"{Path(first.source).name}:{first.line}" in shown
        latest = [c for c in result.timeline.claims if c.latest]
        assert latest and f"{latest[0].as_of}  “{latest[0].phrase}” → {latest[0].value}" in shown
        assert result.passages[0].date and result.passages[0].date in plain(chat.query(PassageCard).first())
        assert result.answer is not None and result.answer.date in plain(chat.query_one(AnswerView))


async def test_open_source_selects_the_cited_span_and_escape_returns(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await pilot.press("ctrl+down", "ctrl+down")
        card = chat.focused
        assert isinstance(card, PassageCard) and card.passage.rank == 2
        await pilot.press("enter")
        await pilot.pause()
        screen = chat.screen
        assert isinstance(screen, SourceScreen)
        p = card.passage
        assert screen.span == (p.start, p.end)
        area = screen.query_one(TextArea)
        article = Path(p.source).read_text(encoding="utf-8")
        assert area.selected_text == article[p.start:p.end] == p.text
        start, end = sorted(area.selection)
        assert (offset_of(area.text, start), offset_of(area.text, end)) == (p.start, p.end)
        row = location_of(article, p.start)[0]
        assert area.scroll_offset.y <= area.wrapped_document.location_to_offset((row, 0)).y
        assert area.scroll_offset.y + area.size.height > area.wrapped_document.location_to_offset((row, 0)).y
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(chat.screen, SourceScreen)
        assert chat.focused is card


async def test_open_key_without_a_card_opens_the_answer_sentence(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await pilot.press("ctrl+o")
        await pilot.pause()
        answer = chat.results()[0].answer
        assert answer is not None
        screen = chat.screen
        assert isinstance(screen, SourceScreen)
        assert screen.query_one(TextArea).selected_text == answer.text


async def test_history_walks_back_and_forth_and_keeps_the_draft(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await ask(pilot, "Who did Kim meet in Beijing?")
        box = chat.query_one(QuestionInput)
        await pilot.press(*"dra", "up")
        assert box.value == "Who did Kim meet in Beijing?"
        await pilot.press("up")
        assert box.value == KIM
        await pilot.press("up")
        assert box.value == KIM
        await pilot.press("down", "down")
        assert box.value == "dra"


async def test_save_transcript_writes_markdown_with_citations(chat: ChatApp, tmp_path: Path) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert chat.last_saved is not None and chat.last_saved.parent == tmp_path
        text = chat.last_saved.read_text(encoding="utf-8")
        [result] = chat.results()
    assert result.answer is not None
    assert f"## {KIM}" in text
    assert f"**{result.answer.text}**" in text
    assert f"`{result.answer.source}:{result.answer.line}` [{result.answer.start}:{result.answer.end}]" in text
    for p in result.passages:
        assert f"{p.rank}. `{p.source}:{p.line}` [{p.start}:{p.end}]" in text


async def test_a_saved_transcript_keeps_a_follow_up_as_typed_and_as_understood(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, "Who is senior research fellow for Northeast Asia at the Heritage Foundation?")
        await ask(pilot, "Where did he work before?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert chat.last_saved is not None
        text = chat.last_saved.read_text(encoding="utf-8")
        follow_up = chat.results()[1]
    assert follow_up.understood_as is not None and follow_up.understood_as != follow_up.question
    assert "## Where did he work before?\n" in text
    assert f"_Understood as: {follow_up.understood_as}" in text


async def test_copy_answer_puts_sentence_and_citation_on_the_clipboard(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await pilot.press("ctrl+y")
        answer = chat.results()[0].answer
        assert answer is not None
        phrase = f"{answer.phrase.text}: " if answer.phrase else ""
        assert chat.clipboard == f"{phrase}{answer.text} ({answer.source}:{answer.line})"


async def test_no_answer_says_so_and_still_shows_passages(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, "What is the capital of France?")
        assert chat.results()[0].answer is None
        assert plain(chat.query_one(AnswerView)).startswith("Nothing in the articles answers this")
        assert len(chat.query(PassageCard)) == 5
        await pilot.press("ctrl+y")
        assert chat.clipboard == ""


async def test_clear_transcript_empties_it(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not chat.query(Exchange) and chat.results() == []
        assert chat.query_one("#welcome")


async def test_loads_the_index_in_a_worker_and_answers_a_question_asked_meanwhile(
        seed_index: Path, seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seed_corpus.parent)
    app = make_app(seed_index, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.engine is None
        assert isinstance(app.focused, QuestionInput)
        await ask(pilot, KIM)
        assert app.engine is not None
        assert "Ready" in plain(app.query_one("#status-text", Static))
        answer = app.results()[0].answer
        assert answer is not None and "fourth" in answer.text


async def until_error(app: ChatApp, pilot: Pilot[None]) -> None:
    """Wait (4 s at most) for the status line to show an error."""
    for _ in range(200):
        if app.query_one("#status").has_class("-error"):
            return
        await pilot.pause(0.02)


async def test_a_broken_index_is_reported_not_crashed(tmp_path: Path) -> None:
    index_dir = tmp_path / "vectors"
    index_dir.mkdir()
    (index_dir / "HEAD").write_text("nonsense\n")
    app = make_app(index_dir, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_error(app, pilot)
        assert "damaged" in plain(app.query_one("#status-text", Static))
        assert app.engine is None


async def test_an_error_too_long_for_one_line_is_shown_whole_with_its_fix(tmp_path: Path) -> None:
    index_dir = tmp_path / "a-folder-name-long-enough-that-the-message-cannot-fit-on-one-line" / "vectors"
    app = make_app(index_dir, save_dir=tmp_path, default_corpus=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_error(app, pilot)
        await pilot.pause()
        text = plain(app.query_one("#status-text", Static))
        assert "no index in" in text and f"qa index FOLDER --index {index_dir}" in text
        assert app.query_one("#status-text", Static).region.height >= 2  # wrapped, not cut short by an ellipsis


MARKUP_ARTICLE = """Markup test [bold red]x[/] headline

The minister said [/] alone and [link=x]click[/link] with $x and $accent in the text.
Prices rose by [b]ten[/b] percent while [@click=app.quit]quit[/] stayed literal.
"""
QUESTION = "What did the minister say about [bold red]x[/] and [/] or $x?"


@pytest.fixture
def markup_engine(tmp_path: Path) -> Engine:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "markup.txt").write_text(MARKUP_ARTICLE, encoding="utf-8")
    (folder / "other.txt").write_text("A plain article about weather in the mountains.\n", encoding="utf-8")
    return fake_engine(folder, tmp_path / "vectors")


async def test_markup_in_articles_and_questions_is_shown_literally(
        markup_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(markup_engine.index_dir, markup_engine, save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, QUESTION)
        assert app.is_running
        question = app.query_one(".exchange .question", Static)
        assert QUESTION in plain(question)
        card = next(c for c in app.query(PassageCard) if c.passage.source.endswith("markup.txt"))
        shown = plain(card)
        for literal in ("[bold red]x[/]", "[/] alone", "[link=x]click[/link]", "$x", "$accent", "[b]ten[/b]",
                        "[@click=app.quit]quit[/]"):
            assert literal in shown
        card.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.query_one(TextArea).text == MARKUP_ARTICLE
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        assert app.is_running and app.last_saved is not None
        assert "[bold red]x[/]" in app.last_saved.read_text(encoding="utf-8")


async def test_keys_move_between_cards_and_escape_returns_to_the_question(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, KIM)
        cards = list(chat.query(PassageCard))
        await pilot.press("ctrl+down")
        assert chat.focused is cards[0]
        await pilot.press("down", "down")
        assert chat.focused is cards[2]
        await pilot.press("ctrl+up")
        assert chat.focused is cards[1]
        await pilot.press("escape")
        assert isinstance(chat.focused, QuestionInput)
        await pilot.press("tab")
        assert isinstance(chat.focused, PassageCard)


async def test_the_chat_reloads_an_index_changed_by_qa_index_before_answering(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "visit.txt"
    article.write_text("Leader visits\n\nThe leader made his fourth visit to the capital on Monday.\n",
                       encoding="utf-8")
    engine = fake_engine(folder, tmp_path / "vectors")
    monkeypatch.chdir(tmp_path)
    app = make_app(engine.index_dir, engine, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "Which visit did the leader make?")
        assert "fourth" in app.results()[-1].passages[0].text
        article.write_text("Leader visits\n\nThe leader made his fifth visit to the capital on Friday.\n",
                           encoding="utf-8")
        update_index([folder], engine.index_dir, BuildOptions(encoder_factory=lambda n: engine.encoder))
        await ask(pilot, "Which visit did the leader make?")
        assert "fifth" in app.results()[-1].passages[0].text
        assert "reloaded: the index changed on disk" in plain(app.query_one("#status-text", Static))


async def test_an_article_in_another_encoding_opens_in_the_viewer(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    russian = ("Новости порта\n\nПорт закрылся в понедельник после шторма, сообщили власти. Корабли ждали снаружи "
               "три дня, пока ветер не стих.\n")
    (folder / "ru.txt").write_bytes(russian.encode("cp1251"))
    (folder / "other.txt").write_text("A plain article about weather in the mountains.\n", encoding="utf-8")
    engine = fake_engine(folder, tmp_path / "vectors")
    monkeypatch.chdir(tmp_path)
    app = make_app(engine.index_dir, engine, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "Когда закрылся порт?")
        card = next(c for c in app.query(PassageCard) if c.opens.source.endswith("ru.txt"))
        assert card.opens.encoding != "utf-8"
        card.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.query_one(TextArea).text == russian


async def test_a_follow_up_is_read_with_the_conversation_until_a_new_topic(chat: ChatApp) -> None:
    async with chat.run_test(size=SIZE) as pilot:
        await ask(pilot, "Who is senior research fellow for Northeast Asia at the Heritage Foundation?")
        await ask(pilot, "Where did he work before?")
        first, second = chat.query(Exchange)
        assert not first.query(".understood")
        understood = plain(second.query_one(".understood", Static))
        assert understood.startswith("Understood as: ") and "he work" not in understood
        await pilot.press("ctrl+n")
        await ask(pilot, "What did he say?")
        third = chat.query(Exchange).last()
        assert not third.query(".understood")
        assert chat.results()[2].understood_as is None


@pytest.mark.parametrize("indexed_default_articles", [False, True])
async def test_welcome_offers_the_kim_example_only_on_an_index_of_the_default_articles(
        indexed_default_articles: bool, seed_engine: Engine, seed_corpus: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    default = seed_corpus if indexed_default_articles else tmp_path / "elsewhere"
    monkeypatch.setattr("qa.engine.default_corpus_dirs", lambda: [default])
    app = make_app(seed_engine.index_dir, seed_engine, save_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        welcome = plain(app.query_one("#welcome", Static))
        assert welcome.startswith("Ask a question about your articles")
        assert ("How many times has Kim visited China?" in welcome) == indexed_default_articles
