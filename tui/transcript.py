"""The transcript as Markdown, with a citation (file:line and character offsets) for every answer and passage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from qa.render import no_answer, told_date
from qa.types import Passage, Result


def citation(source: str, line: int, start: int, end: int) -> str:
    return f"`{source}:{line}` [{start}:{end}]"


def answer_with_citation(result: Result) -> str | None:
    """What the copy key puts on the clipboard: the answer phrase, its sentence and where it is from."""
    if result.answer is None:
        return None
    a = result.answer
    phrase = f"{a.phrase.text}: " if a.phrase else ""
    return f"{phrase}{a.text} ({a.source}:{a.line})"


def to_markdown(results: Iterable[Result], when: datetime) -> str:
    parts = [f"# qa chat, {when:%Y-%m-%d %H:%M}\n"]
    for result in results:
        parts.append(f"## {_one_line(result.question)}\n")
        if result.understood_as:
            about = f" (about: {' · '.join(result.carried)})" if result.carried else ""
            parts.append(f"_Understood as: {_one_line(result.understood_as)}{about}_\n")
        if result.answer is not None:
            a = result.answer
            phrase = ""
            if a.phrase is not None:
                phrase = f"Answer: **{_one_line(a.phrase.text)}** [{a.phrase.start}:{a.phrase.end}]\n\n"
            day = told_date(result)
            told = f"\n\n{day.capitalize()}." if day else ""
            parts.append(f"{phrase}**{_one_line(a.text)}**\n\n{citation(a.source, a.line, a.start, a.end)}{told}\n")
        else:
            parts.append(f"{_one_line(no_answer(result))}\n")
        parts.extend(_passage(p) for p in result.passages)
    return "\n".join(parts)


def _passage(p: Passage) -> str:
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in p.text.strip().splitlines())
    return f"{p.rank}. {citation(p.source, p.line, p.start, p.end)}, score {p.score:.3f}\n\n{quoted}\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())
