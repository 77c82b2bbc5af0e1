"""Select the article text worth indexing: spans of the original text, never a rewrite of it.

Web-page leftovers are dropped line by line: share and icon lists, paywall and comment-form prompts,
trailers such as "Related Articles", lines repeated within an article (found with rapidfuzz) and short
lines that recur across articles (navigation and bylines of the outlet).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from qa.types import Span

_BOILERPLATE_LINE = re.compile(  # a whole line that is a page control
    "|".join(
        [
            r"^(share|tweet|print|e-?mail|save)( (this|article|story))?[.:!]?$",
            r"^follow\b.{0,60}\bon (twitter|facebook|instagram|x|linkedin)\b",
            r"^(no comments( yet)?\.?|add your comments?.*|your comment|user name( required)?|post a comment.*)$",
            r"^leave a (comment|reply)\b",
            r"^adjust font size",
            r"^advertisement$",
        ]
    ),
    re.IGNORECASE,
)
_BOILERPLATE_PHRASE = re.compile(  # phrases of page furniture: boilerplate only in a line as short as a prompt
    "|".join(
        [
            r"\bprint\s*e-?mail\b",
            r"\bbookmark and share\b",
            r"\bcomment\(s\)",
            r"\benter the words you see\b",
            r"\bracist, abusive\b",
            r"\b(free articles?|last free article|unlimited access|trial period|see all offers)\b",
            r"\b(already a subscriber|subscribe now|subscribe to|subscription to|need a subscription)\b",
            r"\bsign up (for|to) (our|the) newsletter\b",
            r"\bapp download\b|\bdownload (our|the) app\b",
            r"\breflect the views of (their|the|its) authors?\b",
            r"\bcreated with sketch\b",
            r"\bicon ?(facebook|twitter|linkedin|mail|print|whatsapp)\b",
            r"\{\{[^}]*\}\}",
        ]
    ),
    re.IGNORECASE,
)
PROMPT_WORDS = 40  # a paywall or comment prompt is a sentence or two; an article paragraph is longer

_TRAILER = re.compile(
    r"^(related (articles?|stories|content|coverage)|you may also like|sponsored content|recommended( for you)?"
    r"|more (stories|from)\b|most (read|popular)|go to forum|add your comments?|comments)\b",
    re.IGNORECASE,
)

_GLUED_WORDS = re.compile(r"[a-z][A-Z][a-z]")
_SENTENCE_END = re.compile(r"[.!?\"'”’)](\[\w{1,4}\])*\s*$")  # a footnote marker may follow: "... end.[b]"
_WORD = re.compile(r"\w+")

REPEAT_SIMILARITY = 92
SHORT_LINE_WORDS = 12
TRAILER_MIN_LINES_BEFORE = 3
FUZZY_MAX_CHARS = 300


@dataclass(frozen=True)
class Line:
    """One line of a file: its offsets exclude the line break."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", text):
        body = match.group(0).rstrip("\r\n")
        if match.start() == len(text) and not body:
            break
        lines.append(Line(match.start(), match.start() + len(body), body))
    return lines


def normalize(line: str) -> str:
    return utils.default_process(line)


def _bare(line: str) -> str:
    return line.strip().lstrip("•*·-–—> \u00a0").strip()


def is_boilerplate(line: str) -> bool:
    """A page control ("Share", "Leave a comment"), a short line of page furniture (a paywall prompt), or a line
    of words glued together (navigation) that does not end a sentence."""
    stripped = _bare(line)
    if _BOILERPLATE_LINE.search(stripped):
        return True
    if _BOILERPLATE_PHRASE.search(stripped) and len(_WORD.findall(stripped)) <= PROMPT_WORDS:
        return True
    glued = len(_GLUED_WORDS.findall(stripped))
    return glued >= 2 and not _SENTENCE_END.search(stripped)


def is_trailer(line: str) -> bool:
    stripped = _bare(line)
    return bool(_TRAILER.match(stripped)) and len(_WORD.findall(stripped)) <= 8


def is_short(line: str) -> bool:
    return len(_WORD.findall(line)) <= SHORT_LINE_WORDS


def common_short_lines(texts: Iterable[str], min_documents: int = 2) -> frozenset[str]:
    """Normalized short lines that occur in at least `min_documents` different articles."""
    counts: Counter[str] = Counter()
    for text in texts:
        seen = {normalize(line.text) for line in split_lines(text) if line.text.strip() and is_short(line.text)}
        counts.update(seen - {""})
    return frozenset(line for line, n in counts.items() if n >= min_documents)


class _Seen:
    """The kept lines so far, to drop repeats: exactly, or nearly for short lines."""

    def __init__(self, common_lines: frozenset[str]) -> None:
        self.common_lines = common_lines
        self.exact: set[str] = set()
        self.fuzzy: list[str] = []

    def drops(self, line: str, key: str) -> bool:
        if is_boilerplate(line) or key in self.common_lines:
            return True
        return bool(key) and (key in self.exact or _near_duplicate(key, self.fuzzy))

    def keep(self, key: str) -> None:
        if key:
            self.exact.add(key)
            if len(key) <= FUZZY_MAX_CHARS:
                self.fuzzy.append(key)


def kept_segments(text: str, common_lines: frozenset[str] = frozenset()) -> list[Span]:
    """Maximal spans of kept text; a dropped line always ends a segment, blank lines do not."""
    segments: list[Span] = []
    seen = _Seen(common_lines)
    kept_count = 0
    start: int | None = None
    end = 0
    for line in split_lines(text):
        if not line.text.strip():
            continue
        key = normalize(line.text)
        if kept_count >= TRAILER_MIN_LINES_BEFORE and is_trailer(line.text):
            break
        if seen.drops(line.text, key):
            if start is not None:
                segments.append(Span(start, end))
                start = None
            continue
        seen.keep(key)
        kept_count += 1
        if start is None:
            start = line.start + (len(line.text) - len(line.text.lstrip()))
        end = line.start + len(line.text.rstrip())
    if start is not None:
        segments.append(Span(start, end))
    return segments


def _near_duplicate(key: str, previous: list[str]) -> bool:
    if len(key) > FUZZY_MAX_CHARS or not previous:
        return False
    return process.extractOne(key, previous, scorer=fuzz.ratio, score_cutoff=REPEAT_SIMILARITY) is not None
