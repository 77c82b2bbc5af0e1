"""Realistic input that used to end in a traceback: each now gets a warning or one clear line, never a traceback."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from qa.errors import IndexWriteError
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.index.staleness import stale_sources
from tests.fakes import FakeEncoder
from tests.reliability_support import one_line_error, run

BRIDGE = "Bridge news\n\nThe bridge opened on Tuesday, officials said.\n"


def _fake(corpus: Path, index_dir: Path):
    return update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))


def test_a_file_name_that_is_not_utf8_is_skipped_with_a_warning(seed_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(BRIDGE, encoding="utf-8")
    with open(os.fsencode(corpus) + b"/caf\xe9.txt", "w", encoding="utf-8") as handle:
        handle.write("Cafe news\n\nThe cafe opened on Monday.\n")
    index_dir = tmp_path / "vectors"
    done = run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "caf\ufffd.txt: its name is not valid UTF-8" in done.stderr and "1 added" in done.stdout
    asked = run(["ask", "When did the bridge open?", "--index", str(index_dir)], cwd=tmp_path)
    assert asked.returncode == 0 and "Tuesday" in asked.stdout


def test_a_corpus_of_only_empty_or_boilerplate_files_is_one_clear_error(seed_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "blank.txt").write_text("  \n\n", encoding="utf-8")
    index_dir = tmp_path / "vectors"
    one_line_error(run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path),
                   "nothing to index under", "empty or hold only boilerplate")
    for name in ("share.txt", "share-again.txt"):
        (corpus / name).write_text("Share on Facebook\nSubscribe to our newsletter\n", encoding="utf-8")
    one_line_error(run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path),
                   "the 4 article(s) there are empty or hold only boilerplate")
    assert not store.exists(index_dir)


def test_huge_malformed_or_unreadable_sidecars_count_as_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(BRIDGE, encoding="utf-8")
    (corpus / "metadata.csv").write_text(f"file,date,title\nok.txt,2020-01-03,{'x' * 200_000}\n", encoding="utf-8")
    _fake(corpus, tmp_path / "v")
    entry = store.load_manifest(tmp_path / "v").files["../articles/ok.txt"]
    assert entry.date == "2020-01-03" and entry.title == "x" * 1000
    (corpus / "metadata.csv").unlink()
    (corpus / "metadata.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    _fake(corpus, tmp_path / "v")
    assert store.load_manifest(tmp_path / "v").files["../articles/ok.txt"].date is None
    real_read_bytes = Path.read_bytes

    def unreadable(path: Path) -> bytes:
        if path.name == "metadata.json":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    monkeypatch.setattr(Path, "read_text", lambda path, *a, **k: unreadable(path).decode("utf-8"))
    assert stale_sources(tmp_path / "v")  # the sidecar's hash could not be taken: looked at again, no traceback
    _fake(corpus, tmp_path / "v")
    assert not stale_sources(tmp_path / "v")


def test_a_full_disk_while_exporting_the_encoder_is_one_clear_error(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(BRIDGE, encoding="utf-8")

    def full_disk(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setenv("QA_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setattr("qa.index.onnx_export.export_encoder", full_disk)
    with pytest.raises(IndexWriteError, match=r"question encoder .* \(No space left on device\); the previous index"):
        update_index([corpus], tmp_path / "v")
    assert not store.exists(tmp_path / "v")


def test_a_file_too_large_to_read_is_skipped_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(BRIDGE, encoding="utf-8")
    (corpus / "huge.txt").write_text("Huge news\n\n" + "The flood went on. " * 200, encoding="utf-8")
    monkeypatch.setattr("qa.ingest.files.MAX_FILE_BYTES", 1000)
    report = _fake(corpus, tmp_path / "v")
    assert any("huge.txt" in w and "split it into articles" in w for w in report.warnings)
    assert [Path(s).name for s in store.load_manifest(tmp_path / "v").files] == ["ok.txt"]


def test_eval_on_a_question_file_that_is_not_utf8_is_one_clear_error(seed_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_bytes(b"\xff\xfe" + json.dumps({"question": "x"}).encode("utf-16-le"))
    one_line_error(run(["eval", str(questions), "--index", str(seed_index)], cwd=tmp_path), "not UTF-8 text")
