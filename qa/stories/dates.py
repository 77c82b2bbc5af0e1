"""Find date expressions in a sentence and resolve them against the article's date.

"in May" in a January 2019 article is May 2018; "yesterday", "on Monday", "this weekend", "last year" count back from
the article date; "March 25 to 28" is a range. Relative expressions are resolved with dateparser, imported lazily
(it costs ~0.1 s to import and ~0.2 s to load its English data), so only timeline questions pay for it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from qa.text.vocabulary import CARDINAL_WORDS, MONTH_ABBREVIATIONS, MONTH_NUMBERS, MONTHS, WEEKDAYS, either

_MONTH_NUMBER = MONTH_NUMBERS
_ABBREVIATED = either(("Sept?" if a == "Sep" else a) + r"\.?" for a in MONTH_ABBREVIATIONS if a != "Sept")
_MONTH_NAME = rf"(?:{either(MONTHS)}|{_ABBREVIATED})(?![\w-])"
_M = rf"(?<![\w-]){_MONTH_NAME}"
_M_AFTER_QUALIFIER = rf"(?:(?<![\w-])|(?<=\bmid-)|(?<=\bend-)|(?<=\blate-)|(?<=\bearly-)){_MONTH_NAME}"  # "mid-March"
_WEEKDAY = rf"(?<![\w-])(?:{either(WEEKDAYS)})(?![\w-])"
_D = r"\d{1,2}(?:st|nd|rd|th)?"
_Y = r"(?:19|20)\d\d"
_NUM = rf"(?:a|an|{either(CARDINAL_WORDS[:10])}|\d+)"
_DAY_WORD = rf"(?i:{either(CARDINAL_WORDS[:9])})(?![\w-])"  # wire style spells days below ten: "April three"

_PATTERN_SOURCE = (
    "|".join([
        rf"(?P<range>(?P<r_m1>{_M})\s+(?P<r_d1>{_D})\s*(?:-|–|to|until|through|and)\s*(?:(?P<r_m2>{_M})\s+)?"
        rf"(?P<r_d2>{_D})(?!\d)(?:,?\s+(?P<r_y>{_Y}))?)",
        rf"(?P<mdy>(?P<a_m>{_M})\s+(?P<a_d>{_D}),?\s+(?P<a_y>{_Y}))",
        rf"(?P<dmy>(?P<b_d>{_D})\s+(?P<b_m>{_M}),?\s+(?P<b_y>{_Y}))",
        rf"(?P<my>(?P<c_m>{_M}),?\s+(?P<c_y>{_Y}))",
        rf"(?P<md>(?P<e_m>{_M})\s+(?P<e_d>\d{{1,2}}(?:st|nd|rd|th)?(?![\d,]*\d{{4}})|{_DAY_WORD}))",
        rf"(?P<dm>(?P<f_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<f_m>{_M}))",
        rf"(?P<month>(?:(?P<g_q>early|late|mid|end|last|next|this)[\s-]+)?(?P<g_m>{_M_AFTER_QUALIFIER})"
        rf"(?:\s+(?P<g_rel>last|past|this|next)\s+year)?)",
        rf"(?P<weekday>(?:(?P<h_q>last|next|this)\s+)?{_WEEKDAY})",
        r"(?P<weekend>(?<![\w-])(?i:(?P<w_q>last|past|this|next|the)\s+weekend)(?![\w-]))",
        rf"(?P<relative>(?<![\w-])(?i:yesterday|today|tomorrow|(?:last|next|this|past)\s+(?:week|month|year)"
        rf"|earlier\s+this\s+(?:week|month|year)|{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago)(?![\w-]))",
        rf"(?P<year>(?<![\d-]){_Y}(?![\d-]))",
    ])
)
_CASE_SENSITIVE_START = re.compile(r"[A-Z0-9]")
_FUTURE_CUE = re.compile(r"\b(will|would|shall|expected|plans?|planned|scheduled|slated|upcoming|next|to be held"
                         r"|until|expires?|effective|takes? effect|deadline|due)\b", re.IGNORECASE)
_PAST_PERSPECTIVE = re.compile(r"\b(?:was|were|had)(?:\s+been)?(?:\s+(?:originally|previously|initially|first))?\s*$",
                               re.IGNORECASE)
AHEAD_WITHOUT_CUE = 45  # days: a date this close ahead of the article is taken as ahead even without a cue
# days: a day named without its year is ahead of the article only this far, even after a cue ("effective October 16"
# in an October 17 article is the day before; in 3,000 archive articles nearly every cued day further ahead was past)
AHEAD_AT_MOST = 240


@dataclass(frozen=True)
class DateRef:
    """A date expression found in a text, resolved to an inclusive range of days and its granularity."""

    text: str
    start: int
    end: int
    first: date
    last: date
    granularity: str  # "day", "month" or "year"

    def label(self) -> str:
        return format_range(self.first, self.last, self.granularity)


def format_range(first: date, last: date, granularity: str) -> str:
    """ISO-ish label: 2018-03-25, 2018-03-25..28, 2018-05, 2018."""
    if granularity == "year":
        return str(first.year)
    if granularity == "month":
        return first.strftime("%Y-%m") if (first.year, first.month) == (last.year, last.month) else \
            f"{first:%Y-%m}..{last:%Y-%m}"
    if first == last:
        return first.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.isoformat()}..{last.day:02d}"
    return f"{first.isoformat()}..{last.isoformat()}"


def find_dates(text: str, base: date | None, resolver: DateResolver | None = None) -> list[DateRef]:
    """Date expressions in `text`, resolved against `base` (the article date); unresolvable ones are left out.

    Relative phrases are resolved by `resolver` (a new one, with no resolutions known, when not given).
    """
    resolver = resolver or DateResolver()
    found = []
    for match in _pattern().finditer(text):
        kind = match.lastgroup if match.lastgroup in _KINDS else next(k for k in _KINDS if match.group(k))
        if not _CASE_SENSITIVE_START.match(match.group(0)) and kind not in ("relative", "weekday", "weekend", "month"):
            continue
        if kind == "month" and not match.group("g_m")[0].isupper():
            continue
        resolved = _resolve(kind, match, base, _prefers_future(text, match.start()), resolver)
        if resolved is not None:
            first, last, granularity = resolved
            found.append(DateRef(match.group(0), match.start(), match.end(), first, last, granularity))
    return found


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """Compiled on first use: the plain query path imports this module but never resolves dates."""
    return re.compile(_PATTERN_SOURCE)


_KINDS = ("range", "mdy", "dmy", "my", "md", "dm", "month", "weekday", "weekend", "relative", "year")


def _prefers_future(text: str, position: int) -> bool:
    """Whether the words before a date look ahead ("will expire April 3"); not when they look ahead from the past
    ("was scheduled to expire March 17", "had been expected in May"): that date is the nearest one either way."""
    clause = re.split(r"[.;:!?]", text[max(0, position - 60):position])[-1]
    cues = list(_FUTURE_CUE.finditer(clause))
    return bool(cues) and not _PAST_PERSPECTIVE.search(clause[:cues[0].start()])


def _month(name: str) -> int:
    return _MONTH_NUMBER[name.lower().rstrip(".")]


def _day(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group(0)) if digits else CARDINAL_WORDS.index(text.lower()) + 1


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, day: int, base: date, future: bool) -> int:
    """The year that puts month/day on or after the base date when the wording looks ahead (up to AHEAD_AT_MOST
    days) or the day is a few weeks ahead ("the offer expires April 3" on March 9), else before it ("a visit from
    March 25 to 28" in January: last year's; "effective October 16" in an October 17 article: the day before)."""
    years = [base.year - 1, base.year, base.year + 1]
    days = {year: _on(year, month, day) for year in years}
    ahead = next(year for year in years if days[year] >= base)
    gap = (days[ahead] - base).days
    if (future and gap <= AHEAD_AT_MOST) or gap <= AHEAD_WITHOUT_CUE:
        return ahead
    return max(year for year in years if days[year] < base)


def _on(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


Resolved = tuple[date, date, str] | None


def _resolve(kind: str, m: re.Match[str], base: date | None, future: bool, resolver: DateResolver) -> Resolved:
    try:
        if kind in _ABSOLUTE:
            return _ABSOLUTE[kind](m)
        if kind == "range":
            return _range(m, base, future)
        if base is None:
            return None
        return _RELATIVE[kind](m, base, future, resolver)
    except ValueError:
        return None


def _range(m: re.Match[str], base: date | None, future: bool) -> Resolved:
    g = m.group
    m1 = _month(g("r_m1"))
    m2 = _month(g("r_m2")) if g("r_m2") else m1
    d1, d2 = _day(g("r_d1")), _day(g("r_d2"))
    if g("r_y"):
        year = int(g("r_y"))
    elif base is not None:
        year = _nearest_year(m1, d1, base, future)
    else:
        return None
    first, last = date(year, m1, d1), date(year + (m2 < m1), m2, d2)
    return (first, last, "day") if last >= first else None


def _one_day(year: str, month: str, day: str) -> Resolved:
    found = date(int(year), _month(month), _day(day))
    return found, found, "day"


_ABSOLUTE: dict[str, Callable[[re.Match[str]], Resolved]] = {
    "mdy": lambda m: _one_day(m.group("a_y"), m.group("a_m"), m.group("a_d")),
    "dmy": lambda m: _one_day(m.group("b_y"), m.group("b_m"), m.group("b_d")),
    "my": lambda m: (*_month_range(int(m.group("c_y")), _month(m.group("c_m"))), "month"),
    "year": lambda m: (date(int(m.group("year")), 1, 1), date(int(m.group("year")), 12, 31), "year"),
}


def _month_day(m: re.Match[str], base: date, future: bool, resolver: DateResolver) -> Resolved:
    g = m.group
    month, day_text = (_month(g("e_m")), g("e_d")) if g("md") else (_month(g("f_m")), g("f_d"))
    day = _day(day_text)
    found = date(_nearest_year(month, day, base, future), month, day)
    return found, found, "day"


def _named_month(m: re.Match[str], base: date, future: bool, resolver: DateResolver) -> Resolved:
    g = m.group
    month = _month(g("g_m"))
    if g("g_rel") in ("last", "past"):
        return (*_month_range(base.year - 1, month), "month")
    if g("g_rel") == "this":
        return (*_month_range(base.year, month), "month")
    if g("g_rel") == "next" or g("g_q") == "next":
        return (*_month_range(base.year + (month <= base.month), month), "month")
    if g("g_q") == "this":
        return (*_month_range(base.year, month), "month")
    if month == base.month and g("g_q") != "last":
        return (*_month_range(base.year, month), "month")
    parsed = resolver.resolve(calendar.month_name[month], base, future and g("g_q") != "last")
    return (*_month_range(parsed.year, month), "month") if parsed else None


def _weekday(m: re.Match[str], base: date, future: bool, resolver: DateResolver) -> Resolved:
    named = m.group(0).split()[-1]
    if not m.group("h_q") and calendar.day_name[base.weekday()] == named:
        return base, base, "day"  # "on Wednesday" in a Wednesday article: that day
    parsed = resolver.resolve(m.group(0), base, future or m.group("h_q") == "next")
    return (parsed, parsed, "day") if parsed else None


def _weekend(m: re.Match[str], base: date, future: bool, resolver: DateResolver) -> Resolved:
    """Saturday and Sunday: "last weekend" the one before the article's day, "next weekend" the one after it; "this"
    or "the weekend" the one the article's day is in, else, on a weekday, the one ahead when the words look ahead
    ("will meet this weekend") and the one just past when not ("agreed this weekend", in a Monday article)."""
    qualifier = m.group("w_q").lower()
    on_weekend = base.weekday() >= 5
    own = base - timedelta(days=base.weekday() - 5)  # the Saturday of the article's week
    previous = own - timedelta(days=7)
    coming = own + timedelta(days=7) if on_weekend else own
    if qualifier in ("last", "past"):
        saturday = previous
    elif qualifier == "next":
        saturday = coming
    elif on_weekend:
        saturday = own
    else:
        saturday = coming if future else previous
    return saturday, saturday + timedelta(days=1), "day"


def _relative(m: re.Match[str], base: date, future: bool, resolver: DateResolver) -> Resolved:
    phrase = " ".join(m.group(0).lower().split()).replace("earlier this", "this").replace("past ", "last ")
    parsed = resolver.resolve(phrase, base, future)
    if parsed is None:
        return None
    if phrase.endswith("year"):
        return date(parsed.year, 1, 1), date(parsed.year, 12, 31), "year"
    if phrase.endswith("month") or phrase.endswith("months ago"):
        return (*_month_range(parsed.year, parsed.month), "month")
    if phrase.endswith("week") or "weeks ago" in phrase:
        monday = parsed - timedelta(days=parsed.weekday())
        return monday, monday + timedelta(days=6), "day"
    return parsed, parsed, "day"


_RELATIVE: dict[str, Callable[[re.Match[str], date, bool, DateResolver], Resolved]] = {
    "md": _month_day, "dm": _month_day, "month": _named_month, "weekday": _weekday, "weekend": _weekend,
    "relative": _relative,
}


class DateResolver:
    """Relative date phrases resolved against article dates: (phrase, article date, prefer future) -> ISO date.

    Filled by dateparser, or from an index, which stores every resolution its articles need, so that questions
    need not import dateparser. An engine holds one; a build makes its own.
    """

    def __init__(self, rows: list[list[Any]] | None = None) -> None:
        self.known: dict[tuple[str, str, bool], str | None] = {}
        if rows:
            self.remember(rows)

    def resolve(self, phrase: str, base: date, future: bool) -> date | None:
        """Resolve a phrase with dateparser relative to the article date, preferring the past unless told."""
        key = (phrase, base.isoformat(), future)
        if key not in self.known:
            parsed = _parser(base, future).get_date_data(phrase).date_obj
            self.known[key] = parsed.date().isoformat() if parsed is not None else None
        value = self.known[key]
        return date.fromisoformat(value) if value else None

    def resolved(self, bases: set[str]) -> list[list[Any]]:
        """The resolutions made so far against these article dates, as JSON-ready rows."""
        return [[phrase, base, future, value] for (phrase, base, future), value in self.known.items() if base in bases]

    def remember(self, rows: list[list[Any]]) -> None:
        """Take resolutions stored in an index."""
        for phrase, base, future, value in rows:
            self.known.setdefault((str(phrase), str(base), bool(future)), None if value is None else str(value))

    def resolve_all(self, texts: list[str], base: date | None) -> None:
        """Resolve every date expression of these texts against `base` (filling the resolutions to store)."""
        if base is not None:
            for text in texts:
                find_dates(text, base, self)


@lru_cache(maxsize=256)
def _parser(base: date, future: bool) -> Any:
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM":
                "future" if future else "past", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=["en"], settings=settings)
