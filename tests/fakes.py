"""A deterministic stand-in encoder for unit tests: hashed bag of words, normalized."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from qa.config import MODEL_DIMENSION


class FakeEncoder:
    dimension = MODEL_DIMENSION

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension
                out[row, bucket] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
            else:
                out[row, 0] = 1.0
        return out

    def encode_with_spans(self, texts: list[str],
                          spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Span vectors embedded on their own (a real encoder pools them from the text's pass)."""
        vectors = self.encode(texts)
        pooled = [self.encode([text[start:end] for start, end in wanted])
                  for text, wanted in zip(texts, spans, strict=True)]
        return vectors, pooled
