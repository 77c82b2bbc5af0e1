"""Wire datelines ("PARIS, Oct 19 -", "NEW YORK, March 3 (Reuters) -", "SEOUL •"): where a story's place and date open
its first paragraph. They are part of the text, never an answer."""

from __future__ import annotations

import re

from qa.text.vocabulary import MONTH_NUMBERS

_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_CAPITALS = r"[A-Z][A-Z.'&/]*(?:[ -][A-Z][A-Z.'&/]*){0,4}"  # "NEW YORK": alone, a dateline is in capitals
_PLACE = r"[A-Z][A-Za-z.'&/]*(?:[ -][A-Za-z][A-Za-z.'&/]*){0,3}"
_DAY = rf"(?i:(?:{_MONTH})\.? \d{{1,2}}|\d{{1,2}} (?:{_MONTH})\.?)"
_AGENCY = r"\([A-Za-z ]+\)"
_DATELINE = re.compile(
    rf"^[ \t]*(?:(?:{_PLACE} ?(?:, {_PLACE}){{0,2}},? {_DAY}(?: {_AGENCY})?|{_CAPITALS} {_AGENCY}) *[-–—]+"
    rf"|{_CAPITALS} *•)",  # "SEOUL •": a place in capitals and a bullet, as some papers write it
    re.MULTILINE,
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every dateline at the start of a line of `text`."""
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def inside_dateline(text: str, start: int, end: int) -> bool:
    """Whether [start, end) of `text` overlaps a dateline."""
    return overlaps(dateline_spans(text), start, end)


def overlaps(datelines: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the (start, end) datelines found in its text."""
    return any(start < d_end and d_start < end for d_start, d_end in datelines)


def without_datelines(text: str) -> str:
    """`text` with every dateline blanked out (same length, so offsets still point into `text`): what a reader of
    events, places and amounts may look at."""
    for start, end in dateline_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
