"""The BM25 index of whole articles: each article's indexed text with its headline counted three times (as BM25F
weighs a title field), stored beside the passage BM25 as `bm25_articles/`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa.index import lexical
from qa.types import Chunk

if TYPE_CHECKING:
    import bm25s

BM25_DIR = "bm25_articles"
HEADLINE_COPIES = 3
MAX_HEADLINE_CHARS = 250
MAX_ARTICLE_CHARS = 200_000  # what an article's BM25 reads: a news article is far shorter; a 50 MB dump in one file
# is not one article, and tokenizing it whole took 800 MB


def first_rows(chunks: Sequence[Chunk]) -> list[int]:
    """The row of each article's first chunk, in table order (an index keeps each article's chunks together)."""
    return [row for row, chunk in enumerate(chunks) if row == 0 or chunk.source != chunks[row - 1].source]


def article_texts(chunks: Sequence[Chunk]) -> list[str]:
    """Each article's indexed text, in table order."""
    if not chunks:
        return []
    starts = first_rows(chunks)
    return [_joined(chunks[first:end]) for first, end in zip(starts, [*starts[1:], len(chunks)], strict=True)]


def _joined(chunks: Sequence[Chunk]) -> str:
    """One article's chunks joined without their overlaps (chunks are exact spans of the file, so the overlap of
    two is known from their offsets), up to MAX_ARTICLE_CHARS."""
    parts, reached, length = [chunks[0].text], chunks[0].end, len(chunks[0].text)
    for chunk in chunks[1:]:
        if length >= MAX_ARTICLE_CHARS:
            break
        if chunk.end > reached:
            parts.append(chunk.text[max(0, reached - chunk.start):])
            length += len(parts[-1])
            reached = chunk.end
    return "".join(parts)[:MAX_ARTICLE_CHARS]


def headline(text: str) -> str:
    """The article's first line when it stands alone as a short paragraph (a headline or a title), else ''."""
    first, _, rest = text.partition("\n")
    first = first.removesuffix("\r")
    return first if rest.removeprefix("\r").startswith("\n") and len(first) <= MAX_HEADLINE_CHARS else ""


def lexical_text(text: str) -> str:
    title = headline(text)
    return (title + "\n") * (HEADLINE_COPIES - 1) + text if title else text


def build(chunks: Sequence[Chunk], folder: Path) -> None:
    lexical.build([lexical_text(t) for t in article_texts(chunks)], folder, BM25_DIR)


def load(folder: Path) -> bm25s.BM25:
    return lexical.load(folder, name=BM25_DIR)
