"""Notice when articles give different numbers for the same thing, and prefer the most recent article.

For "how many <noun> ..." questions: every sentence of the candidate passages that puts a number before the noun
and shares most of the question's other content words is a statement; one per article, the best-ranked.
"""

from __future__ import annotations

import re
from datetime import timedelta

from qa.stories.archive import Archive
from qa.stories.records import Conflict, Statement
from qa.text.datelines import without_datelines
from qa.text.iso_dates import parse_iso
from qa.text.sentences import split_sentences
from qa.text.terms import content_stems, stem
from qa.text.vocabulary import CALENDAR_WORDS, CARDINAL_WORDS, LARGE_NUMBER_WORDS, STOPWORDS, either
from qa.types import Answer, Chunk, Citation

_QUANTITY = re.compile(r"\bhow (?:many|much) (?P<noun>[a-z]+)", re.IGNORECASE)
_NUMBER = (rf"(?P<n>\d[\d,.]*(?:\s+(?:{either(reversed(LARGE_NUMBER_WORDS))}))?|{either(CARDINAL_WORDS)}"
           r"|dozens?|hundreds|thousands)")
MIN_SHARED = 0.5
ROUNDING = 0.05
SAME_TIME = timedelta(days=7)
_NAME = re.compile(r"\b[A-Z][\w-]*")


def quantity_noun(question: str) -> str | None:
    """The counted noun of a "how many/much <noun>" question, or None."""
    match = _QUANTITY.search(question)
    return match.group("noun").lower() if match else None


def find_conflict(question: str, hits: list[tuple[Chunk, float]], archive: Archive, answer: Answer) -> Conflict | None:
    """Different numbers for the question's noun in the answer's article and others of the same story (a sentence
    naming something the answer sentence names: "11 people died in clashes" in Kaduna is not contradicted by "14
    people were injured in clashes" in Quito), or None when they agree or the answer states no number for it."""
    noun = quantity_noun(question)
    if noun is None:
        return None
    wanted = content_stems(question) - {stem(noun), "many", "much"}
    singular = re.escape(noun[:-1] if noun.endswith("s") else noun)
    pattern = re.compile(rf"\b{_NUMBER}\s+(?P<unit>(?:[\w-]+\s+){{0,2}}?){singular}\w*\b", re.IGNORECASE)
    stated = pattern.search(without_datelines(answer.text))
    names = _names(answer.text)
    if stated is None or not names:
        return None
    by_article: dict[str, tuple[Statement, str]] = {answer.source: _statement(stated, answer.citation)}
    for chunk, _ in hits:
        shown = archive.display(chunk.source)
        if shown in by_article:
            continue
        for span in split_sentences(chunk.text):
            text = chunk.text[span.start:span.end]
            match = pattern.search(without_datelines(text))
            if not match or not names & _names(text) or (
                    wanted and len(wanted & content_stems(text)) / len(wanted) < MIN_SHARED):
                continue
            citation = chunk.cite(chunk.start + span.start, chunk.start + span.end, shown,
                                  archive.dates.get(chunk.source))
            by_article[shown] = _statement(match, citation)
            break
    found = sorted(by_article.values(), key=lambda s: (s[0].citation.date or "", s[0].citation.source), reverse=True)
    if not found:
        return None
    preferred, unit = found[0]  # "5 pct of copper" does not measure what "100,000 tonnes of copper" does
    statements = [s for s, measure in found if measure == unit and _same_time(s, preferred)]
    if all(_same_figure(s.value, preferred.value) for s in statements):
        return None
    others = "; ".join(f"{s.value} in {s.citation.source} ({s.citation.date or 'undated'})" for s in statements[1:])
    note = (f"Sources disagree: {preferred.value} in {preferred.citation.source} "
            f"({preferred.citation.date or 'undated'}, the most recent, preferred); {others}.")
    return Conflict(tuple(statements), preferred, note)


def _statement(match: re.Match[str], citation: Citation) -> tuple[Statement, str]:
    """A stated figure and its measure (the words between the number and the noun)."""
    return Statement(match.group("n").lower().replace(",", ""), citation), " ".join(match.group("unit").lower().split())


def _names(sentence: str) -> set[str]:
    """The capitalised words of a sentence past its dateline, but calendar, number and function words."""
    words = {word.lower() for word in _NAME.findall(without_datelines(sentence))}
    return words - CALENDAR_WORDS - STOPWORDS - set(CARDINAL_WORDS)


def _same_figure(a: str, b: str) -> bool:
    """Whether two stated figures agree: the same words, or numbers within ROUNDING of each other ("more than 500
    points" and "508 points")."""
    try:
        x, y = float(a.split()[0]), float(b.split()[0])
    except ValueError:
        return a == b
    if a.split()[1:] != b.split()[1:]:
        return False
    return abs(x - y) <= ROUNDING * max(abs(x), abs(y))


def _same_time(statement: Statement, latest: Statement) -> bool:
    """Whether a statement was made close enough to the latest to disagree with it (figures of other times tell of
    other times, not of a disagreement)."""
    when, then = parse_iso(statement.citation.date), parse_iso(latest.citation.date)
    return when is None or then is None or then - when <= SAME_TIME
