"""Text encoders: sentence-transformers for indexing, and the protocol every encoder follows.

torch and sentence-transformers are imported only inside `SentenceTransformerEncoder`, never on the
query path (see `qa.index.onnx_encoder`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    import onnxruntime


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


def session_options(threads: int | None = None) -> onnxruntime.SessionOptions:
    """Options for every onnxruntime session qa runs: all cores (or `threads`), quiet, and worker threads that
    sleep rather than spin between runs. Spinning workers took a core from the Python work between runs
    (tokenizing, BM25, the reader's next window): without them a warm question on the Reuters archive took 60 ms
    instead of 100, and indexing SQuAD 29 s instead of 32 (bench/warm_ask.py, bench/index_throughput.py)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or cpu_threads()
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options
