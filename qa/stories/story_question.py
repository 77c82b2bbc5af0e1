"""Read a question about a story across time: what it asks (a count, the first or last time, the latest figure)
and the plain question the reader answers in each article ("How many times did Sosnoff extend his offer?" is
"When did Sosnoff extend his offer?" asked of every article that tells of it).

Only grammar is named here (question words, auxiliaries, time words), never the events themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("count", "first", "last", "latest")
_AUX = r"(?:did|does|do|has|have|had|was|were|is|are|will|would|could|can)"
_COUNT_TIMES = re.compile(rf"^\s*how (?:many times|often)\s+(?P<aux>{_AUX})\s+(?P<rest>.+)$", re.IGNORECASE)
_FIRST = re.compile(r"\b(?:first|earliest|initially|originally|begin|began|begun|start|started)\b", re.IGNORECASE)
_LAST = re.compile(r"\b(?:last|finally|most recently)\b", re.IGNORECASE)
_LATEST = re.compile(r"\b(?:latest|most recent|currently|now|so far|to date|newest)\b", re.IGNORECASE)
_FIRST_OF_SEVERAL = re.compile(r"\bfirst\b(?!\s+\w)", re.IGNORECASE)  # "which offer was launched first?"
_OF_TIMES = re.compile(r"\bfor the (?:first|last|latest) time\b", re.IGNORECASE)
_WHEN = re.compile(r"^\s*(?:when|on what (?:day|date)|what (?:day|date))\b|\bon what (?:day|date)\b", re.IGNORECASE)
_TIME_WORDS = re.compile(r"\s*\((?:the )?latest(?: figure)?\)|,?\s*\bfor the (?:first|last|latest) time\b"
                         r"|,?\s*\b(?:(?:according to|in|as of) the "
                         r"(?:latest|most recent) \w+|latest|most recent|newest|currently|now|so far|to date|first"
                         r"|finally|last)\b", re.IGNORECASE)


@dataclass(frozen=True)
class StoryQuestion:
    """`kind` is one of KINDS; `plain` is the question without its time words. ("How many <things> ..." asks for
    a quantity an article states, not a story: the plain answer answers it.)"""

    kind: str
    plain: str
    of_times: bool = False  # "When did X extend its offer for the last time?": the last of the times a count counts


def read_story_question(question: str) -> StoryQuestion | None:
    """The story question `question` asks, or None for a question about one fact."""
    q = question.strip()
    if match := _COUNT_TIMES.match(q):
        return StoryQuestion("count", f"When {match.group('aux').lower()} {match.group('rest')}")
    asks_when = bool(_WHEN.search(q))
    of_times = bool(_OF_TIMES.search(q))
    if asks_when and _FIRST.search(q):
        return StoryQuestion("first", _plain(q), of_times)
    if asks_when and (_LAST.search(q) or _LATEST.search(q)):
        return StoryQuestion("last", _plain(q), of_times)
    if _LATEST.search(q) and not asks_when:
        return StoryQuestion("latest", _plain(q))
    if _FIRST_OF_SEVERAL.search(q) and re.search(r"\bwhich\b", q, re.IGNORECASE):
        return StoryQuestion("first", _plain(q))
    return None


def asks_when(question: str) -> bool:
    """Whether the question asks for a date ("When did ...", "On what day ...")."""
    return bool(_WHEN.search(question))


def _plain(question: str) -> str:
    text = _TIME_WORDS.sub("", question)
    return re.sub(r"\s+([?,.])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
