"""Which encoder embeds the articles of a build or an update, exporting the ONNX question encoder on the way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.errors import BrokenIndexError, IndexWriteError
from qa.index import store
from qa.index.encoders import SpanEncoder

EncoderFactory = Callable[[int], SpanEncoder]
SMALL_UPDATE_CHUNKS = 512


def is_quantized(index_dir: Path) -> bool:
    """Whether the current index was embedded with the int8 model (False when there is none, or when its manifest
    cannot be read: a rebuild of a damaged index embeds in full precision unless told otherwise)."""
    manifest = store.readable_manifest(index_dir)
    return manifest is not None and manifest.quantized


def default_encoder_factory(index_dir: Path, quantized: bool = False) -> EncoderFactory:
    """Export the ONNX query encoder if needed, and pick the encoder for this run.

    Builds embed with sentence-transformers; small updates use the exported ONNX copy of the same model,
    which gives the same vectors (see the parity test) without the seconds torch takes to import. A quantized
    index embeds everything with the int8 ONNX model, as its questions are.
    """

    def make(count: int) -> SpanEncoder:
        folder = store.encoder_dir(index_dir)
        try:
            return _quantized(folder) if quantized else _full_precision(folder, count)
        except OSError as exc:  # the export could not be written (a full disk, no permission)
            raise IndexWriteError(f"could not write the question encoder in {folder} ({exc.strerror or exc}); "
                                  "the previous index is unchanged") from None

    return make


def _quantized(folder: Path) -> SpanEncoder:
    from qa.index.onnx_encoder import OnnxEncoder
    from qa.index.onnx_export import encoder_is_exported, encoder_is_quantized, export_encoder, quantize_encoder

    if not encoder_is_exported(folder):
        export_encoder(folder)
    if not encoder_is_quantized(folder):
        quantize_encoder(folder)
    return OnnxEncoder(folder, quantized=True)


def _full_precision(folder: Path, count: int) -> SpanEncoder:
    from qa.index.onnx_encoder import OnnxEncoder
    from qa.index.onnx_export import encoder_is_exported, export_encoder
    from qa.index.torch_encoder import SentenceTransformerEncoder

    onnx: SpanEncoder | None = None
    if encoder_is_exported(folder):
        try:
            onnx = OnnxEncoder(folder)
        except BrokenIndexError:  # a damaged export is made again, so `qa index --rebuild` repairs it
            onnx = None
    if onnx is None:
        export_encoder(folder)
        return SentenceTransformerEncoder()
    if count <= SMALL_UPDATE_CHUNKS:
        return onnx
    return SentenceTransformerEncoder()
