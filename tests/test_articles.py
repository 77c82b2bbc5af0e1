from datetime import datetime
from pathlib import Path

import numpy as np

from qa.ask import Engine, articles, ask
from qa.index import article_lexical, store
from qa.index.build import BuildOptions, update_index
from qa.types import Chunk
from tests.fakes import FakeEncoder

TEXT = "Harbour closes\n\nThe harbour closed on Monday. Ships waited outside. The port reopened on Friday.\n"


def _chunk(source: str, text: str, start: int, end: int) -> Chunk:
    return Chunk(source, start, end, 1, text[start:end])


def test_article_text_joins_overlapping_chunks_without_repeating_the_overlap() -> None:
    chunks = [_chunk("a.txt", TEXT, 0, 45), _chunk("a.txt", TEXT, 16, 70), _chunk("a.txt", TEXT, 45, len(TEXT)),
              _chunk("b.txt", "Only text.", 0, 10)]
    assert article_lexical.article_texts(chunks) == [TEXT, "Only text."]


def test_article_text_skips_what_cleaning_left_out_and_a_chunk_inside_another() -> None:
    chunks = [_chunk("a.txt", TEXT, 0, 14), _chunk("a.txt", TEXT, 16, 44), _chunk("a.txt", TEXT, 20, 40)]
    assert article_lexical.article_texts(chunks) == [TEXT[0:14] + TEXT[16:44]]


def test_headline_is_a_short_first_line_standing_alone() -> None:
    assert article_lexical.headline(TEXT) == "Harbour closes"
    assert article_lexical.headline(TEXT.replace("\n", "\r\n")) == "Harbour closes"
    assert article_lexical.headline("The harbour closed.\nShips waited.") == ""
    assert article_lexical.headline("x" * (article_lexical.MAX_HEADLINE_CHARS + 1) + "\n\nBody.") == ""
    assert article_lexical.lexical_text(TEXT).count("Harbour closes") == article_lexical.HEADLINE_COPIES
    assert article_lexical.lexical_text("No headline here. Just text.") == "No headline here. Just text."


def _index(tmp_path: Path) -> Engine:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "bridge.txt").write_text("Bridge repairs\n\nThe bridge was repaired in May. Traffic returned.\n",
                                       encoding="utf-8")
    (corpus / "school.txt").write_text("School year\n\nThe school year starts in September. Pupils returned.\n",
                                       encoding="utf-8")
    (corpus / "metadata.csv").write_text("file,date\nharbour.txt,2020-01-06\nbridge.txt,2020-05-01\n"
                                         "school.txt,2020-09-01\n", encoding="utf-8")
    encoder = FakeEncoder()
    update_index([corpus], tmp_path / "vectors", BuildOptions(encoder_factory=lambda n: encoder))
    return Engine(tmp_path / "vectors", store.load(tmp_path / "vectors"), encoder)


def test_the_index_ranks_articles_and_each_article_table_row_is_one_file(tmp_path: Path) -> None:
    engine = _index(tmp_path)
    assert engine.stored.manifest.has_article_ranking
    table = engine.article_table
    assert table is not None
    assert [Path(s).name for s in table.sources] == ["bridge.txt", "harbour.txt", "school.txt"]
    for article, source in enumerate(table.sources):
        rows = range(table.first[article], table.end[article])
        assert {engine.stored.chunks[row].source for row in rows} == {source}
        assert all(table.of_chunk[row] == article for row in rows)
    owners = engine.stored.sentences.spans[:, 0]
    assert np.all(table.of_chunk[owners[table.sentence_first[1]:table.sentence_end[1]]] == 1)


def test_the_article_about_the_question_comes_first_and_dates_bound_it(tmp_path: Path) -> None:
    engine = _index(tmp_path)
    result = ask("When did the harbour close?", engine, k=3)
    assert [a.rank for a in result.articles] == [1, 2, 3]
    assert Path(result.articles[0].source).name == "harbour.txt"
    assert result.articles[0].date == "2020-01-06"
    assert [a.score for a in result.articles] == sorted((a.score for a in result.articles), reverse=True)
    later = ask("When did the harbour close?", engine, k=3, since="2020-03")
    assert {Path(a.source).name for a in later.articles} <= {"bridge.txt", "school.txt"}
    assert "articles" in result.as_json() and result.as_json()["articles"][0]["rank"] == 1


