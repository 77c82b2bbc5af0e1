"""The frozen records of a timeline answer: events with dates and citations, and the claims articles made."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from qa.types import Citation, Phrase

__all__ = ["Citation", "Claim", "Conflict", "Statement", "Timeline", "TimelineEvent"]


@dataclass(frozen=True)
class TimelineEvent:
    """One event merged from the mentions of several articles; `when` is a label such as 2018-03-25..28 or 2018-05."""

    number: int
    when: str
    place: str | None
    ordinals: tuple[str, ...]
    mentions: tuple[Citation, ...]


@dataclass(frozen=True)
class Claim:
    """What one article said about the count (e.g. "fourth visit" -> 4), as of the article's date."""

    value: int
    phrase: str
    as_of: str | None
    citation: Citation
    latest: bool = False


@dataclass(frozen=True)
class Timeline:
    """The answer to a counting or timeline question: the summary, the dated events and the reconciliation."""

    kind: str  # "count", "first", "last", "list" or "latest" (the latest figure, the earlier ones as events)
    summary: str
    count: int | None
    as_of: str | None
    events: tuple[TimelineEvent, ...]
    claims: tuple[Claim, ...]
    notes: tuple[str, ...]
    lead: Citation | None = None  # the sentence that best states the answer: the latest claim, or the event's date
    lead_phrase: Phrase | None = None  # the answer phrase in it, where a reader marked one

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Statement:
    """One article's number for the thing asked about."""

    value: str
    citation: Citation


@dataclass(frozen=True)
class Conflict:
    """Articles that give different numbers for the same thing; `preferred` is the most recent article's."""

    statements: tuple[Statement, ...]
    preferred: Statement
    note: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)
