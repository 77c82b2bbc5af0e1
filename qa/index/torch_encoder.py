"""The reference encoder for indexing: all-MiniLM-L6-v2 through sentence-transformers (torch).

torch and sentence-transformers are imported only here, never on the question path (see `qa.index.onnx_encoder`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from qa.config import MODEL_DIMENSION
from qa.index.encoders import cpu_threads
from qa.index.span_pooling import embed_and_pool
from qa.text.tokens import as_the_model_reads, packaged_model_dir

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer


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

    def __init__(self, batch_size: int = 32) -> None:
        self.model = load_sentence_transformer()
        self.batch_size = batch_size
        self.tokenizer: Tokenizer | None = None

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
        """The model's own vectors (its transformer, mean pooling, normalization: what `model.encode` computes,
        see the parity test), tokenized once with the offsets the span pooling needs."""
        use_every_core()
        return embed_and_pool(self._tokenizer().encode_batch(texts), spans, self.batch_size, self.dimension,
                              self._forward)

    def _tokenizer(self) -> Tokenizer:
        if self.tokenizer is None:
            from tokenizers import Tokenizer

            self.tokenizer = as_the_model_reads(Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json")))
        return self.tokenizer

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Normalized mean-pooled vectors and token states of one padded batch."""
        import torch

        input_ids = torch.from_numpy(ids)
        transformer = self.model[0].auto_model.eval()  # type: ignore[union-attr]  # eval: no dropout
        with torch.inference_mode():
            hidden = transformer(input_ids=input_ids, attention_mask=torch.from_numpy(mask),
                                 token_type_ids=torch.zeros_like(input_ids))
        states = hidden.last_hidden_state.float().numpy()
        weights = mask[..., None].astype(np.float32)
        whole = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return whole / np.maximum(np.linalg.norm(whole, axis=1, keepdims=True), 1e-12), states
