"""The unit a figure is stated in: "28 dlrs a share" -> "dlr", "4.1 mln Caesars World shares" -> "share", "145" in
"... just under 145 yen." -> "yen"; what tells a story's figures of one measure from those of another."""

from __future__ import annotations

import re

from qa.text.vocabulary import MAGNITUDE_WORDS, STOPWORDS

_NUMBER = re.compile(r"\d[\d,.½¼¾/-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MAGNITUDES = frozenset((*MAGNITUDE_WORDS, "billion-dlr", "mln-dlr"))
_LOOK_AHEAD = 4  # words after the number: "4.1 mln Caesars World shares"


def unit_of(sentence: str, start: int, end: int) -> str | None:
    """The unit of the figure at sentence[start:end] (its last number): the first word after it that is neither a
    magnitude ("mln") nor a name, singular and lower-cased; None when a function word ("a", "to") or nothing comes
    first, or the phrase holds no number."""
    numbers = list(_NUMBER.finditer(sentence, start, end))
    if not numbers:
        return None
    for word in _WORD.findall(sentence[numbers[-1].end():])[:_LOOK_AHEAD]:
        lowered = word.lower()
        if lowered in _MAGNITUDES or (word[0].isupper() and lowered not in STOPWORDS):
            continue
        if lowered in STOPWORDS:
            return None
        return lowered[:-1] if lowered.endswith("s") and not lowered.endswith("ss") else lowered
    return None
