"""Sentence vectors computed at index time: every sentence of every chunk, pooled from the pass that embeds the
chunk (see `span_pooling`), so that choosing passages and the answer sentence embeds nothing at query time but the
question.

Stored beside the chunk table as two arrays (no pickle): `sentence_spans.npy` (int32 rows: chunk row, start,
end, offsets within the chunk's text) and `sentence_vectors.npy` (float16, one row per span, normalized).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.text.sentences import split_sentences

SPANS_FILE = "sentence_spans.npy"
VECTORS_FILE = "sentence_vectors.npy"


def chunk_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence spans of a chunk's text (the whole text when it has no sentence boundary)."""
    return [(s.start, s.end) for s in split_sentences(text)] or [(0, len(text))]


@dataclass
class SentenceTable:
    spans: np.ndarray
    vectors: np.ndarray

    def chunk_vectors(self, chunk_row: int) -> tuple[np.ndarray, np.ndarray]:
        """Spans (start, end within the chunk) and vectors of one chunk's sentences."""
        first, last = np.searchsorted(self.spans[:, 0], [chunk_row, chunk_row + 1])
        return self.spans[first:last, 1:], self.vectors[first:last]


def assemble(per_chunk: Sequence[tuple[Sequence[tuple[int, int]] | np.ndarray, np.ndarray]],
             dimension: int) -> SentenceTable:
    """The table of a chunk list, given each chunk's sentence spans and their vectors, in chunk order."""
    spans = [(row, start, end) for row, (chunk_spans, _) in enumerate(per_chunk) for start, end in chunk_spans]
    vectors = [np.asarray(v, dtype=np.float16) for _, v in per_chunk if len(v)]
    return SentenceTable(np.array(spans, dtype=np.int32).reshape(-1, 3),
                         np.concatenate(vectors) if vectors else np.zeros((0, dimension), dtype=np.float16))


def write(folder: Path, table: SentenceTable) -> None:
    np.save(folder / SPANS_FILE, table.spans)
    np.save(folder / VECTORS_FILE, table.vectors)


def load(folder: Path, dimension: int) -> SentenceTable | None:
    """The stored table, memory-mapped; None for an index written before sentence vectors were stored.

    Raises ValueError when the arrays do not have the table's shape (`qa.index.checks` checks them against the
    chunk table).
    """
    if not (folder / SPANS_FILE).exists() and not (folder / VECTORS_FILE).exists():
        return None
    spans = np.load(folder / SPANS_FILE, mmap_mode="r", allow_pickle=False)
    vectors = np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False)
    if spans.ndim != 2 or spans.shape[1] != 3 or vectors.shape != (len(spans), dimension):
        raise ValueError("sentence table shape")
    return SentenceTable(np.asarray(spans), vectors)
