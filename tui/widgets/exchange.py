"""One question and what came back for it: the answer, then the passage cards, then the articles most about it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Static

from qa.render import ARTICLES, CLOSEST_ARTICLES
from qa.text.display import displayable, displayable_record
from qa.types import Result
from tui.widgets.answer_view import AnswerView
from tui.widgets.passage_card import PassageCard
from tui.widgets.timeline_view import TimelineView, conflict_content, timeline_content


class Exchange(Vertical):
    """Shows the question at once and 'Searching…' until the result arrives.

    `result` is what is shown, saved and copied: the result with every control character made displayable (an
    article may hold terminal escape sequences); `raw` is the result as the engine gave it, for opening files."""

    def __init__(self, number: int, question: str) -> None:
        super().__init__(id=f"exchange-{number}", classes="exchange")
        self.number = number
        self.question = question
        self.result: Result | None = None
        self.raw: Result | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("› ", "bold $text-primary"), (displayable(self.question), "bold")),
                     classes="question")
        yield Static(Content("Searching…"), classes="pending")

    def show_result(self, raw: Result, seconds_text: str) -> AwaitMount:
        self.raw = raw
        self.result = result = displayable_record(raw)
        self.query(".pending").remove()
        cards = [PassageCard(p, result.answer, self.number, opens=r) for p, r in zip(result.passages, raw.passages,
                                                                                       strict=True)]
        extra = []
        if result.timeline is not None:
            extra.append(TimelineView(timeline_content(result.timeline)))
        elif result.conflict is not None:
            extra.append(TimelineView(conflict_content(result.conflict)))
        after = [Static(articles_content(result), classes="articles")] if result.articles else []
        before = [Static(understood_content(result), classes="understood")] if result.understood_as else []
        return self.mount(*before, AnswerView(result, seconds_text), *extra, *cards, *after)

    def set_pending(self, text: str) -> None:
        self.query_one(".pending", Static).update(Content(displayable(text)))

    def show_error(self, message: str) -> None:
        self.query_one(".pending", Static).update(Content.assemble(("Could not answer: ", "bold"),
                                                                   displayable(message)))
        self.add_class("-error")


def understood_content(result: Result) -> Content:
    """How a follow-up was read: the question as understood and what it was about (Ctrl+N starts a new topic)."""
    about = f"  about: {' · '.join(result.carried)}" if result.carried else ""
    return Content.assemble(("Understood as: ", "$text-muted"), (result.understood_as or "", "italic"),
                            (about, "$text-muted"), ("  (Ctrl+N: new topic)", "$text-muted 60%"))


SHOWN_ARTICLES = 3


def articles_content(result: Result) -> Content:
    """One muted line: the first few articles of the article ranking, by file name."""
    names = ", ".join(a.source.replace("\\", "/").rsplit("/", 1)[-1] for a in result.articles[:SHOWN_ARTICLES])
    label = ARTICLES if result.answer else CLOSEST_ARTICLES
    return Content.assemble((f"{label} {names}", "$text-muted"))
