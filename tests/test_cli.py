"""The command line as a user runs it: real subprocesses, the real model, the JSON contract checked on the files."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qa.index import article_lexical, store

from .conftest import SEEDS

QA = [sys.executable, "-m", "qa"]
KIM = "How many times has Kim visited China?"


def run(args: list[str], cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None):
    return subprocess.run(QA + args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def check_offsets(payload: dict, cwd: Path) -> None:
    items = list(payload["passages"]) + ([payload["answer"]] if payload["answer"] else [])
    for item in items:
        with open(cwd / item["source"], encoding="utf-8", newline="") as handle:
            assert handle.read()[item["start"]:item["end"]] == item["text"]



def test_json_contract_and_exact_offsets(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", KIM, "--json", "-k", "4", "--index", str(seed_index)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["question"] == KIM
    assert set(payload["answer"]) >= {"text", "source", "start", "end"}
    assert "fourth" in payload["answer"]["text"]
    assert Path(payload["answer"]["source"]).name[:3] in {"001", "002", "003"}
    assert [p["rank"] for p in payload["passages"]] == [1, 2, 3, 4]
    for passage in payload["passages"]:
        assert set(passage) >= {"rank", "source", "start", "end", "line", "score", "text"}
        assert isinstance(passage["score"], float) and isinstance(passage["line"], int)
    check_offsets(payload, tmp_path)


def test_text_output_cites_file_and_line(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", KIM, "--index", str(seed_index)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "fourth" in done.stdout
    assert ".txt:" in done.stdout and "[1]" in done.stdout and "[5]" in done.stdout


def test_unanswerable_question_says_so_and_still_lists_passages(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", "What is the capital of France?", "--json", "--index", str(seed_index)], cwd=tmp_path)
    payload = json.loads(done.stdout)
    assert payload["answer"] is None and len(payload["passages"]) == 5
    text = run(["ask", "What is the capital of France?", "--index", str(seed_index)], cwd=tmp_path)
    assert "Nothing in the articles answers this" in text.stdout


def test_batch_questions_from_stdin(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", "--json", "--index", str(seed_index)], cwd=tmp_path,
               stdin=f"{KIM}\n\nWhere did Kim fly in May?\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["question"] for p in lines] == [KIM, "Where did Kim fly in May?"]
    for payload in lines:
        check_offsets(payload, tmp_path)
    blocks = run(["ask", "--index", str(seed_index)], cwd=tmp_path, stdin=f"{KIM}\nWhere did Kim fly in May?\n")
    assert blocks.stdout.count("Q: ") == 2


def test_output_cut_short_by_its_reader_ends_quietly(seed_index: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(QA + ["ask", "--index", str(seed_index)], cwd=tmp_path, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    process.stdin.write("\n".join([KIM] * 40) + "\n")
    process.stdin.close()
    assert process.stdout.readline().startswith("Q: ")
    process.stdout.close()  # as `qa ask ... | head -1` does
    assert process.wait(timeout=300) != 0
    assert "Traceback" not in process.stderr.read()


def test_a_missing_index_the_user_named_is_an_error_not_a_seed_index(seed_index: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "vectors"
    for named in (["--index", str(index_dir)], []):
        env = {} if named else {"QA_INDEX": str(index_dir)}
        done = run(["ask", KIM, "--json", *named], cwd=tmp_path, env=env)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.strip().splitlines() == [
            f"qa: error: no index in {index_dir} (none was built there, or its first build was interrupted); "
            f"build it with: qa index FOLDER --index {index_dir}"]
        assert not store.exists(index_dir)


def test_the_default_index_is_built_from_the_seeds_first_and_announced(seed_index: Path, tmp_path: Path) -> None:
    from qa.engine import Callbacks, open_engine

    said: list[str] = []
    index_dir = tmp_path / "vectors"
    opened = open_engine(index_dir, Callbacks(said.append))
    assert "building it from" in said[0] and str(SEEDS) in said[0]
    assert opened.engine.articles == len(list(SEEDS.glob("*.txt")))


def test_changed_sources_are_updated_first_and_announced(seed_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    index_dir = tmp_path / "vectors"
    assert run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path).returncode == 0
    (corpus / "005_new.txt").write_text(
        "Zebras at the city zoo\n\nThe city zoo welcomed three zebras named Ada, Bo and Cy on Tuesday.\n",
        encoding="utf-8")
    done = run(["ask", "How many zebras did the zoo welcome?", "--json", "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "updating" in done.stderr
    payload = json.loads(done.stdout)
    assert "zebras" in payload["answer"]["text"]
    check_offsets(payload, tmp_path)


def test_an_index_made_by_an_older_qa_is_embedded_again_and_announced(seed_index: Path, tmp_path: Path) -> None:
    from qa.config import ChunkSettings
    from qa.index.build import BuildOptions, update_index

    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    index_dir = tmp_path / "vectors"
    update_index([corpus], index_dir, BuildOptions(settings=ChunkSettings(max_tokens=60, paragraph_tokens=0)))
    old_chunks = len(store.load(index_dir).chunks)
    done = run(["ask", KIM, "--json", "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "older version of qa" in done.stderr
    assert store.load_manifest(index_dir).chunking == ChunkSettings().as_dict()
    assert len(store.load(index_dir).chunks) < old_chunks
    check_offsets(json.loads(done.stdout), tmp_path)
    again = run(["ask", KIM, "--json", "--index", str(index_dir)], cwd=tmp_path)
    assert again.returncode == 0 and "older version" not in again.stderr


def test_an_index_without_article_ranking_gets_it_without_embedding_again(seed_index: Path, tmp_path: Path) -> None:
    from qa.index.build import update_index

    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    index_dir = tmp_path / "vectors"
    update_index([corpus], index_dir)
    generation = store.current_generation(index_dir)
    manifest = json.loads((generation / store.MANIFEST_FILE).read_text(encoding="utf-8"))
    del manifest["articles"]
    (generation / store.MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    shutil.rmtree(generation / article_lexical.BM25_DIR)
    assert store.load(index_dir).article_bm25 is None
    done = run(["ask", KIM, "--json", "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no article ranking" in done.stderr and ", 0 embedded" in done.stderr
    payload = json.loads(done.stdout)
    assert len(payload["articles"]) == 5
    assert {Path(a["source"]).name for a in payload["articles"]} == {p.name for p in corpus.glob("*.txt")}
    assert all((tmp_path / a["source"]).is_file() for a in payload["articles"])


def test_index_reports_what_it_did(seed_index: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    shutil.copytree(SEEDS, corpus)
    index_dir = tmp_path / "vectors"
    first = run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "0 unchanged, 0 changed, 5 added, 0 removed" in first.stdout
    assert first.stdout.count("\n") == 1  # not a terminal: one summary line, no progress bar
    (corpus / "000_51b87278988e9c30.txt").write_text("Changed text about a harbour.\n", encoding="utf-8")
    second = run(["index", str(corpus), "--index", str(index_dir)], cwd=tmp_path)
    assert "4 unchanged, 1 changed, 0 added, 0 removed" in second.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "no/such/folder"], "no such folder"),
        (["index", "no/such/folder", "--index", "default-vectors"], "no such folder"),
        (["ask", ""], "the question is empty"),
        (["ask", "   \t "], "the question is empty"),
        (["ask", "Why?", "-k", "0"], "-k must be at least 1"),
        (["ask", "Why?", "--since", "2000", "--until", "1990"], "--since 2000 is after --until 1990"),
        (["ask", "Why?", "--after", "Who is Kim?", "--after", "  "], "an earlier question (--after"),
        (["eval", str(Path(__file__).parent / "data" / "seed_questions.jsonl"), "--after", "\u200b"],
         "--after: an earlier question is empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    done = run(args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and message in done.stderr
    assert "Traceback" not in done.stderr and "question 1" not in done.stderr  # one question: no batch numbering
    assert not (tmp_path / "default-vectors").exists()  # refused before any index is opened or built


def test_empty_corpus_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = run(["index", "empty", "--index", "v"], cwd=tmp_path)
    assert done.returncode == 2 and "no readable" in done.stderr and "Traceback" not in done.stderr


def test_qa_index_without_folders_on_a_new_named_index_asks_for_them(tmp_path: Path) -> None:
    index_dir = tmp_path / "vectors"
    done = run(["index", "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"qa: error: no index in {index_dir} (none was built there, or its first build "
                                   f"was interrupted); build it with: qa index FOLDER --index {index_dir}")


def test_a_follow_up_with_after_says_how_it_was_understood(seed_index: Path, tmp_path: Path) -> None:
    done = run(["ask", "--json", "Where was he expected to stay?", "--after",
                "Who visited Beijing in January 2019 for his fourth trip to China?", "--index", str(seed_index)],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["question"] == "Where was he expected to stay?"
    assert payload["understood_as"] and payload["understood_as"] != payload["question"]
    assert payload["carried"]
    check_offsets(payload, tmp_path)
    alone = json.loads(run(["ask", "--json", "Who runs the Heritage Foundation?", "--index", str(seed_index)],
                           cwd=tmp_path).stdout)
    assert alone["understood_as"] is None


def test_history_file_and_batch_lines_with_history(seed_index: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps(["Who is senior research fellow for Northeast Asia at the Heritage Foundation?"]))
    done = run(["ask", "--json", "Where did he work before?", "--history", str(history), "--index", str(seed_index)],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["understood_as"]
    lines = [json.dumps({"question": "What did he say?", "history": ["Who is Bruce Klingner?"]}),
             json.dumps({"question": 7}), KIM, json.dumps({"question": "Why?", "history": [" "]})]
    batch = run(["ask", "--json", "--index", str(seed_index)], cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert batch.returncode == 2
    out = [json.loads(line) for line in batch.stdout.splitlines()]
    assert out[0]["understood_as"] == "What did Bruce Klingner say?"
    assert "error" in out[1] and out[2]["understood_as"] is None
    assert "an earlier question" in out[3]["error"]


@pytest.mark.parametrize("content", ["not json", '{"a": 1}', "[1, 2]"])
def test_a_bad_history_file_is_one_line_and_exit_2(content: str, tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(content)
    done = run(["ask", "Where?", "--history", str(history), "--index", str(tmp_path / "none")], cwd=tmp_path)
    assert done.returncode == 2 and "history.json" in done.stderr and len(done.stderr.strip().splitlines()) == 1
