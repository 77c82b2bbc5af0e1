"""The time a story question limits itself to: "in March 1987", "in early March", "after its April plunge", "before
the March cut". Only grammar is read here (a preposition and a month, a year if one is given); the year a month
without one belongs to is the story's, given by the caller."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from qa.text.vocabulary import CARDINAL_WORDS, MONTH_NUMBERS, MONTHS, ORDINAL_WORDS, either

_PERIOD = re.compile(
    r"\b(?P<relation>in|during|after|since|before|until)\s+(?:(?:early|mid|late)[- ])?"
    r"(?:(?:the|its|his|her|their)\s+)?"
    rf"(?P<month>{'|'.join(MONTHS)})\b(?:\s+(?P<year>(?:19|20)\d\d)\b)?", re.IGNORECASE)
_TIME_UNIT = rf"(?:{either(MONTHS)}|(?:19|20)\d\d|days?|weeks?|months?|quarters?|years?|half)"
_TIME_PHRASES = re.compile(
    r"\b(?:after|before|since|until|following)\b[^,;?]*"  # a clause the event is placed against
    rf"|\b(?:in|during|over|within)\s+(?:(?:the|its|his|her|their|early|mid|late|this|last|{either(ORDINAL_WORDS)}|"
    rf"{either(CARDINAL_WORDS)}|\d+)[- ]?\s*){{0,4}}{_TIME_UNIT}\b(?:,?\s+(?:of\s+)?(?:19|20)\d\d\b)?",
    re.IGNORECASE)
_AFTER = ("after", "since")
_BEFORE = ("before", "until")


@dataclass(frozen=True)
class AskedPeriod:
    """A month the question names and how it limits the events: within it ("in"), from it on ("after"), or before
    it ("before"); `year` None when the question gives none."""

    relation: str
    month: int
    year: int | None

    def holds(self, day: date, story_year: int) -> bool:
        year = self.year or story_year
        first = date(year, self.month, 1)
        last = date(year, self.month, calendar.monthrange(year, self.month)[1])
        if self.relation == "after":
            return day >= first
        if self.relation == "before":
            return day < first
        return first <= day <= last


def asked_period(question: str) -> AskedPeriod | None:
    match = _PERIOD.search(question)
    if match is None:
        return None
    word = match.group("relation").lower()
    relation = "after" if word in _AFTER else "before" if word in _BEFORE else "in"
    month = MONTH_NUMBERS[match.group("month").lower()]
    year = int(match.group("year")) if match.group("year") else None
    return AskedPeriod(relation, month, year)


def without_time_phrases(question: str) -> str:
    """The question without the phrases that place its event in time ("in the first four months of 1987", "in
    early March", "after abandoning its takeover attempt"): what is left says what happened."""
    return _TIME_PHRASES.sub(" ", question)
