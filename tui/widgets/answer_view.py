"""The answer sentence, highlighted, its answer phrase highlighted inside it, with its citation and (discreetly)
the time it took."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from qa.render import no_answer, told_date
from qa.types import Result

PHRASE_HIGHLIGHT = "bold reverse"


def answer_content(result: Result, seconds_text: str) -> Content:
    timing = (f"  {seconds_text}", "$text-muted 60%")
    if result.answer is None:
        return Content.assemble((no_answer(result), "$text-warning"), timing)
    a = result.answer
    told = told_date(result)
    sentence = Content.styled(a.text, "bold $text-accent")
    if a.phrase_in_sentence is not None:
        sentence = sentence.stylize(PHRASE_HIGHLIGHT, *a.phrase_in_sentence)
    return Content.assemble(
        sentence,
        "\n",
        (f"{a.source}:{a.line}" + (f"  {a.date}" if a.date else ""), "$text-muted"),
        (f"  · {told}" if told else "", "$text-accent"),
        timing,
    )


class AnswerView(Static):
    """The first thing under a question: the answer, or a plain statement that nothing answers it."""

    def __init__(self, result: Result, seconds_text: str) -> None:
        super().__init__(answer_content(result, seconds_text), classes="answer")
        self.set_class(result.answer is None, "-none")
