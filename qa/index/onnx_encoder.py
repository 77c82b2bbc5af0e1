"""The query-path encoder: the same model exported to ONNX, run with onnxruntime and `tokenizers` (no torch)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from qa.config import MODEL_DIMENSION
from qa.errors import BrokenIndexError
from qa.index.encoders import cpu_threads, session_options
from qa.index.span_pooling import embed_and_pool
from qa.text.tokens import as_the_model_reads

if TYPE_CHECKING:
    import onnxruntime

    from qa.index.encoder_cache import CachedEncoder

MODEL_FILE = "model.onnx"
QUANTIZED_FILE = "model.int8.onnx"  # int8 weight matrices, one scale per output channel (dynamic quantization)
WEIGHTS_FILE = "model.weights"  # the weights beside the graph: onnxruntime opens this far faster than one protobuf
EXPORT_FORMAT = 4  # 3: the graph also outputs the token states (sentence vectors); 4: per-channel int8 matrices
TOKENIZER_FILE = "tokenizer.json"
INFO_FILE = "encoder.json"
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT_NAMES = ["embedding", "token_embeddings"]


class OnnxEncoder:
    """Mean-pooled, normalized all-MiniLM-L6-v2 embeddings from an exported ONNX graph."""

    dimension = MODEL_DIMENSION

    def __init__(self, encoder: CachedEncoder, batch_size: int = 32) -> None:
        from tokenizers import Tokenizer

        self.folder, self.graph = encoder.folder, encoder.graph
        self.session = self._open(session_options())
        try:
            tokenizer = Tokenizer.from_file(str(encoder.tokenizer))
        except Exception:  # tokenizers raises its own exception types for a damaged file
            raise self._damaged() from None
        self.identity = encoder.digest
        self.tokenizer = as_the_model_reads(tokenizer)
        self.batch_size = batch_size
        self._indexing: onnxruntime.InferenceSession | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for first in range(0, len(order), self.batch_size):
            batch = order[first:first + self.batch_size]
            out[batch] = self._encode_batch([texts[i] for i in batch])
        return out

    def encode_with_spans(self, texts: list[str],
                          spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Indexing: one single-threaded session run by a caller per core, each its own batch (on 2 cores 1.2-1.4x
        the batches per second of one session splitting every operator across both: the passages' batches are
        small, and the pooling between runs overlaps the other caller's run)."""
        if self._indexing is None:
            self._indexing = self._open(session_options(threads=1))
        session = self._indexing

        def run(ids: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            whole, states = session.run(OUTPUT_NAMES, _feeds(ids, mask))
            return whole, states

        return embed_and_pool(self.tokenizer.encode_batch(texts), spans, self.batch_size, self.dimension, run,
                              workers=cpu_threads())

    def _open(self, options: onnxruntime.SessionOptions) -> onnxruntime.InferenceSession:
        import onnxruntime

        try:
            return onnxruntime.InferenceSession(str(self.graph), options, providers=["CPUExecutionProvider"])
        except Exception:  # onnxruntime raises its own exception types for a damaged file
            raise self._damaged() from None

    def _damaged(self) -> BrokenIndexError:
        return BrokenIndexError(f"the question encoder in {self.folder} cannot be opened; delete that folder "
                                "(qa exports it again)")

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (vectors,) = self.session.run(OUTPUT_NAMES[:1], _feeds(ids, mask))
        return np.asarray(vectors, dtype=np.float32)


def _feeds(ids: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    """The graph's inputs for single texts (one segment: token types all zero)."""
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
