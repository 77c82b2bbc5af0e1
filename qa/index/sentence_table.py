"""Sentence vectors computed at index time: every sentence of every chunk, pooled from the pass that embeds the
chunk (see `span_pooling`), so that choosing passages and the answer sentence embeds nothing at query time but the
question.

Stored beside the chunk table as two arrays (no pickle): `sentence_spans.npy` (int32 rows: chunk row, start,
end, offsets within the chunk's text) and `sentence_vectors.npy` (float16, one row per span, normalized).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
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
        first, last = np.searchsorted(self._chunk_rows, [chunk_row, chunk_row + 1])
        return self.spans[first:last, 1:], self.vectors[first:last]

    @cached_property
    def _chunk_rows(self) -> np.ndarray:
        """The chunk row of every sentence, contiguous (searching the strided column copied it on every call)."""
        return np.ascontiguousarray(self.spans[:, 0])

    def write(self, folder: Path) -> None:
        write(folder, self)


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


class SentenceSpill:
    """The sentence vectors of an update in the making, out of memory: new ones appended to a scratch file as they
    are pooled, kept ones left in the current generation's memory-mapped table; written out in chunk order at the
    end, chunk by chunk. Indexing memory so depends on the batch, not on the archive (a 50 MB file has half a
    million sentences: 400 MB of vectors)."""

    def __init__(self, scratch: Path, dimension: int) -> None:
        self.path = scratch
        self.dimension = dimension
        self._file = open(scratch, "w+b")  # closed by `close`, which the builder always calls
        self._rows = 0
        self._parts: list[tuple[np.ndarray, int, np.ndarray | None]] = []  # spans, first scratch row, kept vectors

    def add(self, spans: Sequence[tuple[int, int]] | np.ndarray, vectors: np.ndarray) -> int:
        """Store one chunk's new sentence vectors; returns the handle of the chunk's part."""
        self._file.write(np.ascontiguousarray(vectors, dtype=np.float16).tobytes())
        self._parts.append((_span_array(spans), self._rows, None))
        self._rows += len(vectors)
        return len(self._parts) - 1

    def keep(self, spans: np.ndarray, vectors: np.ndarray) -> int:
        """Refer to one chunk's sentence vectors in the current generation (a memory-mapped slice, not copied)."""
        self._parts.append((_span_array(spans), -1, vectors))
        return len(self._parts) - 1

    def spans(self, handle: int) -> np.ndarray:
        return self._parts[handle][0]

    def write(self, folder: Path, handles: Sequence[int]) -> None:
        """Write the table of the chunks whose parts are `handles`, in that order, as `write` does."""
        spans = [np.column_stack([np.full(len(self._parts[h][0]), row, dtype=np.int32), self._parts[h][0]])
                 for row, h in enumerate(handles)]
        np.save(folder / SPANS_FILE, np.concatenate(spans) if spans else np.zeros((0, 3), dtype=np.int32))
        self._file.flush()
        total = sum(len(self._parts[h][0]) for h in handles)
        with open(folder / VECTORS_FILE, "wb") as out:
            np.lib.format.write_array_header_1_0(out, {"descr": np.lib.format.dtype_to_descr(np.dtype(np.float16)),
                                                       "fortran_order": False, "shape": (total, self.dimension)})
            width = self.dimension * 2
            for handle in handles:
                part_spans, first, kept = self._parts[handle]
                if kept is not None:
                    out.write(np.ascontiguousarray(kept, dtype=np.float16).tobytes())
                elif len(part_spans):
                    out.write(os.pread(self._file.fileno(), len(part_spans) * width, first * width))

    def close(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


@dataclass
class SpilledTable:
    """The table of the chunks whose spill parts are `handles`, in that order, to be written."""

    spill: SentenceSpill
    handles: Sequence[int]

    def write(self, folder: Path) -> None:
        self.spill.write(folder, self.handles)


def _span_array(spans: Sequence[tuple[int, int]] | np.ndarray) -> np.ndarray:
    return np.asarray(spans, dtype=np.int32).reshape(-1, 2)


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
