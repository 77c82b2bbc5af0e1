"""Cheap checks, at load, that each part of a generation is what the writer wrote: counts, shapes and types,
offsets in range, rows in order. A part that fails is refused (the store turns the reason into a
`BrokenIndexError` naming the fix), so that damage never turns into a traceback or a wrong citation later."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.index.manifest import Manifest
from qa.index.sentence_table import SentenceTable
from qa.text.iso_dates import parse_iso
from qa.types import Chunk

if TYPE_CHECKING:
    import bm25s
    import faiss

VECTOR_SAMPLE = 2048  # rows whose norms are checked, spread over the index


class DamageFound(ValueError):
    """What is wrong with one part of a generation, in a few words."""


def check_chunks(chunks: Sequence[Chunk], manifest: Manifest) -> None:
    """Every chunk is a non-empty span of an indexed file, inside it (a file has at least as many bytes as
    characters), its text as long as its span, with a line number, in (file, start) order."""
    previous: tuple[str, int] | None = None
    for row, chunk in enumerate(chunks):
        entry = manifest.files.get(chunk.source)
        if entry is None:
            raise DamageFound(f"row {row} names a file the index does not hold")
        if not (isinstance(chunk.start, int) and isinstance(chunk.end, int) and isinstance(chunk.line, int)
                and isinstance(chunk.text, str)):
            raise DamageFound(f"row {row} has offsets or a line that are not numbers")
        if not 0 <= chunk.start < chunk.end <= entry.size or len(chunk.text) != chunk.end - chunk.start:
            raise DamageFound(f"row {row} has offsets out of range")
        if chunk.line < 1:
            raise DamageFound(f"row {row} has line {chunk.line}")
        if previous is not None and (chunk.source, chunk.start) < previous:
            raise DamageFound(f"row {row} is out of order")
        previous = (chunk.source, chunk.start)


def check_manifest(manifest: Manifest) -> None:
    for source, entry in manifest.files.items():
        if entry.date is not None and parse_iso(entry.date) is None:
            raise DamageFound(f"the date of {source} is not a date")
        if not isinstance(entry.size, int) or entry.size < 0:
            raise DamageFound(f"the size of {source} is not a size")


def check_vectors(index: faiss.Index) -> None:
    """A sample of the stored vectors (all of them for a small index) are unit vectors of finite numbers."""
    count = index.ntotal
    if count == 0:
        return
    rows = np.arange(0, count, max(1, count // VECTOR_SAMPLE), dtype=np.int64)
    vectors = np.asarray(index.reconstruct_batch(rows), dtype=np.float32)
    _unit_rows(vectors, "vectors")


def check_sentences(table: SentenceTable, chunks: Sequence[Chunk]) -> None:
    """Spans are integer rows (chunk, start, end) in chunk order, inside their chunk; vectors are float16 unit
    vectors."""
    spans = table.spans
    if not np.issubdtype(spans.dtype, np.integer) or table.vectors.dtype != np.float16:
        raise DamageFound("arrays of the wrong type")
    if len(spans) == 0:
        return
    owners = spans[:, 0]
    if owners.min() < 0 or owners.max() >= len(chunks) or np.any(np.diff(owners) < 0):
        raise DamageFound("sentences of chunks that do not exist, or out of order")
    lengths = np.array([len(c.text) for c in chunks], dtype=np.int64)
    if np.any(spans[:, 1] < 0) or np.any(spans[:, 2] <= spans[:, 1]) or np.any(spans[:, 2] > lengths[owners]):
        raise DamageFound("sentence offsets out of range")
    step = max(1, len(spans) // VECTOR_SAMPLE)
    _unit_rows(np.asarray(table.vectors[::step], dtype=np.float32), "sentence vectors", tolerance=0.01)


def check_bm25(retriever: bm25s.BM25, documents: int) -> None:
    """The compressed score matrix fits its vocabulary and its `documents` rows: one column per term, document ids
    in range, scores finite and not negative."""
    scores: dict[str, Any] = retriever.scores
    data, indices, indptr = (np.asarray(scores.get(key)) for key in ("data", "indices", "indptr"))
    if scores.get("num_docs") != documents:
        raise DamageFound(f"it counts {scores.get('num_docs')!r} documents, the index {documents}")
    if not (indptr.ndim == indices.ndim == data.ndim == 1 and np.issubdtype(indptr.dtype, np.integer)
            and np.issubdtype(indices.dtype, np.integer) and np.issubdtype(data.dtype, np.floating)):
        raise DamageFound("arrays of the wrong shape or type")
    if len(indptr) == 0 or indptr[0] != 0 or indptr[-1] != len(data) or len(indices) != len(data) \
            or np.any(np.diff(indptr) < 0):
        raise DamageFound("its column pointers do not fit its data")
    if len(indices) and (indices.min() < 0 or indices.max() >= documents):
        raise DamageFound("it scores documents that do not exist")
    if not np.all(np.isfinite(data)) or (len(data) and data.min() < 0):
        raise DamageFound("it holds scores that are not scores")
    ids = list(retriever.vocab_dict.values())
    if ids and (min(ids) < 0 or max(ids) >= len(indptr)):  # bm25s gives the empty token the last id
        raise DamageFound("its vocabulary points past its columns")


def check_resolved_dates(rows: object) -> None:
    """A list of [phrase, article date, prefer future, resolved date or null] rows."""
    if not isinstance(rows, list) or not all(isinstance(row, list) and len(row) == 4 for row in rows):
        raise DamageFound("not a list of resolutions")
    for row in rows:
        phrase, base, future, value = row
        if not isinstance(phrase, str) or parse_iso(base) is None or not isinstance(future, bool) \
                or (value is not None and parse_iso(value) is None):
            raise DamageFound("a resolution that is not a date")


def _unit_rows(vectors: np.ndarray, what: str, tolerance: float = 1e-3) -> None:
    norms = np.linalg.norm(vectors, axis=1)
    if not np.all(np.isfinite(norms)) or np.any(np.abs(norms - 1.0) > tolerance):
        raise DamageFound(f"{what} that are not unit vectors")
