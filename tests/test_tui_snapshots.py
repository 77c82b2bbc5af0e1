"""How the chat looks, as SVG snapshots at fixed sizes.

Results are canned from the seed articles (real files, real offsets, fixed scores and timing), so the pictures
change when the chat's look changes, not when retrieval ranks passages differently; Pilot tests cover the real
pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qa.ask import Engine
from qa.types import Answer, Passage, Result
from tui.app import ChatApp
from tui.factory import make_app
from tui.widgets.question_input import QuestionInput

KIM = "How many times has Kim visited China?"
FRANCE = "What is the capital of France?"


def paragraphs(seeds: Path, name: str, first: int, count: int, rank: int, score: float) -> Passage:
    """Paragraphs first..first+count-1 of a seed article as one passage."""
    text = (seeds / name).read_text(encoding="utf-8")
    chosen = text.split("\n\n")[first:first + count]
    start = sum(len(p) + 2 for p in text.split("\n\n")[:first])
    end = start + len("\n\n".join(chosen))
    return Passage(rank=rank, source=f"seeds/{name}", start=start, end=end,
                   line=text.count("\n", 0, start) + 1, score=score, text=text[start:end])


def canned_results(seeds: Path) -> dict[str, Result]:
    kim = paragraphs(seeds, "001_e586c0e5b942bb85.txt", 2, 3, 1, 0.931)
    sentence = "It's Kim's fourth visit to China in a year."
    start = kim.start + kim.text.index(sentence)
    answer = Answer(text=sentence, source=kim.source, start=start, end=start + len(sentence),
                    line=kim.line + kim.text.count("\n", 0, start - kim.start), score=0.71)
    others = [paragraphs(seeds, "000_51b87278988e9c30.txt", 0, 4, 2, 0.924),
              paragraphs(seeds, "003_a448d32661961d0a.txt", 4, 2, 3, 0.917)]
    closest = [paragraphs(seeds, "004_de5584b8b2c124e6.txt", 1, 2, 1, 0.512),
               paragraphs(seeds, "001_e586c0e5b942bb85.txt", 6, 2, 2, 0.498)]
    return {
        KIM: Result(question=KIM, answer=answer, passages=(kim, *others), seconds=0.05),
        FRANCE: Result(question=FRANCE, answer=None, passages=tuple(closest), seconds=0.05),
    }


@pytest.fixture
def chat(seed_engine: Engine, seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ChatApp:
    monkeypatch.chdir(seed_corpus.parent)
    results = canned_results(seed_corpus)
    return make_app(seed_engine.index_dir, seed_engine, ask=lambda question, engine, history: results[question],
                    save_dir=tmp_path)


async def steady_cursor(pilot: Pilot[None]) -> None:
    """A blinking cursor would make the picture depend on when it is taken."""
    pilot.app.query_one(QuestionInput).cursor_blink = False
    await pilot.pause()


def asking(question: str, *keys: str, theme: str | None = None) -> Callable[[Pilot[None]], object]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, ChatApp)
        await steady_cursor(pilot)
        if theme:
            app.theme = theme
        await pilot.press(*question, "enter")
        for _ in range(500):
            if app.results():
                break
            await pilot.pause(0.02)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_empty_chat(snap_compare: Callable[..., bool], chat: ChatApp) -> None:
    assert snap_compare(chat, terminal_size=(80, 24), run_before=steady_cursor)


def test_answered_question_wide(snap_compare: Callable[..., bool], chat: ChatApp) -> None:
    assert snap_compare(chat, terminal_size=(110, 36), run_before=asking(KIM))


def test_answered_question_card_selected(snap_compare: Callable[..., bool], chat: ChatApp) -> None:
    assert snap_compare(chat, terminal_size=(80, 24), run_before=asking(KIM, "ctrl+down"))


def test_source_viewer(snap_compare: Callable[..., bool], chat: ChatApp) -> None:
    assert snap_compare(chat, terminal_size=(80, 24), run_before=asking(KIM, "ctrl+o"))


def test_no_answer_light_theme(snap_compare: Callable[..., bool], chat: ChatApp) -> None:
    assert snap_compare(chat, terminal_size=(80, 24), run_before=asking(FRANCE, theme="textual-light"))
