"""Sentence embeddings by text: taken from the index's sentence table where it has them, else embedded on demand,
and remembered until `forget` (the pipeline forgets them at each question: a text found in two passages has two
pooled vectors, and an on-demand batch quantizes its inputs together, so what a question was answered with must not
depend on the questions asked before it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from qa.index.encoders import Encoder
from qa.index.sentence_table import SentenceTable
from qa.types import Chunk

MAX_REMEMBERED = 200_000


class SentenceVectors:
    """Wraps an encoder: each distinct text is embedded once; `encode` keeps the Encoder contract."""

    def __init__(self, encoder: Encoder, table: SentenceTable | None = None,
                 chunks: Sequence[Chunk] = ()) -> None:
        self.encoder = encoder
        self.dimension = encoder.dimension
        self.known: dict[str, np.ndarray] = {}
        self.table = table
        self.chunks = chunks
        self.looked_up: set[int] = set()

    def forget(self) -> None:
        self.known.clear()
        self.looked_up.clear()

    def remember_chunks(self, rows: Iterable[int]) -> None:
        """Take the stored vectors of these chunks' sentences, so that `encode` finds them."""
        if self.table is None:
            return
        for row in rows:
            if row in self.looked_up:
                continue
            self.looked_up.add(row)
            text = self.chunks[row].text
            spans, vectors = self.table.chunk_vectors(row)
            for (start, end), vector in zip(spans.tolist(), vectors, strict=True):
                self.known.setdefault(text[start:end], vector.astype(np.float32))

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.known))
        if missing:
            if len(self.known) + len(missing) > MAX_REMEMBERED:
                self.forget()
            self.known.update(zip(missing, self.encoder.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.known[t] for t in texts])
