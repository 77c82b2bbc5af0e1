from pathlib import Path

import pytest

from qa.config import ChunkSettings
from qa.errors import InputError
from qa.index import store
from qa.index.build import BuildOptions, update_index
from qa.ingest.files import read_text
from tests.fakes import FakeEncoder

ARTICLE = "Headline about {topic}\n\nThe {topic} story began on Monday, officials said. It went on for days.\n"


def _write(folder: Path, name: str, topic: str) -> Path:
    path = folder / name
    path.write_text(ARTICLE.format(topic=topic), encoding="utf-8")
    return path


def _index(corpus: Path, index_dir: Path, encoder: FakeEncoder, rebuild: bool = False):
    return update_index([corpus], index_dir, BuildOptions(rebuild=rebuild, encoder_factory=lambda n: encoder))


def test_second_run_embeds_only_what_changed(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    for i, topic in enumerate(["harbour", "bridge", "election", "flood", "school"]):
        _write(corpus, f"{i}.txt", topic)
    index_dir = tmp_path / "vectors"
    encoder = FakeEncoder()

    first = _index(corpus, index_dir, encoder)
    assert (first.added, first.changed, first.removed, first.unchanged) == (5, 0, 0, 0)

    _write(corpus, "1.txt", "tunnel")
    _write(corpus, "5.md", "museum")
    (corpus / "4.txt").unlink()
    encoder.calls.clear()
    second = _index(corpus, index_dir, encoder)
    assert (second.unchanged, second.changed, second.added, second.removed) == (3, 1, 1, 1)
    assert "3 unchanged, 1 changed, 1 added, 1 removed" in second.summary()
    assert sum(encoder.calls) == second.embedded + second.sentences
    assert second.embedded == len([c for c in store.load(index_dir).chunks if c.source.endswith(("1.txt", "5.md"))])

    loaded = store.load(index_dir)
    sources = {Path(c.source).name for c in loaded.chunks}
    assert sources == {"0.txt", "1.txt", "2.txt", "3.txt", "5.md"}
    assert not any("bridge" in c.text for c in loaded.chunks)
    assert loaded.faiss_index.ntotal == len(loaded.chunks)


def test_unchanged_corpus_writes_nothing_new(tmp_path: Path) -> None:
    corpus = tmp_path / "a"
    corpus.mkdir()
    _write(corpus, "x.txt", "harbour")
    index_dir = tmp_path / "v"
    encoder = FakeEncoder()
    _index(corpus, index_dir, encoder)
    head = store.current_generation(index_dir)
    encoder.calls.clear()
    report = _index(corpus, index_dir, encoder)
    assert (report.unchanged, report.embedded) == (1, 0)
    assert encoder.calls == []
    assert store.current_generation(index_dir) == head


def test_rebuild_reembeds_everything(tmp_path: Path) -> None:
    corpus = tmp_path / "a"
    corpus.mkdir()
    _write(corpus, "x.txt", "harbour")
    _write(corpus, "y.txt", "bridge")
    index_dir = tmp_path / "v"
    _index(corpus, index_dir, FakeEncoder())
    report = _index(corpus, index_dir, FakeEncoder(), rebuild=True)
    assert report.embedded == report.chunks > 0


def test_changed_chunk_settings_force_a_full_reembed(tmp_path: Path) -> None:
    corpus = tmp_path / "a"
    corpus.mkdir()
    _write(corpus, "x.txt", "harbour")
    index_dir = tmp_path / "v"
    _index(corpus, index_dir, FakeEncoder())
    options = BuildOptions(settings=ChunkSettings(max_tokens=20), encoder_factory=lambda n: FakeEncoder())
    report = update_index([corpus], index_dir, options)
    assert report.embedded == report.chunks


def test_chunks_are_exact_spans_of_their_files(tmp_path: Path) -> None:
    corpus = tmp_path / "a"
    corpus.mkdir()
    (corpus / "crlf.txt").write_bytes("Title\r\n\r\nFirst line here.\r\nSecond “quoted” line.\r\n".encode())
    _write(corpus, "plain.md", "harbour")
    index_dir = tmp_path / "v"
    _index(corpus, index_dir, FakeEncoder())
    for chunk in store.load(index_dir).chunks:
        text = read_text((index_dir / chunk.source).resolve())
        assert text[chunk.start:chunk.end] == chunk.text
        assert chunk.line == text.count("\n", 0, chunk.start) + 1


def test_missing_folder_and_empty_corpus_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        _index(tmp_path / "nope", tmp_path / "v", FakeEncoder())
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no readable"):
        _index(tmp_path / "empty", tmp_path / "v", FakeEncoder())


def test_front_matter_dates_the_article_but_is_not_indexed_as_its_text(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    text = ("---\ntitle: Harbour news\ndate: 2020-02-03\n---\n\nHarbour closes\n\n"
            "The harbour closed on Monday, officials said. Ships waited outside.\n")
    (corpus / "a.md").write_text(text, encoding="utf-8")
    (corpus / "b.md").write_text("---\ndate: 2020-02-04\n---\n", encoding="utf-8")
    _index(corpus, tmp_path / "vectors", FakeEncoder())
    loaded = store.load(tmp_path / "vectors")
    dates = {Path(source).name: entry.date for source, entry in loaded.manifest.files.items()}
    assert dates == {"a.md": "2020-02-03", "b.md": "2020-02-04"}
    chunks = [c for c in loaded.chunks if c.source.endswith("a.md")]
    assert chunks[0].start == text.index("Harbour closes") and chunks[0].line == 6
    assert not any("date:" in c.text or "---" in c.text for c in loaded.chunks)
    for chunk in loaded.chunks:
        assert read_text(tmp_path / "vectors" / chunk.source)[chunk.start:chunk.end] == chunk.text
