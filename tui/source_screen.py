"""The whole article, read-only, with the cited span selected and scrolled into view; Escape goes back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea
from textual.widgets.text_area import Selection

from qa.text.display import displayable
from tui.locations import location_of


class SourceScreen(Screen[None]):
    """Shows `text` (the article as read from disk, made displayable character for character, so the offsets still
    hold) with [start, end) selected."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to the chat", id="close_source"),
    ]

    def __init__(self, source: str, text: str, start: int, end: int, line: int) -> None:
        super().__init__(classes="source-screen")
        self.source = displayable(source)
        self.text = displayable(text)
        self.span = (start, end)
        self.line = line

    def compose(self) -> ComposeResult:
        start, end = self.span
        yield Static(Content.assemble(
            (self.source, "bold"),
            (f"  line {self.line} · characters {start}–{end}", "$text-muted"),
        ), id="source-title")
        yield TextArea(self.text, read_only=True, show_cursor=False, show_line_numbers=True, soft_wrap=True,
                       id="source-text")
        yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        start, end = self.span
        area.selection = Selection(location_of(self.text, start), location_of(self.text, end))
        area.focus()
        self.call_after_refresh(self._scroll_to_span)

    def _scroll_to_span(self) -> None:
        area = self.query_one(TextArea)
        _, y = area.wrapped_document.location_to_offset(area.selection.start)
        area.scroll_to(y=max(0, y - area.scrollable_content_region.height // 4), animate=False)

    def action_close(self) -> None:
        self.dismiss()
