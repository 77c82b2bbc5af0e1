"""Plain-text rendering of results and a minimal progress bar for the terminal."""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
from typing import TextIO

from qa.stories.records import Citation, Timeline
from qa.text.display import displayable, json_escaped
from qa.types import Answer, Result

NO_ANSWER = "Nothing in the articles answers this. The closest passages:"
NOT_MENTIONED = "Nothing in the articles answers this: no article mentions {names}. The closest passages:"
NOT_READ = "Nothing in the articles answers this: {names} is in none of the closest passages:"
ARTICLES = "Articles most about this:"
CLOSEST_ARTICLES = "The closest articles:"
PHRASE_MARKS = ("«", "»")
SHOWN_NAMES = 3  # of the names no article mentions, in the no-answer line


def format_result(result: Result, width: int | None = None) -> str:
    width = width or min(shutil.get_terminal_size((100, 24)).columns, 110)
    lines = [f"Q: {result.question}"]
    if result.understood_as:
        about = f"  (about: {' · '.join(result.carried)})" if result.carried else ""
        lines.append(_wrap(f"   understood as: {result.understood_as}{about}", width, "   "))
    if result.answer:
        a = result.answer
        lines.append(_wrap(f"A: {marked(a)}", width, "   "))
        phrase = f"  phrase [{a.phrase.start}:{a.phrase.end}]" if a.phrase else ""
        lines.append(f"   — {a.source}:{a.line}  [{a.start}:{a.end}]{phrase}" + (f"  {a.date}" if a.date else ""))
        if told := told_date(result):
            lines.append(f"   {told}")
    else:
        lines.append(no_answer(result))
    if result.conflict:
        lines.append(_wrap(result.conflict.note, width, "   ", "   "))
    if result.timeline:
        lines.append("")
        lines.extend(format_timeline(result.timeline, width))
    for p in result.passages:
        lines.append("")
        lines.append(f"[{p.rank}] {p.source}:{p.line}  score {p.score:.3f}  [{p.start}:{p.end}]"
                     + (f"  {p.date}" if p.date else ""))
        for paragraph in p.text.splitlines():
            if paragraph.strip():
                lines.append(_wrap(paragraph.strip(), width, "    ", "    "))
    if result.articles:
        lines.append("")
        lines.append(ARTICLES if result.answer else CLOSEST_ARTICLES)
        lines.extend(f"  {a.rank}. {a.source}  score {a.score:.3f}" + (f"  {a.date}" if a.date else "")
                     for a in result.articles)
    return displayable("\n".join(lines))  # safe to print on a terminal (see `qa.text.display`)


def no_answer(result: Result) -> str:
    """What is said when nothing answers: why, when the question names what no article mentions."""
    if result.unmentioned:
        return NOT_MENTIONED.format(names=_listed(result.unmentioned))
    if result.unread:
        return NOT_READ.format(names=_listed(result.unread))
    return NO_ANSWER


def _listed(names: tuple[str, ...]) -> str:
    return " or ".join(names) if len(names) <= SHOWN_NAMES else ", ".join(names[:SHOWN_NAMES]) + " or others"


def told_date(result: Result) -> str:
    """The day a when question's answer tells of, as the answer resolves it from its article's date ("this weekend"
    in a June 29 article: 1987-06-27); "" where a timeline shows its dates or there is none."""
    if result.event_date is None or result.timeline is not None or result.answer is None:
        return ""
    return f"tells of {result.event_date}"


def marked(answer: Answer) -> str:
    """The answer sentence with its answer phrase between PHRASE_MARKS."""
    if answer.phrase_in_sentence is None:
        return answer.text
    start, end = answer.phrase_in_sentence
    opening, closing = PHRASE_MARKS
    return f"{answer.text[:start]}{opening}{answer.text[start:end]}{closing}{answer.text[end:]}"


def json_line(data: object) -> str:
    """One JSON object on one line, UTF-8 as it is, every control character escaped."""
    return json_escaped(json.dumps(data, ensure_ascii=False))


def format_timeline(timeline: Timeline, width: int = 100, per_event: int = 3) -> list[str]:
    """The timeline as a compact dated list with citations, then what each article claimed, then the notes."""
    lines = [_wrap(f"Timeline: {timeline.summary}", width, "   ")]
    for event in timeline.events:
        head = f"  {event.number}. {event.when}" + (f"  {event.place}" if event.place else "")
        if event.ordinals:
            head += f"  (called the {' / '.join(event.ordinals)})"
        lines.append(head)
        for citation in event.mentions[:per_event]:
            lines.append(_cite(citation, width, "       "))
        rest = event.mentions[per_event:]
        if rest:
            files = ", ".join(dict.fromkeys(os.path.basename(c.source) for c in rest))
            lines.append(_wrap(f"and {len(rest)} more in {files}", width, "         ", "       "))
    if timeline.claims:
        lines.append("  What the articles said, as of their dates:")
        for claim in timeline.claims:
            mark = "  <- latest" if claim.latest else ""
            lines.append(_wrap(f"{claim.as_of or 'undated'}  {claim.citation.source}:{claim.citation.line} "
                               f"[{claim.citation.start}:{claim.citation.end}]  \"{claim.phrase}\" -> {claim.value}"
                               f"{mark}", width, "        ", "    "))
    for note in timeline.notes:
        lines.append(_wrap(f"  Note: {note}", width, "        "))
    return lines


def _cite(citation: Citation, width: int, indent: str) -> str:
    head = f"{citation.source}:{citation.line} [{citation.start}:{citation.end}]" + \
        (f" {citation.date}" if citation.date else "")
    quote = " ".join(citation.text.split())
    prefix = f"{indent}{head}  "
    if width - len(prefix) - 2 < 40:  # a long path: the quote goes on its own line
        prefix = f"{indent}{head}\n{indent}    "
    room = width - len(prefix.rsplit("\n", 1)[-1]) - 2  # the quote marks take two
    if len(quote) > room:
        quote = quote[:room - 1].rstrip() + "…"
    return f"{prefix}“{quote}”"


def _wrap(text: str, width: int, subsequent: str, initial: str = "") -> str:
    return textwrap.fill(text, width=width, initial_indent=initial, subsequent_indent=subsequent,
                         break_long_words=False, break_on_hyphens=False)


class ProgressBar:
    """A one-line bar on a terminal; silent otherwise."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label = label
        self.stream = stream
        self.enabled = stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        width = 30
        filled = int(width * done / total)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} chunks")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
