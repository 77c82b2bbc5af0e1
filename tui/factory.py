"""The one place that builds the chat app: used by `qa chat`, `python -m tui`, the tests and the bench."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui.app import AskFunction, ChatApp

if TYPE_CHECKING:
    from qa.ask import Engine


def make_app(index_dir: Path, engine: Engine | None = None, *, ask: AskFunction | None = None,
             save_dir: Path | None = None, default_corpus: bool = True) -> ChatApp:
    """A chat over `index_dir`; pass a loaded `engine` to skip loading, `ask` to replace `qa.ask.ask`.

    `default_corpus`: a missing index may be built from seeds/ (the user named no index folder)."""
    return ChatApp(index_dir, engine=engine, ask=ask, save_dir=save_dir or Path.cwd(), default_corpus=default_corpus)


def run_chat(index_dir: Path, default_corpus: bool = True) -> int:
    """Open the chat on `index_dir`; what `qa chat` and `python -m tui` call."""
    app = make_app(index_dir, default_corpus=default_corpus)
    app.run()
    return app.return_code or 0
