"""The one entry point to a ready engine (`qa.engine.open_engine`): it builds, updates or rebuilds first, reports
through its callbacks, and a cancelled run stops between batches with the previous index in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import Callbacks, open_engine
from qa.errors import IndexCancelledError
from qa.index import store
from qa.index.build import EMBED_SLICE, BuildOptions, update_index
from tests.fakes import FakeEncoder

ARTICLE = "Harbour news {n}\n\nThe harbour of town {n} closed on Monday, officials said. Ships waited outside.\n"


def _corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:04d}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    return folder



class _CancelAfter:
    """Says 'cancelled' from its n-th question on, counting the questions."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.asked = 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.n


def test_a_cancelled_update_stops_between_batches_and_keeps_the_previous_index(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "articles", 3)
    index_dir = tmp_path / "vectors"
    update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    head = (index_dir / store.HEAD_FILE).read_text()
    for n in range(3, EMBED_SLICE + 40):  # two batches to embed
        (corpus / f"{n:04d}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    encoder = FakeEncoder()
    cancel = _CancelAfter(2)
    done: list[tuple[int, int]] = []
    options = BuildOptions(encoder_factory=lambda n: encoder, cancelled=cancel,
                           progress=lambda d, t: done.append((d, t)))
    with pytest.raises(IndexCancelledError, match="previous index is unchanged"):
        update_index([corpus], index_dir, options)
    assert cancel.asked == 2 and len(done) == 1 and done[0][0] == EMBED_SLICE  # one batch embedded, then stopped
    assert (index_dir / store.HEAD_FILE).read_text() == head
    assert len(store.load(index_dir).manifest.files) == 3
    assert not list(index_dir.glob(".gen-*.tmp"))


def test_open_engine_builds_a_missing_index_reports_and_opens_it(tmp_path: Path, seed_corpus: Path,
                                                                 seed_index: Path) -> None:
    said: list[str] = []
    progress: list[tuple[int, int]] = []
    index_dir = tmp_path / "vectors"
    callbacks = Callbacks(said.append, lambda d, t: progress.append((d, t)), loading=said.append)
    opened = open_engine(index_dir, callbacks, roots=[seed_corpus])
    assert opened.report is not None and opened.report.added == 5
    assert said[0].startswith(f"No index in {index_dir}") and said[-1] == "Loading the question encoder …"
    assert progress and progress[-1][0] == progress[-1][1]
    assert opened.engine.articles == 5 and len(opened.engine.stored.chunks) == opened.report.chunks
    again = open_engine(index_dir, Callbacks(said.append), roots=[seed_corpus])
    assert again.report is None


def test_open_engine_cancelled_leaves_no_index_behind(tmp_path: Path, seed_index: Path) -> None:
    corpus = _corpus(tmp_path / "articles", 2)
    index_dir = tmp_path / "vectors"
    with pytest.raises(IndexCancelledError):
        open_engine(index_dir, Callbacks(cancelled=lambda: True), roots=[corpus])
    assert not store.exists(index_dir)


class _MeddlingEncoder(FakeEncoder):
    """While the first batch is embedded, one article is rewritten and another deleted."""

    def __init__(self, changed: Path, deleted: Path) -> None:
        super().__init__()
        self.changed, self.deleted = changed, deleted

    def encode_with_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple:
        if self.deleted.exists():
            self.changed.write_text("Harbour news rewritten\n\nThe story changed while it was indexed.\n",
                                    encoding="utf-8")
            self.deleted.unlink()
        return super().encode_with_spans(texts, spans)


def test_files_changed_or_deleted_while_indexing_never_leave_a_stale_citation(tmp_path: Path) -> None:
    from qa.index.staleness import stale_sources

    corpus = _corpus(tmp_path / "articles", 4)
    changed, deleted = corpus / "0001.txt", corpus / "0002.txt"
    index_dir = tmp_path / "vectors"
    report = update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: _MeddlingEncoder(changed,
                                                                                                         deleted)))
    assert any("deleted while it was being indexed" in w for w in report.warnings)
    loaded = store.load(index_dir)
    assert sorted(Path(s).name for s in loaded.manifest.files) == ["0000.txt", "0001.txt", "0003.txt"]
    assert not any(c.source.endswith("0002.txt") for c in loaded.chunks) and report.chunks == len(loaded.chunks)
    assert stale_sources(index_dir)  # the rewritten file is seen as changed, not trusted with its old chunks
    again = update_index([corpus], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert (again.changed, again.unchanged) == (1, 2)
    assert not stale_sources(index_dir)
    for chunk in store.load(index_dir).chunks:
        text = (index_dir / chunk.source).resolve().read_text(encoding="utf-8")
        assert text[chunk.start:chunk.end] == chunk.text
