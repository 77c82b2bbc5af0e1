"""One exported encoder per machine, shared by every index: $QA_CACHE/encoders/<model>-v<format>/.

The folder holds the ONNX export of the model (full precision, weights beside the graph), its int8 copy and the
tokenizer, with `encoder.json` naming each file's SHA-256. An encoder is known by its digest (a hash of the files a
precision reads); an index records the digest its vectors were made with, and the question path checks the cached
files against it before using them. A damaged or missing cache is exported again by the index side
(`onnx_export.ready_encoder`: torch, once); an index made with an encoder the cache does not give must be rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qa.config import MODEL_NAME, cache_root
from qa.errors import BrokenIndexError
from qa.index.onnx_encoder import (
    EXPORT_FORMAT,
    INFO_FILE,
    MODEL_FILE,
    QUANTIZED_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
)

FIX = "run: qa index --rebuild"


@dataclass(frozen=True)
class CachedEncoder:
    """An exported encoder of one precision: the graph onnxruntime opens, its tokenizer, and its digest."""

    folder: Path
    quantized: bool
    digest: str

    @property
    def graph(self) -> Path:
        return self.folder / (QUANTIZED_FILE if self.quantized else MODEL_FILE)

    @property
    def tokenizer(self) -> Path:
        return self.folder / TOKENIZER_FILE


def encoder_folder() -> Path:
    """Where this machine keeps the exported encoder of the model qa uses."""
    return cache_root() / "encoders" / f"{MODEL_NAME.split('/')[-1]}-v{EXPORT_FORMAT}"


def files_read(quantized: bool) -> tuple[str, ...]:
    """The files a precision's session and tokenizer read: what its digest covers."""
    return (QUANTIZED_FILE, TOKENIZER_FILE) if quantized else (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE)


def encoder_for(digest: str | None, quantized: bool) -> CachedEncoder:
    """The cached encoder an index's vectors were made with, refused when the cache gives another. An index that
    recorded none (made before the cache, or by a test's encoder) gets the cache's encoder of its precision."""
    cached = verified_encoder(quantized)
    if cached is None:
        raise EncoderMissingError(f"the question encoder is not in this machine's cache ({encoder_folder()}); "
                                  "run: qa index", quantized)
    if digest is not None and digest != cached.digest:
        raise BrokenIndexError(f"the index was embedded with another question encoder ({digest[:12]}) than this "
                               f"machine's ({cached.digest[:12]}); {FIX}")
    return cached


class EncoderMissingError(BrokenIndexError):
    """The cache lacks the encoder (or holds a damaged one): exporting it again repairs it."""

    def __init__(self, message: str, quantized: bool) -> None:
        super().__init__(message)
        self.quantized = quantized


def verified_encoder(quantized: bool) -> CachedEncoder | None:
    """The cached encoder of a precision when every file it reads is there with the hash `encoder.json` names."""
    return _verified(encoder_folder(), quantized)


def _verified(folder: Path, quantized: bool) -> CachedEncoder | None:
    """The folder's encoder of a precision when every file it reads is there with the hash `encoder.json` names.

    A file is hashed again whenever its size or modification time differ from those recorded with its hash (as git
    trusts its index): a cold question so reads 90 MB of weights only when they changed (0.1 s otherwise)."""
    try:
        recorded = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        hashes, stamps = recorded["sha256"], recorded.get("stamps", {})
        if recorded.get("model") != MODEL_NAME or recorded.get("format") != EXPORT_FORMAT:
            return None
        names = files_read(quantized)
        now = {name: file_stamp(folder / name) for name in names}
        actual = {name: hashes[name] if stamps.get(name) == now[name] else file_sha256(folder / name)
                  for name in names}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(hashes.get(name) != actual[name] for name in names):
        return None
    if any(stamps.get(name) != now[name] for name in names):  # hashed in full and found intact: remember when
        _remember_stamps(folder, recorded, now)
    return CachedEncoder(folder, quantized, _digest(actual[name] for name in names))


def _digest(hashes: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


def _remember_stamps(folder: Path, recorded: dict[str, object], now: dict[str, list[int]]) -> None:
    stamps = recorded.get("stamps")
    updated = {**recorded, "stamps": {**(stamps if isinstance(stamps, dict) else {}), **now}}
    staging = folder / f".{INFO_FILE}.{os.getpid()}.tmp"
    try:
        staging.write_text(json.dumps(updated, indent=2), encoding="utf-8")
        staging.replace(folder / INFO_FILE)
    except OSError:  # a read-only cache is still verified, in full, each time
        staging.unlink(missing_ok=True)


def file_stamp(path: Path) -> list[int]:
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
