"""From the reader's start and end scores to the best answer span of a window, and its no-answer margin."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from qa.read.windows import Window
from qa.text.vocabulary import MAGNITUDE_WORDS, MEASURE_WORDS

# The longest phrase marked, in word pieces: 30 -> 12 raised phrase F1 on the tune halves (SQuAD calibrate
# 0.575 -> 0.581, Reuters tune 0.691 -> 0.698, answer sentences unchanged); 8 measured a hair higher but cuts
# amounts such as "4.5 billion dlrs in cash and securities".
MAX_ANSWER_TOKENS = 12
TOP_POSITIONS = 20
Accept = Callable[[int, int, int], bool]  # (passage, start, end) -> whether that span may be the answer


@dataclass(frozen=True)
class Span:
    """The best span of one window: characters in its passage, its score, and how far it beats "no answer"
    (the score of the [CLS] position); a margin below the calibrated threshold means the window does not answer."""

    passage: int
    start: int
    end: int
    score: float
    margin: float


def best_span(window: Window, start_scores: np.ndarray, end_scores: np.ndarray,
              accept: Accept | None = None, between: tuple[int, int] | None = None) -> Span | None:
    """The highest-scoring span of passage word pieces (end not before start, at most MAX_ANSWER_TOKENS) that
    `accept` takes, if given, and that lies within the passage characters `between`, if given."""
    n = len(window.ids)
    start_scores, end_scores = start_scores[:n], end_scores[:n]
    allowed = window.offsets[:, 0] >= 0
    if between is not None:
        allowed &= (window.offsets[:, 0] >= between[0]) & (window.offsets[:, 1] <= between[1])
    if not allowed.any():
        return None
    starts = _top(np.where(allowed, start_scores, -np.inf))
    ends = _top(np.where(allowed, end_scores, -np.inf))
    best: tuple[float, int, int] | None = None
    for s in starts:
        for e in ends:
            if s <= e < s + MAX_ANSWER_TOKENS:
                total = float(start_scores[s] + end_scores[e])
                if (best is None or total > best[0]) and (accept is None or accept(
                        window.passage, int(window.offsets[s, 0]), int(window.offsets[e, 1]))):
                    best = (total, int(s), int(e))
    if best is None:
        return None
    total, s, e = best
    null = float(start_scores[0] + end_scores[0])
    return Span(window.passage, int(window.offsets[s, 0]), int(window.offsets[e, 1]), total, total - null)


_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">", "“": "”", "‘": "’", '"': '"'}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z][A-Za-z-]*)")
_YEAR_END = re.compile(r"(?:^|\D)(?:1[89]|20)\d\d$")


def tidy_phrase(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """The reader's span `text[start:end]` as the phrase shown: cut at `limit` (its sentence's end), without a stray
    bracket or quote (`balanced`), with the measure of a number it ends in (`with_its_measure`), still within
    `limit`."""
    first, last = balanced(text, start, min(end, limit))
    return first, min(with_its_measure(text, first, last), limit)


def balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The phrase `text[start:end]` without an opening bracket or quote at its start that it does not close, nor a
    closing one at its end that it does not open: "<CYACQ Corp" of "<CYACQ Corp>" is "CYACQ Corp"."""
    first, last = start, end
    while first < last:
        phrase = text[first:last]
        if phrase[0] in _PAIRS and _unmatched(phrase, phrase[0], _PAIRS[phrase[0]]):
            first += 1
        elif phrase[-1] in _CLOSING and _unmatched(phrase, phrase[-1], _CLOSING[phrase[-1]]):
            last -= 1
        else:
            break
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return (first, last) if first < last else (start, end)


def with_its_measure(text: str, start: int, end: int) -> int:
    """The end of a phrase that ends in a number, stretched over the magnitude and the measure after it ("114" of
    "114 mln dlr" -> "114 mln dlr", "6.9" -> "6.9 pct"; not "1987" of "1987 budget"): the wire states amounts so, and
    the reader often stops at the number."""
    if start >= end or not text[end - 1].isdigit():
        return end
    at = end
    found = _NEXT_WORD.match(text, at)
    while found and found.group(1).lower().split("-")[0] in MAGNITUDE_WORDS:
        at = found.end()
        found = _NEXT_WORD.match(text, at)
    if found and found.group(1).lower() == "per" and (cent := _NEXT_WORD.match(text, found.end())) \
            and cent.group(1).lower() == "cent":
        return cent.end()
    if found and found.group(1).lower().split("-")[0] in MEASURE_WORDS and not _YEAR_END.search(text[start:end]):
        return found.end() if "-" not in found.group(1) else found.start(1) + found.group(1).index("-")
    return at


def _unmatched(phrase: str, mark: str, partner: str) -> bool:
    """Whether the phrase holds more of `mark` than of the `partner` that closes or opens it (an odd number of a
    quote mark that is its own partner)."""
    if mark == partner:
        return phrase.count(mark) % 2 == 1
    return phrase.count(mark) > phrase.count(partner)


def _top(scores: np.ndarray) -> np.ndarray:
    count = min(TOP_POSITIONS, int(np.isfinite(scores).sum()))
    return np.argsort(-scores)[:count]
