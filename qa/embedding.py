"""Text encoders: sentence-transformers for indexing, and the protocol every encoder follows.

torch and sentence-transformers are imported only inside `SentenceTransformerEncoder`, never on the
query path (see `qa.onnx_encoder`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from qa.config import MODEL_DIMENSION, MODEL_MAX_TOKENS
from qa.span_pooling import pool_spans
from qa.tokens import load_tokenizer, packaged_model_dir

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


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


@lru_cache(maxsize=1)
def load_sentence_transformer() -> SentenceTransformer:
    """The packaged all-MiniLM-L6-v2, loaded offline, with torch using every available core."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()

    torch.set_num_threads(cpu_threads())
    return SentenceTransformer(str(packaged_model_dir()), device="cpu")


def use_every_core() -> None:
    """Give torch every core again: faiss shares its OpenMP runtime, and searching sets it to one thread, under
    which torch's attention runs a hundred times slower."""
    import torch

    if torch.get_num_threads() != cpu_threads():
        torch.set_num_threads(cpu_threads())


class SentenceTransformerEncoder:
    """all-MiniLM-L6-v2 through sentence-transformers (torch): the reference encoder."""

    dimension = MODEL_DIMENSION

    def __init__(self, batch_size: int = 64) -> None:
        self.model = load_sentence_transformer()
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        use_every_core()
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_with_spans(self, texts: list[str],
                          spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        use_every_core()
        outputs: list[dict[str, Any]] = self.model.encode(  # type: ignore[assignment]
            texts, batch_size=self.batch_size, output_value=None, show_progress_bar=False
        )
        encodings = load_tokenizer().encode_batch(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        pooled = []
        for row, (output, encoding, wanted) in enumerate(zip(outputs, encodings, spans, strict=True)):
            whole = output["sentence_embedding"].float().numpy()
            vectors[row] = whole / max(float(np.linalg.norm(whole)), 1e-12)
            real = int(output["attention_mask"].sum())  # a batch comes back padded to its longest text
            states = output["token_embeddings"][:real].float().numpy()
            ids, offsets = list(encoding.ids), list(encoding.offsets)
            if len(ids) > MODEL_MAX_TOKENS:  # the model keeps the first pieces and its closing [SEP]
                ids, offsets = ids[:MODEL_MAX_TOKENS - 1] + ids[-1:], offsets[:MODEL_MAX_TOKENS - 1] + offsets[-1:]
            if ids != output["input_ids"][:real].tolist():
                raise RuntimeError("the tokenizer and the model disagree on the word pieces of a text")
            pooled.append(pool_spans(states, offsets, wanted, vectors[row]))
        return vectors, pooled
