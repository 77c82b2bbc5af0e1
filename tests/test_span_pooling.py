"""Sentence vectors pooled from the chunk's own pass: the arithmetic, and the same vectors from torch and ONNX."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.index import store
from qa.index.onnx_encoder import OnnxEncoder
from qa.index.onnx_export import ready_encoder
from qa.index.sentence_table import chunk_sentences
from qa.index.span_pooling import pool_spans
from qa.index.torch_encoder import SentenceTransformerEncoder

TEXTS = [
    "Kim Jong Un arrived in Beijing on Tuesday. It was his fourth visit to China. Xi hosted a banquet.",
    "  Leading spaces. Then a second sentence!",
    "One sentence without an end",
    "word. " * 300,  # longer than the window: sentences past the 256th word piece get the whole text's vector
]


def test_a_span_is_the_normalized_mean_of_the_tokens_that_start_inside_it() -> None:
    states = np.array([[9, 9], [1, 0], [0, 1], [3, 4], [9, 9]], dtype=np.float32)
    offsets = [(0, 0), (0, 3), (4, 8), (9, 12), (0, 0)]  # [CLS] ... [SEP]
    whole = np.array([0.6, 0.8], dtype=np.float32)
    pooled = pool_spans(states, offsets, [(0, 8), (9, 12), (20, 30)], whole)
    assert np.allclose(pooled[0], np.array([1, 1]) / np.sqrt(2))
    assert np.allclose(pooled[1], [0.6, 0.8])
    assert np.allclose(pooled[2], whole)  # no token inside: the whole text's vector


def test_text_vectors_are_the_models_own(seed_index: Path) -> None:
    encoder = SentenceTransformerEncoder()
    vectors, _ = encoder.encode_with_spans(TEXTS, [chunk_sentences(t) for t in TEXTS])
    assert (vectors * encoder.encode(TEXTS)).sum(axis=1).min() >= 0.9999


def test_onnx_pools_the_same_sentence_vectors_as_torch(seed_index: Path) -> None:
    texts = TEXTS + [c.text for c in store.load(seed_index).chunks[:10]]
    spans = [chunk_sentences(t) for t in texts]
    torch_vectors, torch_pooled = SentenceTransformerEncoder().encode_with_spans(texts, spans)
    onnx_vectors, onnx_pooled = OnnxEncoder(ready_encoder(quantized=False)).encode_with_spans(texts, spans)
    assert (torch_vectors * onnx_vectors).sum(axis=1).min() >= 0.9999
    for wanted, ours, theirs in zip(spans, onnx_pooled, torch_pooled, strict=True):
        assert ours.shape == theirs.shape == (len(wanted), 384)
        assert (ours * theirs).sum(axis=1).min() >= 0.999
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)


def test_the_encoder_takes_back_the_cores_faiss_set_aside(seed_index: Path) -> None:
    import faiss
    import torch

    from qa.index.encoders import cpu_threads

    faiss.omp_set_num_threads(1)  # what a search does; torch shares the OpenMP runtime
    SentenceTransformerEncoder().encode(["Kim flew to Dalian in May."])
    assert torch.get_num_threads() == cpu_threads()


def test_batches_hold_few_long_texts_and_many_short_ones() -> None:
    from qa.index.span_pooling import BATCH_TOKENS, _batches

    lengths = [10] * 100 + [256] * 10
    batches = _batches(list(range(len(lengths))), lengths, 32)
    assert [len(b) for b in batches] == [32, 32, 32, 4, 2, 2, 2, 2, 2]  # 4th: the last 4 short (5 x 256 > budget)
    assert sorted(r for b in batches for r in b) == list(range(len(lengths)))
    assert all(len(b) * max(lengths[r] for r in b) <= BATCH_TOKENS for b in batches if len(b) > 1)
