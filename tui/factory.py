"""The one place that builds the chat app: used by `qa chat`, `python -m tui`, the tests and the bench."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.app import AskFunction, ChatApp

if TYPE_CHECKING:
    from qa.ask import Engine


def make_app(index_dir: Path, engine: Engine | None = None, *, ask: AskFunction | None = None,
             save_dir: Path | None = None) -> ChatApp:
    """A chat over `index_dir`; pass a loaded `engine` to skip loading, `ask` to replace retrieval.ask."""
    return ChatApp(index_dir, engine=engine, ask=ask, save_dir=save_dir or Path.cwd())


def run_chat(index_dir: Path) -> int:
    """Open the chat on `index_dir`; what `qa chat` and `python -m tui` call."""
    app = make_app(index_dir)
    app.run()
    return app.return_code or 0
