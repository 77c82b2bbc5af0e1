"""Text encoders: sentence-transformers for indexing, and the protocol every encoder follows.

torch and sentence-transformers are imported only inside `SentenceTransformerEncoder`, never on the
query path (see `qa.index.onnx_encoder`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    pass


class Encoder(Protocol):
    """Maps texts to L2-normalized float32 vectors of the model's dimension."""

    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


class SpanEncoder(Encoder, Protocol):
    """An encoder that also returns, from the same pass, a vector for each character span of each text."""

    def encode_with_spans(self, texts: list[str],
                          spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]: ...


def cpu_threads() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
