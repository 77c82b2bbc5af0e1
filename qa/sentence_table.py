"""Sentence vectors computed at index time: every sentence of every chunk, so that choosing passages and the
answer sentence embeds nothing at query time but the question.

Stored beside the chunk table as two arrays (no pickle): `sentence_spans.npy` (int32 rows: chunk row, start,
end, offsets within the chunk's text) and `sentence_vectors.npy` (float16, one row per span, normalized).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.sentences import split_sentences
from qa.types import Chunk

SPANS_FILE = "sentence_spans.npy"
VECTORS_FILE = "sentence_vectors.npy"
SentenceKey = tuple[str, int, int]  # source, start, end in the file


def chunk_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence spans of a chunk's text (the whole text when it has no sentence boundary)."""
    return [(s.start, s.end) for s in split_sentences(text)] or [(0, len(text))]


@dataclass
class SentenceTable:
    spans: np.ndarray
    vectors: np.ndarray

    def vectors_by_key(self, chunks: Sequence[Chunk], sources: set[str]) -> dict[SentenceKey, np.ndarray]:
        """The stored vector of every sentence of the given sources, keyed by its place in the file."""
        found = {}
        for row, (chunk_row, start, end) in enumerate(self.spans.tolist()):
            chunk = chunks[chunk_row]
            if chunk.source in sources:
                found[(chunk.source, chunk.start + start, chunk.start + end)] = self.vectors[row]
        return found

    def chunk_vectors(self, chunk_row: int) -> tuple[np.ndarray, np.ndarray]:
        """Spans (start, end within the chunk) and vectors of one chunk's sentences."""
        first, last = np.searchsorted(self.spans[:, 0], [chunk_row, chunk_row + 1])
        return self.spans[first:last, 1:], self.vectors[first:last]


@dataclass
class SentencePlan:
    """The sentences of a chunk list, with the vectors already known; `texts` still need embedding."""

    spans: list[tuple[int, int, int]]
    known: dict[int, np.ndarray]
    missing: dict[str, list[int]]

    @property
    def texts(self) -> list[str]:
        return list(self.missing)

    def sentences_of(self, chunks: Sequence[Chunk], rows: set[int]) -> dict[int, list[str]]:
        """The sentence texts of the chunks at these rows (of the chunk list the plan was made for)."""
        found: dict[int, list[str]] = {}
        for chunk_row, start, end in self.spans:
            if chunk_row in rows:
                found.setdefault(chunk_row, []).append(chunks[chunk_row].text[start:end])
        return found

    def complete(self, embedded: np.ndarray, dimension: int) -> SentenceTable:
        """The table, given the vectors of `texts` in order."""
        vectors = np.zeros((len(self.spans), dimension), dtype=np.float16)
        for row, vector in self.known.items():
            vectors[row] = vector
        for rows, vector in zip(self.missing.values(), embedded, strict=True):
            vectors[rows] = vector
        return SentenceTable(np.array(self.spans, dtype=np.int32).reshape(-1, 3), vectors)


def plan(chunks: Sequence[Chunk], known: dict[SentenceKey, np.ndarray]) -> SentencePlan:
    """Every sentence of `chunks` (in chunk order), reusing `known` vectors; distinct missing texts embed once."""
    spans: list[tuple[int, int, int]] = []
    found: dict[int, np.ndarray] = {}
    missing: dict[str, list[int]] = {}
    for chunk_row, chunk in enumerate(chunks):
        for start, end in chunk_sentences(chunk.text):
            key = (chunk.source, chunk.start + start, chunk.start + end)
            if key in known:
                found[len(spans)] = known[key]
            else:
                missing.setdefault(chunk.text[start:end], []).append(len(spans))
            spans.append((chunk_row, start, end))
    return SentencePlan(spans, found, missing)


def write(folder: Path, table: SentenceTable) -> None:
    np.save(folder / SPANS_FILE, table.spans)
    np.save(folder / VECTORS_FILE, table.vectors)


def load(folder: Path, chunks: Sequence[Chunk], dimension: int) -> SentenceTable | None:
    """The stored table, memory-mapped; None for an index written before sentence vectors were stored.

    Raises ValueError when the files exist but do not fit the chunk table.
    """
    if not (folder / SPANS_FILE).exists() and not (folder / VECTORS_FILE).exists():
        return None
    spans = np.load(folder / SPANS_FILE, mmap_mode="r", allow_pickle=False)
    vectors = np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False)
    if spans.ndim != 2 or spans.shape[1] != 3 or vectors.shape != (len(spans), dimension):
        raise ValueError("sentence table shape")
    if len(spans) and (spans[-1, 0] >= len(chunks) or spans[0, 0] < 0):
        raise ValueError("sentence table rows")
    return SentenceTable(np.asarray(spans), vectors)
