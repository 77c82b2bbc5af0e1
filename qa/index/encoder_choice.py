"""Which encoder embeds the articles of a build or an update: the machine's cached ONNX export, of the index's
precision (the one its questions are encoded with)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.index import store
from qa.index.encoder_cache import CachedEncoder
from qa.index.encoders import SpanEncoder

EncoderFactory = Callable[[int], SpanEncoder]


def is_quantized(index_dir: Path) -> bool:
    """Whether the current index was embedded with the int8 model (False when there is none, or when its manifest
    cannot be read)."""
    manifest = store.readable_manifest(index_dir)
    return manifest is not None and manifest.quantized


def machine_encoder(cached: CachedEncoder) -> EncoderFactory:
    """Embed with the machine's cached encoder, however many passages there are (no torch: the ONNX export runs
    2x faster than sentence-transformers on these CPUs, int8 3.6x; see BENCHMARKS.md)."""

    def make(count: int) -> SpanEncoder:
        from qa.index.onnx_encoder import OnnxEncoder

        return OnnxEncoder(cached)

    return make
