"""Cut the kept text of an article into overlapping, sentence-aligned passages within the model's window."""

from __future__ import annotations

import re
from typing import NamedTuple, Protocol

from qa.config import MODEL_MAX_TOKENS, ChunkSettings
from qa.text.sentences import split_sentences
from qa.text.tokens import SPECIAL_TOKENS
from qa.types import Span

HARD_LIMIT = MODEL_MAX_TOKENS - SPECIAL_TOKENS


class Counter(Protocol):
    def count(self, texts: list[str]) -> list[int]: ...

    def piece_ends(self, text: str) -> list[int]: ...


def chunk_spans(text: str, segments: list[Span], counter: Counter, settings: ChunkSettings) -> list[Span]:
    """Passages of each kept segment: whole sentences packed up to `max_tokens` (or on to the end of their
    paragraph, within `paragraph_tokens`), overlapping by sentences."""
    budget = min(settings.max_tokens, HARD_LIMIT)
    stretch = min(max(settings.paragraph_tokens, budget), HARD_LIMIT)
    chunks: list[Span] = []
    for segment in segments:
        sentences = split_sentences(text, segment)
        counts = counter.count([text[s.start:s.end] for s in sentences])
        pieces: list[Piece] = []
        for number, (sentence, count) in enumerate(zip(sentences, counts, strict=False)):
            ends_paragraph = number + 1 == len(sentences) or "\n" in text[sentence.end:sentences[number + 1].start]
            if count <= budget:
                pieces.append(Piece(sentence, count, ends_paragraph))
            else:
                cut = _split_long(text, sentence, counter, budget)
                pieces.extend(Piece(span, n, ends_paragraph and i + 1 == len(cut)) for i, (span, n) in enumerate(cut))
        chunks.extend(_pack(pieces, budget, stretch, settings.overlap_sentences))
    return chunks


class Piece(NamedTuple):
    span: Span
    tokens: int
    ends_paragraph: bool


def _pack(pieces: list[Piece], budget: int, stretch: int, overlap: int) -> list[Span]:
    chunks = []
    first = 0
    while first < len(pieces):
        last = first
        total = pieces[first].tokens
        while last + 1 < len(pieces) and total + pieces[last + 1].tokens <= budget:
            last += 1
            total += pieces[last].tokens
        last = _to_paragraph_end(pieces, last, total, stretch)
        chunks.append(Span(pieces[first].span.start, pieces[last].span.end))
        if last + 1 >= len(pieces):
            break
        first = max(first + 1, last + 1 - overlap)
    return chunks


def _to_paragraph_end(pieces: list[Piece], last: int, total: int, stretch: int) -> int:
    """`last` moved on to the end of its paragraph if the paragraph's rest fits within `stretch` tokens."""
    end = last
    while not pieces[end].ends_paragraph and end + 1 < len(pieces) and total + pieces[end + 1].tokens <= stretch:
        end += 1
        total += pieces[end].tokens
    return end if pieces[end].ends_paragraph else last


_SPACE = re.compile(r"\s")


def _split_long(text: str, sentence: Span, counter: Counter, budget: int) -> list[tuple[Span, int]]:
    """Cut an over-long sentence at white space so that each piece fits the budget."""
    body = text[sentence.start:sentence.end]
    ends = counter.piece_ends(body)
    pieces = []
    start_piece = 0
    start_char = 0
    while start_piece < len(ends):
        stop_piece = min(start_piece + budget, len(ends))
        cut = ends[stop_piece - 1]
        if stop_piece < len(ends):
            space = max(body.rfind(" ", start_char, cut + 1), body.rfind("\n", start_char, cut + 1))
            if space > start_char:
                cut = space
                stop_piece = start_piece + sum(1 for e in ends[start_piece:stop_piece] if e <= cut)
        span = Span(sentence.start + start_char, sentence.start + cut)
        trimmed = _trim(text, span)
        if trimmed.end > trimmed.start:
            pieces.append((trimmed, stop_piece - start_piece))
        start_piece = stop_piece
        start_char = cut
    return pieces


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and _SPACE.match(text[start]):
        start += 1
    while end > start and _SPACE.match(text[end - 1]):
        end -= 1
    return Span(start, end)