def test_evidence_weights_add_up_as_the_score() -> None:
    found = articles.ArticleEvidence(np.array([4, 7]), np.array([1.0, 0.2]), np.array([0.3, 0.6]),
                                     np.array([0.1, 0.5]))
    weights = articles.ArticleWeights(lexical=0.5, best_sentence=1.0, mean_sentence=0.3)
    assert np.allclose(found.scores(weights), [0.5 + 0.3 + 0.03, 0.1 + 0.6 + 0.15])
    assert [a for a, _ in articles.rank(found, 2, weights)] == [7, 4]
    assert articles.rank(found, 1, weights) == [(7, found.scores(weights)[1])]


def test_a_document_level_eval_ranks_documents_by_the_article_ranking(tmp_path: Path, monkeypatch) -> None:
    from qa.evaluation import runner
    from qa.evaluation.loaders import EvalQuestion, EvalSet
    from qa.types import Article, Passage, Result

    def answered(question: str, engine: Engine, k: int, history: object = ()) -> Result:
        passage = Passage(1, "docs/bridge.txt", 0, 5, 1, 0.9, "Bridge")
        return Result(question, None, (passage,), articles=(Article(1, "docs/harbour.txt", 1.2),
                                                            Article(2, "docs/bridge.txt", 0.4)))

    monkeypatch.setattr(runner, "ask", answered)
    question = EvalQuestion("When did the harbour close?", sources=("harbour.txt",), relevant={"harbour": 1})
    engine = _index(tmp_path)
    documents = runner.run(EvalSet("tiny", "beir", [question]), engine, (1, 3)).systems[0].values
    assert documents["ndcg@10"] == 1.0 and documents["source_hit@1"] == 1.0
    passages = runner.run(EvalSet("tiny", "jsonl", [question]), engine, (1, 3)).systems[0].values
    assert passages["source_hit@1"] == 0.0 and passages["article_hit@1"] == 1.0
    assert documents["article_hit@1"] is None  # on doc-level sets source hit is already the articles'


def test_text_output_and_the_chat_list_the_articles_labelled_by_whether_something_answers() -> None:
    from qa.render import ARTICLES, CLOSEST_ARTICLES, format_result
    from qa.types import Answer, Article, Result
    from tui.widgets.exchange import articles_content

    ranked = (Article(1, "news/a.txt", 1.2, "2020-01-06"), Article(2, "news/b.txt", 0.4))
    answer = Answer("The harbour closed on Monday.", "news/a.txt", 16, 45, 3, 0.8)
    answered = Result("When did the harbour close?", answer, (), articles=ranked)
    text = format_result(answered, width=80)
    assert text.endswith(f"{ARTICLES}\n  1. news/a.txt  score 1.200  2020-01-06\n  2. news/b.txt  score 0.400")
    assert articles_content(answered).plain == f"{ARTICLES} a.txt, b.txt"
    unanswered = Result("What is the capital of France?", None, (), articles=ranked)
    assert CLOSEST_ARTICLES in format_result(unanswered, width=80)
    assert articles_content(unanswered).plain.startswith(CLOSEST_ARTICLES)
    assert ARTICLES not in format_result(Result("Why?", answer, ()), width=80)


def test_a_when_answer_shows_the_day_it_tells_of_in_text_and_in_the_chat() -> None:
    from qa.render import format_result
    from qa.types import Answer, Result
    from tui.transcript import to_markdown
    from tui.widgets.answer_view import answer_content

    answer = Answer("OPEC agreed this weekend in Vienna.", "news/opec.txt", 0, 35, 1, 0.8, "1987-06-29")
    asked = Result("On what day did OPEC agree?", answer, (), event_date="1987-06-27")
    assert "\n   tells of 1987-06-27\n" in format_result(asked, width=80) + "\n"
    assert "tells of 1987-06-27" in answer_content(asked, "0.2 s").plain
    assert "Tells of 1987-06-27." in to_markdown([asked], datetime(1987, 7, 1))
    plain = Result("Where did OPEC agree?", answer, ())
    assert "tells of" not in format_result(plain, width=80) and "tells of" not in answer_content(plain, "").plain
