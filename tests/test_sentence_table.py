"""Sentence vectors are stored at index time, carried over for unchanged files, and used instead of embedding."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.ask import Engine, ask
from qa.index import sentence_table, store
from qa.index.build import BuildOptions, update_index
from qa.index.sentence_table import SentenceSpill, chunk_sentences
from tests.fakes import FakeEncoder

ARTICLES = {
    "a.txt": "The council approved the harbour plan on Monday. Work starts in May. The mayor was pleased.",
    "b.txt": "A storm closed the ferry line. Repairs will take two weeks. Passengers were told to wait.",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


class CountingEncoder(FakeEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return super().encode(texts)


def test_every_sentence_of_every_chunk_is_stored_with_its_vector(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "a")
    update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    stored = store.load(tmp_path / "v")
    assert stored.sentences is not None
    expected = FakeEncoder()
    for row, chunk in enumerate(stored.chunks):
        spans, vectors = stored.sentences.chunk_vectors(row)
        assert spans.tolist() == [list(s) for s in chunk_sentences(chunk.text)]
        texts = [chunk.text[s:e] for s, e in spans.tolist()]
        assert np.allclose(vectors.astype(np.float32), expected.encode(texts), atol=1e-3)


def test_an_update_embeds_only_the_sentences_of_changed_files(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "a")
    update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    (corpus / "b.txt").write_text("A storm closed the ferry line. Repairs are done.\n", encoding="utf-8")
    encoder = CountingEncoder()
    report = update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: encoder))
    assert report.unchanged == 1 and report.changed == 1
    assert not any("harbour" in text or "mayor" in text for text in encoder.texts)
    assert "Repairs are done." in encoder.texts


def test_a_question_embeds_nothing_but_itself(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "a")
    update_index([corpus], tmp_path / "v", BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    encoder = CountingEncoder()
    result = ask("When does work on the harbour start?", Engine.open(tmp_path / "v", encoder=encoder))
    assert encoder.texts == ["When does work on the harbour start?"]
    assert result.passages


def test_the_spill_writes_the_same_table_as_assembling_in_memory(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    parts = [([(0, 5), (6, 9)], rng.random((2, 8))), ([], np.zeros((0, 8))), ([(0, 4)], rng.random((1, 8))),
             ([(1, 3), (4, 7), (8, 9)], rng.random((3, 8)))]
    spill = SentenceSpill(tmp_path / "spill.tmp", 8)
    kept = spill.keep(np.array(parts[3][0], dtype=np.int32), parts[3][1].astype(np.float16))
    handles = [spill.add(*part) for part in parts[:3]] + [kept]
    order = [2, 0, 3, 1]
    (tmp_path / "out").mkdir()
    spill.write(tmp_path / "out", [handles[i] for i in order])
    spill.close()
    expected = sentence_table.assemble([parts[i] for i in order], 8)
    written = sentence_table.load(tmp_path / "out", 8)
    assert written is not None and not (tmp_path / "spill.tmp").exists()
    assert np.array_equal(written.spans, expected.spans)
    assert np.array_equal(np.asarray(written.vectors), expected.vectors)
