"""One exported encoder per machine: shared by every index, checked by hash, made again when damaged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.ask import Engine
from qa.config import QUANTIZED_BY_DEFAULT
from qa.errors import BrokenIndexError
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.index.encoder_cache import EncoderMissingError, encoder_folder, encoder_for
from qa.index.onnx_encoder import INFO_FILE, QUANTIZED_FILE
from qa.index.onnx_export import ready_encoder


def test_indexes_share_the_cached_encoder_and_hold_no_copy(seed_index: Path, seed_corpus: Path,
                                                           tmp_path: Path) -> None:
    other = tmp_path / "vectors"
    (other / store.LEGACY_ENCODER_DIR).mkdir(parents=True)  # an older qa kept its own copy here
    update_index([seed_corpus], other, BuildOptions())
    cached = ready_encoder(QUANTIZED_BY_DEFAULT)
    for index_dir in (seed_index, other):
        assert not (index_dir / store.LEGACY_ENCODER_DIR).exists()
        assert store.load_manifest(index_dir).model.encoder == cached.digest
    assert cached.folder == encoder_folder() and cached.graph.is_file()


@pytest.fixture()
def own_cache(seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's encoder cache that a test may damage."""
    folder = encoder_folder()
    monkeypatch.setenv("QA_CACHE", str(tmp_path / "cache"))
    shutil.copytree(folder, encoder_folder())
    return encoder_folder()


def test_a_damaged_cached_file_is_made_again_with_the_same_digest(own_cache: Path) -> None:
    before = ready_encoder(quantized=True).digest
    graph = own_cache / QUANTIZED_FILE
    graph.write_bytes(graph.read_bytes()[:100_000])
    said: list[str] = []
    again = ready_encoder(quantized=True, announce=said.append)
    assert again.digest == before and graph.stat().st_size > 1_000_000
    assert any("Exporting the question encoder" in line for line in said)


def test_a_file_changed_in_place_is_hashed_again_and_counts_as_damage(own_cache: Path) -> None:
    before = ready_encoder(quantized=True).digest
    graph = own_cache / QUANTIZED_FILE
    graph.write_bytes(bytes(graph.stat().st_size))  # the same size, other bytes, a new modification time
    with pytest.raises(EncoderMissingError, match="not in this machine's cache.*run: qa index"):
        encoder_for(None, quantized=True)
    assert ready_encoder(quantized=True).digest == before == encoder_for(None, quantized=True).digest
    info = json.loads((own_cache / INFO_FILE).read_text(encoding="utf-8"))
    assert info["stamps"][QUANTIZED_FILE] == [graph.stat().st_size, graph.stat().st_mtime_ns]


def test_an_index_made_with_another_encoder_is_refused(seed_index: Path) -> None:
    with pytest.raises(BrokenIndexError, match="another question encoder.*qa index --rebuild"):
        encoder_for("0" * 64, QUANTIZED_BY_DEFAULT)
    assert Engine.open(seed_index).encoder.identity == ready_encoder(QUANTIZED_BY_DEFAULT).digest  # type: ignore[attr-defined]


def test_the_one_shot_path_exports_a_lost_encoder_again(seed_index: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.engine import Callbacks, open_engine

    monkeypatch.setenv("QA_CACHE", str(tmp_path / "emptied-cache"))
    said: list[str] = []
    engine = open_engine(seed_index, Callbacks(announce=said.append)).engine
    assert engine.encoder.identity == store.load_manifest(seed_index).model.encoder  # type: ignore[attr-defined]
    assert any("Exporting the question encoder" in line for line in said)


def test_a_cache_that_cannot_be_written_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.errors import IndexWriteError

    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QA_CACHE", str(tmp_path / "a-file" / "cache"))
    with pytest.raises(IndexWriteError, match="question encoder's cache .* set QA_CACHE to a writable folder"):
        ready_encoder(quantized=False)
