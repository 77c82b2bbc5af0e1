"""A damaged index is refused on load with one line naming the fix, and nothing rewrites it but --rebuild."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from qa.ask import Engine
from qa.errors import BrokenIndexError
from qa.index import article_lexical, lexical, sentence_table, store
from qa.index.build import BuildOptions, update_index
from tests.fakes import FakeEncoder
from tests.reliability_support import (
    ask_json,
    check_offsets,
    one_line_error,
    run,
)

QUESTION = "Who approved the harbour plan?"
FIX = "qa index --rebuild"


def _edit_manifest(**changes: object) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / store.MANIFEST_FILE
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for key, value in changes.items():
            if key == "dimension":
                manifest["model"]["dimension"] = value
            elif key == "model":
                manifest["model"]["name"] = value
            else:
                manifest[key] = value
        path.write_text(json.dumps(manifest), encoding="utf-8")
    return edit


def _truncate(name: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data[: len(data) // 2])
    return edit


def _drop_last_chunk(folder: Path) -> None:
    lines = (folder / store.CHUNKS_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / store.CHUNKS_FILE).write_text("".join(lines[:-1]), encoding="utf-8")


DAMAGE: dict[str, tuple[Callable[[Path], object], str]] = {
    "faiss truncated": (_truncate(store.FAISS_FILE), "index.faiss is missing or damaged"),
    "faiss missing": (lambda f: (f / store.FAISS_FILE).unlink(), "index.faiss is missing or damaged"),
    "manifest not JSON": (lambda f: (f / store.MANIFEST_FILE).write_text("{oops", encoding="utf-8"),
                          "manifest.json is damaged"),
    "manifest missing": (lambda f: (f / store.MANIFEST_FILE).unlink(), "manifest.json is missing"),
    "another model": (_edit_manifest(model="sentence-transformers/all-mpnet-base-v2"),
                      "built with sentence-transformers/all-mpnet"),
    "another dimension": (_edit_manifest(dimension=768), "(768 dims)"),
    "another format": (_edit_manifest(format_version=99), "another format"),
    "chunk table out of step": (_drop_last_chunk, "vectors but"),
    "chunk table not JSON": (lambda f: (f / store.CHUNKS_FILE).write_text("not json\n", encoding="utf-8"),
                             "chunks.jsonl is damaged"),
    "bm25 missing": (lambda f: shutil.rmtree(f / lexical.BM25_DIR), "bm25 is missing or damaged"),
    "article bm25 missing": (lambda f: shutil.rmtree(f / article_lexical.BM25_DIR),
                             "bm25_articles is missing or damaged"),
    "sentence vectors truncated": (_truncate(sentence_table.VECTORS_FILE), "sentence vectors in"),
    "sentence spans missing": (lambda f: (f / sentence_table.SPANS_FILE).unlink(), "sentence vectors in"),
    "resolved dates not JSON": (lambda f: (f / store.RESOLVED_DATES_FILE).write_text("[oops", encoding="utf-8"),
                                "resolved_dates.json is damaged"),
    "HEAD damaged": (lambda f: (f.parent / store.HEAD_FILE).write_text("../etc\n", encoding="utf-8"),
                     "HEAD is damaged"),
    "HEAD names nothing": (lambda f: (f.parent / store.HEAD_FILE).write_text("gen-0-0\n", encoding="utf-8"),
                           "manifest.json is missing"),
}


def _snapshot(index_dir: Path) -> dict[str, str]:
    return {str(p.relative_to(index_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(index_dir.rglob("*")) if p.is_file() and p.name != store.LOCK_FILE}


def _damaged(pristine: Path, tmp_path: Path, case: str) -> Path:
    shutil.copytree(pristine, tmp_path / "w")
    index_dir = tmp_path / "w" / "vectors"
    DAMAGE[case][0](store.current_generation(index_dir))
    return index_dir


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_damage_is_refused_on_load_with_the_fix(case: str, pristine: Path, tmp_path: Path) -> None:
    index_dir = _damaged(pristine, tmp_path, case)
    with pytest.raises(BrokenIndexError) as caught:
        Engine.open(index_dir, encoder=FakeEncoder())
    assert DAMAGE[case][1] in caught.value.message and FIX in caught.value.message
    assert "\n" not in caught.value.message
    before = _snapshot(index_dir)
    with pytest.raises(BrokenIndexError):
        update_index([tmp_path / "w" / "articles"], index_dir, BuildOptions(encoder_factory=lambda n: FakeEncoder()))
    assert _snapshot(index_dir) == before


FALLS_BACK = {"HEAD damaged", "HEAD names nothing"}  # the one generation is intact: qa answers from it, warned


@pytest.mark.parametrize("case", sorted(set(DAMAGE) - FALLS_BACK))
def test_ask_exits_2_and_never_rebuilds_a_damaged_index(case: str, pristine: Path, tmp_path: Path) -> None:
    """The articles changed too, so `qa ask` would update the index if it took the damage for staleness."""
    index_dir = _damaged(pristine, tmp_path, case)
    (tmp_path / "w" / "articles" / "0000.txt").write_text("A new article about the bridge.\n", encoding="utf-8")
    before = _snapshot(index_dir)
    done = run(["ask", QUESTION, "--index", str(index_dir)], cwd=tmp_path)
    one_line_error(done, DAMAGE[case][1], FIX)
    assert _snapshot(index_dir) == before


def test_an_index_made_with_another_encoder_is_refused_and_the_fix_works(seed_index: Path, pristine: Path,
                                                                         tmp_path: Path) -> None:
    shutil.copytree(pristine, tmp_path / "w")
    index_dir = tmp_path / "w" / "vectors"
    manifest = store.current_generation(index_dir) / store.MANIFEST_FILE
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["model"]["encoder"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    one_line_error(run(["ask", QUESTION, "--json", "--index", str(index_dir)], cwd=tmp_path),
                   "another question encoder", FIX)
    repaired = run(["index", "--rebuild", "--index", str(index_dir)], cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert check_offsets(ask_json(QUESTION, index_dir, tmp_path), tmp_path) >= 5


def test_index_without_rebuild_refuses_and_rebuild_repairs(seed_index: Path, pristine: Path, tmp_path: Path) -> None:
    index_dir = _damaged(pristine, tmp_path, "faiss truncated")
    articles = tmp_path / "w" / "articles"
    one_line_error(run(["index", str(articles), "--index", str(index_dir)], cwd=tmp_path), "index.faiss", FIX)
    repaired = run(["index", str(articles), "--rebuild", "--index", str(index_dir)], cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert check_offsets(ask_json(QUESTION, index_dir, tmp_path), tmp_path) >= 5


NO_ROOTS = {"manifest not JSON", "manifest missing"}  # nothing left says which folders the index was made from


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_the_printed_fix_repairs_every_damage(case: str, seed_index: Path, pristine: Path, tmp_path: Path) -> None:
    """`qa index --rebuild --index DIR` (what the error says, to the letter) ignores the damage and rebuilds from
    the folders the index was built from; when no manifest says which, it asks for them in one line."""
    index_dir = _damaged(pristine, tmp_path, case)
    refused = run(["ask", QUESTION, "--index", str(index_dir)], cwd=tmp_path)
    assert refused.returncode == (0 if case in FALLS_BACK else 2)
    fix = re.split("run: |repaired with: ", refused.stderr.strip())[-1]
    assert fix == f"qa index --rebuild --index {index_dir}"
    repaired = run([*fix.split()[1:]], cwd=tmp_path)
    if case in NO_ROOTS:
        one_line_error(repaired, "does not say which folders", f"qa index FOLDER --rebuild --index {index_dir}")
        repaired = run(["index", str(tmp_path / "w" / "articles"), "--rebuild", "--index", str(index_dir)],
                       cwd=tmp_path)
    assert repaired.returncode == 0, repaired.stderr
    assert "12 added" in repaired.stdout
    assert check_offsets(ask_json(QUESTION, index_dir, tmp_path), tmp_path) >= 5


@pytest.mark.parametrize("case", ["faiss truncated", "manifest not JSON", "bm25 missing", *sorted(FALLS_BACK)])
def test_without_rebuild_qa_answers_from_the_previous_intact_generation(case: str, seed_index: Path, pristine: Path,
                                                                        tmp_path: Path) -> None:
    shutil.copytree(pristine, tmp_path / "w")
    index_dir = tmp_path / "w" / "vectors"
    articles = tmp_path / "w" / "articles"
    (articles / "0000.txt").write_text("Harbour news\n\nThe harbour closed on Monday after a storm.\n",
                                       encoding="utf-8")
    assert run(["index", str(articles), "--index", str(index_dir)], cwd=tmp_path).returncode == 0
    current = store.current_generation(index_dir)
    previous = [p.name for p in index_dir.glob("gen-*") if p != current]
    assert len(previous) == 1
    DAMAGE[case][0](current)
    if case.startswith("HEAD"):  # the generation it named is intact, and the newest
        previous = [current.name]
    before = _snapshot(index_dir)
    done = run(["ask", QUESTION, "--json", "--index", str(index_dir)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warning = done.stderr.strip().splitlines()
    assert len(warning) == 1 and DAMAGE[case][1] in warning[0]
    assert f"answering from the previous index ({previous[0]})" in warning[0]
    assert warning[0].endswith(f"qa index --rebuild --index {index_dir}")
    assert check_offsets(json.loads(done.stdout), tmp_path) >= 5
    assert _snapshot(index_dir) == before
