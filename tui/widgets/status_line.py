"""What the app is doing with the index: loading, building (with a progress bar), ready or failed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from qa.text.display import displayable


class StatusLine(Horizontal):
    """A one-line status with a progress bar that shows only while the index is being built."""

    def compose(self) -> ComposeResult:
        yield Static(id="status-text")
        yield ProgressBar(total=None, show_eta=False, id="status-progress")

    def show(self, text: str, *, busy: bool = False, error: bool = False) -> None:
        self.query_one("#status-text", Static).update(Content(displayable(text)))
        self.set_class(busy, "-busy")
        self.set_class(error, "-error")
        if not busy:
            self.query_one(ProgressBar).update(total=None, progress=0)

    def progress(self, done: int, total: int) -> None:
        self.add_class("-busy")
        self.query_one(ProgressBar).update(total=total or None, progress=done)
