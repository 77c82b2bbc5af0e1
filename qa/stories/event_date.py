"""The day an answer sentence says its event happened: the date its answer phrase names ("on March 9",
"yesterday"), else a day the sentence names relative to its article ("on Monday", "today"), else the article's
own date (a wire story reports the day's news). A dateline's date is the article's, never an event's."""

from __future__ import annotations

import re
from datetime import date

from qa.stories.dates import DateRef, DateResolver, find_dates
from qa.text.datelines import dateline_spans, overlaps
from qa.text.vocabulary import WEEKDAYS

_PERIOD_BOUND = re.compile(r"\b(?:until|till|to|through|from|by)\s*$", re.IGNORECASE)
_RELATIVE_WORDS = ("today", "yesterday", "tomorrow", "day", *(day.lower() for day in WEEKDAYS))


def event_date(sentence: str, phrase: tuple[int, int] | None, article_date: date | None,
               resolver: DateResolver | None = None, acts: bool = False) -> DateRef | None:
    """`phrase`: the answer's (start, end) within `sentence`, if the reader marked one. `acts`: the date of an act
    is wanted, not of a period it sets ("extended the offer until April three, from March 20" was done on neither
    day)."""
    datelines = dateline_spans(sentence)
    found = [d for d in find_dates(sentence, article_date, resolver) if not overlaps(datelines, d.start, d.end)
             and not (acts and _PERIOD_BOUND.search(sentence[:d.start]))]
    if phrase is not None:
        start, end = phrase
        named = [d for d in found if d.start < end and start < d.end]
        if named:
            return named[0]  # the answer is a date: "2017", "last year", "on March 9"
    relative = [d for d in found if d.granularity == "day" and any(w in d.text.lower() for w in _RELATIVE_WORDS)]
    if relative:
        return relative[0]
    if article_date is None:
        return None
    return DateRef("", 0, 0, article_date, article_date, "day")
