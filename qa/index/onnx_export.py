"""Export the sentence-transformers model to ONNX (and its int8 copy), once per machine (see encoder_cache)."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qa.config import MODEL_DIMENSION, MODEL_MAX_TOKENS, MODEL_NAME
from qa.errors import IndexWriteError
from qa.index.encoder_cache import CachedEncoder, encoder_folder, file_sha256, file_stamp, verified_encoder
from qa.index.onnx_encoder import (
    EXPORT_FORMAT,
    INFO_FILE,
    INPUT_NAMES,
    MODEL_FILE,
    OUTPUT_NAMES,
    QUANTIZED_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
)
from qa.index.torch_encoder import load_sentence_transformer
from qa.text.tokens import packaged_model_dir


def ready_encoder(quantized: bool, announce: Callable[[str], None] | None = None) -> CachedEncoder:
    """The machine's cached encoder of a precision, exported (and quantized) first when missing or damaged."""
    folder = encoder_folder()
    found = verified_encoder(quantized)
    if found is not None:
        return found
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexWriteError(f"cannot write the question encoder's cache {folder.parent} ({exc.strerror or exc}); "
                              "set QA_CACHE to a writable folder") from None
    return _export_locked(folder, quantized, announce)


def _export_locked(folder: Path, quantized: bool, announce: Callable[[str], None] | None) -> CachedEncoder:
    from qa.index.lock import writer_lock

    with writer_lock(folder.parent, announce):  # one process exports; the others wait and find it done
        found = verified_encoder(quantized)
        if found is not None:
            return found
        if announce:
            announce("Exporting the question encoder once for this machine …")
        try:
            if verified_encoder(quantized=False) is None:
                export_encoder(folder)
            if quantized:
                quantize_encoder(folder)
        except OSError as exc:  # the cache cannot be written: a full disk, no permission
            raise IndexWriteError(f"could not write the question encoder in {folder} ({exc.strerror or exc}); "
                                  "the previous index is unchanged (QA_CACHE names another cache folder)") from None
        found = verified_encoder(quantized)
    if found is None:
        raise IndexWriteError(f"the question encoder exported in {folder} does not read back; "
                              "QA_CACHE names another cache folder")
    return found


def encoder_is_exported(model_dir: Path) -> bool:
    info = model_dir / INFO_FILE
    if not all((model_dir / name).is_file() for name in (INFO_FILE, MODEL_FILE, WEIGHTS_FILE)):
        return False
    try:
        described = json.loads(info.read_text())
    except (OSError, ValueError):
        return False
    return described.get("model") == MODEL_NAME and described.get("format") == EXPORT_FORMAT


def quantize_encoder(model_dir: Path) -> None:
    """Write the int8 copy of the exported model beside it: onnxruntime's dynamic quantization of the weight
    matrices, one scale per output channel, the word-piece embeddings kept in full precision. (One scale per matrix
    cost one Reuters question in 42 at recall@1; quantizing the embeddings too, another: bench/encoder_choice.py.)"""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    staging = model_dir / f".{QUANTIZED_FILE}.tmp"
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.disable(logging.WARNING)  # onnxruntime configures the root logger and logs advice we do not need
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize_dynamic(str(model_dir / MODEL_FILE), str(staging), weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul"])
    finally:
        logging.disable(logging.NOTSET)
        root.handlers[:], root.level = handlers, level
    staging.replace(model_dir / QUANTIZED_FILE)
    _describe(model_dir)


def _describe(model_dir: Path) -> None:
    """Write `encoder.json`: the model, the export format, the SHA-256 of every file and the size and modification
    time it was hashed at (replaced atomically)."""
    names = [name for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE, QUANTIZED_FILE)
             if (model_dir / name).is_file()]
    hashes = {name: file_sha256(model_dir / name) for name in names}
    stamps = {name: file_stamp(model_dir / name) for name in names}
    staging = model_dir / f".{INFO_FILE}.tmp"
    staging.write_text(json.dumps({"model": MODEL_NAME, "format": EXPORT_FORMAT, "dimension": MODEL_DIMENSION,
                                   "max_tokens": MODEL_MAX_TOKENS, "sha256": hashes, "stamps": stamps}, indent=2))
    staging.replace(model_dir / INFO_FILE)


def _split_weights(graph_file: Path) -> None:
    """Rewrite an exported graph with its weights in WEIGHTS_FILE (ONNX external data)."""
    import onnx

    model = onnx.load(str(graph_file))
    onnx.save_model(model, str(graph_file), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=WEIGHTS_FILE, size_threshold=1024)


def export_encoder(model_dir: Path) -> None:
    """Export the sentence-transformers model (transformer, mean pooling, normalization) to ONNX.

    Written to a temporary folder first and renamed into place, so a killed export leaves nothing half-written.
    """
    import torch

    model = load_sentence_transformer()
    transformer = model[0].auto_model.eval()  # type: ignore[union-attr]

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1), hidden

    model_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".encoder-", dir=model_dir.parent))
    try:
        sample = torch.ones((2, 8), dtype=torch.long)
        dynamic = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES}
        dynamic["embedding"] = {0: "batch"}
        dynamic["token_embeddings"] = {0: "batch", 1: "tokens"}
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Pooled(), (sample, sample, torch.zeros_like(sample)), str(staging / MODEL_FILE),
                input_names=INPUT_NAMES, output_names=OUTPUT_NAMES, dynamic_axes=dynamic,
                opset_version=17, dynamo=False,
            )
        _split_weights(staging / MODEL_FILE)
        shutil.copyfile(packaged_model_dir() / TOKENIZER_FILE, staging / TOKENIZER_FILE)
        _describe(staging)
        staging.chmod(0o755)
        if model_dir.exists():
            shutil.rmtree(model_dir)
        staging.rename(model_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
