"""One retrieved passage: file name, line, score and the text, with the answer sentence highlighted inside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from qa.types import Answer, Passage


def answer_span_in(passage: Passage, answer: Answer | None, phrase: bool = False) -> tuple[int, int] | None:
    """Where the answer sentence (or its phrase) lies inside the passage text, as offsets into `passage.text`."""
    if answer is None or answer.source != passage.source or (phrase and answer.phrase is None):
        return None
    first, last = (answer.phrase.start, answer.phrase.end) if phrase and answer.phrase else (answer.start, answer.end)
    start, end = max(first, passage.start), min(last, passage.end)
    if start >= end:
        return None
    return start - passage.start, end - passage.start


HIGHLIGHT = "bold $text-accent on $accent 20%"
PHRASE_HIGHLIGHT = "bold reverse"


def card_content(passage: Passage, answer: Answer | None) -> Content:
    header = Content.assemble(
        (f"{passage.rank} ", "$text-muted"),
        (PurePath(passage.source).name, "bold"),
        (f":{passage.line}", "bold"),
        (f"  score {passage.score:.3f}" + (f"  {passage.date}" if passage.date else ""), "$text-muted"),
    )
    spans = [(answer_span_in(passage, answer), HIGHLIGHT), (answer_span_in(passage, answer, phrase=True),
                                                            PHRASE_HIGHLIGHT)]
    lines: list[Content] = []
    offset = 0
    for piece in passage.text.splitlines(keepends=True):
        line = (piece.splitlines() or [""])[0]
        if line.strip():
            content = Content(line)
            for span, style in spans:
                if span is not None and span[0] < offset + len(line) and span[1] > offset:
                    content = content.stylize(style, max(span[0] - offset, 0), min(span[1] - offset, len(line)))
            lines.append(content)
        offset += len(piece)
    return Content("\n").join([header, *lines])


class PassageCard(Static, can_focus=True):
    """A focusable card; Enter or a click opens the article at this passage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open_card"),
        Binding("down,j", "app.next_card", "Next card", show=False),
        Binding("up,k", "app.previous_card", "Previous card", show=False),
        Binding("escape", "app.focus_question", "Back to the question", show=False),
    ]

    @dataclass
    class Chosen(Message):
        """The user asked to see this passage in its article."""

        passage: Passage

    def __init__(self, passage: Passage, answer: Answer | None, exchange: int, opens: Passage | None = None) -> None:
        """`passage` is shown (made displayable by the caller); `opens` is the passage as indexed (its file name
        and text exactly as on disk), the one opened."""
        super().__init__(card_content(passage, answer), classes="passage-card")
        self.passage = passage
        self.opens = opens or passage
        self.exchange = exchange

    def action_open(self) -> None:
        self.post_message(self.Chosen(self.opens))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self.opens))
