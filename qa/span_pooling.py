"""Sentence vectors from the pass that embeds their chunk: the mean of the token states inside each sentence's
characters ("late pooling"), so that indexing runs the model once per chunk and never once per sentence."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Span = tuple[int, int]


def pool_spans(states: np.ndarray, offsets: Sequence[tuple[int, int]], spans: Sequence[Span],
               whole: np.ndarray) -> np.ndarray:
    """One normalized vector per character span of a text, from its token states and their character offsets.

    Special and padding tokens (empty offsets) belong to no span; a span without tokens gets `whole`.
    """
    bounds = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    starts, ends = bounds[:, 0], bounds[:, 1]
    real = ends > starts
    out = np.empty((len(spans), states.shape[1]), dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        inside = real & (starts >= start) & (starts < end)
        vector = states[:len(bounds)][inside].mean(axis=0) if inside.any() else whole
        out[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
    return out

