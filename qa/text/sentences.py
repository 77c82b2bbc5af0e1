"""Split text into sentences, returned as exact spans of the original string."""

from __future__ import annotations

import re

from qa.text.vocabulary import SENTENCE_ABBREVIATIONS
from qa.types import Span

_ABBREVIATIONS = SENTENCE_ABBREVIATIONS
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_PARAGRAPH = re.compile(r"[ \t\u00a0]*(?:\r\n|\r|\n)[ \t\u00a0]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9]")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def split_sentences(text: str, span: Span | None = None) -> list[Span]:
    """Sentence spans inside `span` (default: all of `text`), trimmed of surrounding white space."""
    region = span or Span(0, len(text))
    pieces: list[Span] = []
    for block in _blocks(text, region):
        pieces.extend(_split_block(text, block))
    return [s for s in (_trim(text, p) for p in pieces) if s.end > s.start]


def _blocks(text: str, region: Span) -> list[Span]:
    """Paragraphs, and lines that cannot continue the previous line's sentence."""
    blocks = []
    cursor = region.start
    for match in _PARAGRAPH.finditer(text, region.start, region.end):
        blocks.append(Span(cursor, match.start()))
        cursor = match.end()
    blocks.append(Span(cursor, region.end))
    result = []
    for block in blocks:
        cursor = block.start
        for match in _LINE_BREAK.finditer(text, block.start, block.end):
            before = text[cursor:match.start()].rstrip()
            after = text[match.end():block.end].lstrip()
            if before and after and not _continues(before, after):
                result.append(Span(cursor, match.start()))
                cursor = match.end()
        result.append(Span(cursor, block.end))
    return result


def _continues(before: str, after: str) -> bool:
    return before[-1] in ",;:-–(" or before[-1].islower() and after[0].islower()


def _split_block(text: str, block: Span) -> list[Span]:
    pieces = []
    cursor = block.start
    for match in _BOUNDARY.finditer(text, block.start, block.end):
        if not _NEXT_START.match(text, match.end(), block.end):
            continue
        if match.group(0).startswith(".") and _is_abbreviation(text, cursor, match.start()):
            continue
        pieces.append(Span(cursor, match.end()))
        cursor = match.end()
    pieces.append(Span(cursor, block.end))
    return pieces


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, start, dot)
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
