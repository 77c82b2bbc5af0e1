"""Loaders of question sets: our JSONL, SQuAD v1.1 JSON, BEIR folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.config import ChunkSettings
from qa.errors import InputError
from qa.evaluation.corpus import corpus_index_dir
from qa.evaluation.loaders import load

SQUAD = {
    "version": "1.1",
    "data": [{"title": "T", "paragraphs": [
        {"context": "Denver won the game.", "qas": [
            {"id": "1", "question": "Who won?", "answers": [{"text": "Denver", "answer_start": 0},
                                                           {"text": "Denver", "answer_start": 0}]}]},
        {"context": "It rained in Paris.", "qas": [
            {"id": "2", "question": "Where did it rain?", "answers": [{"text": "Paris", "answer_start": 13}]}]},
    ]}],
}


def test_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"question": "Q?", "answers": ["a"], "sources": ["x.txt"]}) + "\n\n"
                    + json.dumps({"question": "Nope?", "answers": [], "unanswerable": True}) + "\n")
    loaded = load(path)
    assert loaded.kind == "jsonl" and loaded.corpus is None
    assert [q.question for q in loaded.questions] == ["Q?", "Nope?"]
    assert loaded.questions[0].answers == ("a",) and loaded.questions[0].sources == ("x.txt",)
    assert loaded.questions[1].unanswerable


def test_jsonl_bad_line_names_it(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text('{"question": "ok"}\n{"answers": []}\n')
    with pytest.raises(InputError, match="set.jsonl:2"):
        load(path)


def test_squad_paragraphs_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(SQUAD))
    loaded = load(path)
    assert loaded.kind == "squad"
    assert [(d.doc_id, d.text) for d in loaded.corpus or []] == [("p00000", "Denver won the game."),
                                                                 ("p00001", "It rained in Paris.")]
    first, second = loaded.questions
    assert first.answers == ("Denver",) and first.sources == ("p00000.txt",)
    assert second.sources == ("p00001.txt",)
    assert len(loaded.fingerprint) == 64


def test_sample_is_fixed_by_seed(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps({"question": f"q{i}"}) + "\n" for i in range(20)))
    loaded = load(path)
    a, b, c = loaded.sample(5, 0), loaded.sample(5, 0), loaded.sample(5, 1)
    assert [q.question for q in a.questions] == [q.question for q in b.questions]
    assert [q.question for q in a.questions] != [q.question for q in c.questions]
    assert loaded.sample(50, 0) is loaded


def test_beir_folder(tmp_path: Path) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        json.dumps({"_id": "10", "title": "Title", "text": "Body."}) + "\n"
        + json.dumps({"_id": "11", "title": "", "text": "Other."}) + "\n")
    (tmp_path / "queries.jsonl").write_text(
        json.dumps({"_id": "1", "text": "claim one"}) + "\n" + json.dumps({"_id": "2", "text": "unjudged"}) + "\n")
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\r\n1\t10\t1\r\n1\t11\t0\r\n")
    loaded = load(tmp_path)
    assert loaded.kind == "beir"
    assert [(d.doc_id, d.text) for d in loaded.corpus or []] == [("10", "Title\n\nBody."), ("11", "Other.")]
    assert len(loaded.questions) == 1
    assert loaded.questions[0].question == "claim one"
    assert loaded.questions[0].relevant == {"10": 1}
    assert loaded.questions[0].sources == ("10.txt",)


def test_missing_beir_file_is_explained(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="corpus.jsonl is missing"):
        load(tmp_path)


def test_a_split_set_gives_each_half_and_skips_its_comment_line() -> None:
    from qa.config import repo_root

    path = repo_root() / "tests" / "data" / "reuters_questions.jsonl"
    whole = load(path)
    tune, report = whole.half("tune"), whole.half("report")
    assert len(tune.questions) + len(report.questions) == len(whole.questions) >= 80
    assert {q.half for q in tune.questions} == {"tune"} and {q.half for q in report.questions} == {"report"}
    assert sum(q.unanswerable for q in whole.questions) >= 15
    assert sum(q.unanswerable for q in report.questions) >= 7


def test_a_set_without_halves_refuses_half(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "Who?", "answers": ["x"]}\n', encoding="utf-8")
    with pytest.raises(InputError):
        load(path).half("report")


def test_squad_report_half_is_the_held_out_articles_and_absent_drops_them(tmp_path: Path) -> None:
    import json

    articles = [{"title": f"A{i}", "paragraphs": [{"context": f"Paragraph of article {i}.", "qas": [
        {"question": f"Which article is {i}?", "id": str(i), "answers": [{"text": str(i), "answer_start": 21}]}]}]}
        for i in range(6)]
    path = tmp_path / "squad.json"
    path.write_text(json.dumps({"version": "1.1", "data": articles}), encoding="utf-8")
    report = load(path).half("report")
    assert [q.article for q in report.questions] == ["A2", "A5"]
    assert report.corpus is not None and len(report.corpus) == 6
    absent = report.without_own_articles()
    assert absent.corpus is not None and {d.article for d in absent.corpus} == {"A0", "A1", "A3", "A4"}
    assert all(q.unanswerable for q in absent.questions)
    settings = ChunkSettings()
    assert corpus_index_dir(absent, settings) != corpus_index_dir(report, settings)  # never the cached whole corpus


def test_squad2_unanswerable_questions_replace_the_set_keeping_their_articles_halves(tmp_path: Path) -> None:
    import json

    articles = [{"title": f"A{i}", "paragraphs": [{"context": f"Paragraph of article {i}.", "qas": [
        {"question": f"Which article is {i}?", "id": str(i), "answers": [{"text": str(i), "answer_start": 21}]}]}]}
        for i in range(6)]
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps({"version": "1.1", "data": articles}), encoding="utf-8")
    impossible = [{"title": title, "paragraphs": [{"context": "Paragraph.", "qas": [
        {"question": f"What did {title} deny?", "id": title, "is_impossible": True, "answers": []},
        {"question": f"What is {title}?", "id": title + "a", "is_impossible": False, "answers": []}]}]}
        for title in ("A1", "A2", "Elsewhere")]
    squad2 = tmp_path / "dev-v2.0.json"
    squad2.write_text(json.dumps({"version": "v2.0", "data": impossible}), encoding="utf-8")
    loaded = load(squad).unanswerable_from(squad2)
    assert [(q.question, q.half, q.unanswerable) for q in loaded.questions] == [
        ("What did A1 deny?", "tune", True), ("What did A2 deny?", "report", True)]
    assert loaded.corpus == load(squad).corpus and loaded.fingerprint == load(squad).fingerprint  # the cached index
    assert [q.question for q in loaded.half("report").questions] == ["What did A2 deny?"]
    with pytest.raises(InputError, match="no unanswerable question"):
        load(squad).unanswerable_from(squad)
