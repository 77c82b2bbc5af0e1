"""Helpers for driving the chat in tests: a tiny index embedded with the fake encoder, and asking as a user does."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from qa.ask import Engine
from qa.index import store
from qa.index.build import BuildOptions, update_index
from tests.fakes import FakeEncoder
from tui.app import ChatApp
from tui.widgets.exchange import Exchange
from tui.widgets.question_input import QuestionInput


def fake_engine(folder: Path, index_dir: Path) -> Engine:
    """The articles of `folder` indexed into `index_dir` with the fake encoder, opened with the same encoder."""
    encoder = FakeEncoder()
    update_index([folder], index_dir, BuildOptions(encoder_factory=lambda n: encoder))
    return Engine(index_dir, store.load(index_dir), encoder)


async def ask(pilot: Pilot[None], question: str) -> None:
    """Type the question, press Enter and wait for its answer (or its error)."""
    app = pilot.app
    assert isinstance(app, ChatApp)
    before = len(app.results())
    await pilot.click(QuestionInput)
    app.query_one(QuestionInput).value = question
    await pilot.press("enter")
    for _ in range(400):
        if len(app.results()) > before or app.query(Exchange).last().has_class("-error"):
            break
        await pilot.pause(0.02)
    await pilot.pause()
