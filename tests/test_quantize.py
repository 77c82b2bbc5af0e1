"""The int8 model (the default) or full precision: it embeds articles and questions alike, and the choice sticks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.ask import Engine, ask
from qa.index.build import BuildOptions, update_index
from qa.index.encoder_choice import is_quantized
from qa.index.onnx_encoder import OnnxEncoder
from qa.index.onnx_export import ready_encoder
from tests.fakes import FakeEncoder

TEXTS = ["Kim Jong Un flew to Dalian in May.", "The harbour reopened after repairs.", "How often did Kim visit?"]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("The council approved the harbour plan. Work starts in May.\n", encoding="utf-8")
    (folder / "b.txt").write_text("A storm closed the ferry line. Repairs take two weeks.\n", encoding="utf-8")
    return folder


def test_the_choice_is_recorded_kept_by_updates_and_undone_only_on_request(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "a")
    index_dir = tmp_path / "v"
    update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert not is_quantized(index_dir)  # full precision unless told otherwise
    update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder(), quantize=True))
    assert is_quantized(index_dir)
    (corpus / "c.txt").write_text("The bridge was painted blue.\n", encoding="utf-8")
    added = update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert is_quantized(index_dir) and added.embedded < added.chunks  # kept: only the new file embedded
    back = update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder(), quantize=False))
    assert not is_quantized(index_dir) and back.embedded == back.chunks  # another precision: all re-embedded
    kept = update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder(), rebuild=True))
    assert not is_quantized(index_dir) and kept.embedded == kept.chunks  # a rebuild keeps the index's precision


def test_the_int8_model_stays_close_to_full_precision() -> None:
    full = OnnxEncoder(ready_encoder(quantized=False)).encode(TEXTS)
    int8 = OnnxEncoder(ready_encoder(quantized=True)).encode(TEXTS)
    cosines = (full * int8).sum(axis=1)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-3)
    assert cosines.min() > 0.97  # one scale per output channel (one per matrix gave 0.91 on Reuters passages)


def test_an_int8_seed_index_answers_with_the_int8_model(seed_corpus: Path, seed_index: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "vectors"
    update_index([seed_corpus], index_dir, BuildOptions(quantize=True))
    engine = Engine.open(index_dir)
    assert engine.stored.manifest.model.quantized is True
    assert engine.stored.manifest.model.encoder == ready_encoder(quantized=True).digest
    assert Engine.open(seed_index).stored.manifest.model.encoder == ready_encoder(quantized=False).digest
    result = ask("How many times has Kim visited China?", engine)
    assert result.answer is not None and "fourth" in result.answer.text
