"""Kinds of damage to an index generation, made file by file: every file deleted, emptied, halved or garbled,
and targeted edits of each structure (arrays of the wrong length, type or shape; chunk rows with offsets out of
range; manifest fields of the wrong type; date resolutions that are no dates)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

Damage = Callable[[Path], None]


def _delete(name: str) -> Damage:
    return lambda gen: (gen / name).unlink()


def _empty(name: str) -> Damage:
    return lambda gen: (gen / name).write_bytes(b"")


def _halve(name: str) -> Damage:
    return lambda gen: (gen / name).write_bytes((gen / name).read_bytes()[: (gen / name).stat().st_size // 2])


def _garble(name: str) -> Damage:
    def edit(gen: Path) -> None:
        data = bytearray((gen / name).read_bytes())
        middle = len(data) // 2
        data[middle:middle + 64] = b"\xff" * len(data[middle:middle + 64])
        (gen / name).write_bytes(bytes(data))
    return edit


def _array(name: str, change: Callable[[np.ndarray], np.ndarray]) -> Damage:
    def edit(gen: Path) -> None:
        np.save(gen / name, change(np.load(gen / name, allow_pickle=False)), allow_pickle=False)
    return edit


def _json(name: str, change: Callable[[object], object]) -> Damage:
    def edit(gen: Path) -> None:
        (gen / name).write_text(json.dumps(change(json.loads((gen / name).read_text(encoding="utf-8")))),
                                encoding="utf-8")
    return edit


def _chunk_rows(change: Callable[[list[dict]], list[dict]]) -> Damage:
    def edit(gen: Path) -> None:
        rows = [json.loads(line) for line in (gen / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
        (gen / "chunks.jsonl").write_text("".join(json.dumps(r) + "\n" for r in change(rows)), encoding="utf-8")
    return edit


def _first_row(**fields: object) -> Callable[[list[dict]], list[dict]]:
    return lambda rows: [{**rows[0], **fields}, *rows[1:]]


def _set(key: str, value: object) -> Callable[[object], object]:
    def change(data: object) -> object:
        assert isinstance(data, dict)
        return {**data, key: value}
    return change


FILES = ["manifest.json", "chunks.jsonl", "index.faiss", "sentence_spans.npy", "sentence_vectors.npy",
         "resolved_dates.json", "bm25/data.csc.index.npy", "bm25/indices.csc.index.npy",
         "bm25/indptr.csc.index.npy", "bm25/vocab.index.json", "bm25/params.index.json",
         "bm25_articles/indptr.csc.index.npy", "bm25_articles/vocab.index.json"]

DAMAGE: dict[str, Damage] = {}
for _name in FILES:
    DAMAGE[f"{_name} deleted"] = _delete(_name)
    DAMAGE[f"{_name} emptied"] = _empty(_name)
    DAMAGE[f"{_name} halved"] = _halve(_name)
    DAMAGE[f"{_name} garbled"] = _garble(_name)
for _name in ["sentence_spans.npy", "sentence_vectors.npy", "bm25/data.csc.index.npy", "bm25/indices.csc.index.npy",
              "bm25/indptr.csc.index.npy", "bm25_articles/indptr.csc.index.npy"]:
    DAMAGE[f"{_name} one row short"] = _array(_name, lambda a: a[:-1])
    DAMAGE[f"{_name} as float64"] = _array(_name, lambda a: a.astype(np.float64))
    DAMAGE[f"{_name} flattened"] = _array(_name, lambda a: a.reshape(-1))
DAMAGE["bm25/indices.csc.index.npy out of range"] = _array("bm25/indices.csc.index.npy", lambda a: a + 10_000)
DAMAGE["bm25/indptr.csc.index.npy not increasing"] = _array("bm25/indptr.csc.index.npy", lambda a: a[::-1].copy())
DAMAGE["sentence_spans.npy offsets past the chunk"] = _array("sentence_spans.npy",
                                                             lambda a: a + np.array([0, 0, 100_000], dtype=a.dtype))
DAMAGE["sentence_spans.npy negative rows"] = _array("sentence_spans.npy", lambda a: a - np.array([1, 0, 0],
                                                                                                 dtype=a.dtype))
DAMAGE["bm25 vocabulary index past the matrix"] = _json("bm25/vocab.index.json",
                                                        lambda v: {k: i + 100_000 for k, i in v.items()})
DAMAGE["bm25 params with another document count"] = _json("bm25/params.index.json", _set("num_docs", 3))
DAMAGE["bm25 params with a text document count"] = _json("bm25/params.index.json", _set("num_docs", "many"))
DAMAGE["chunk with a negative start"] = _chunk_rows(_first_row(start=-5))
DAMAGE["chunk ending before it starts"] = _chunk_rows(_first_row(end=0))
DAMAGE["chunk past its file's end"] = _chunk_rows(lambda rows: [{**rows[0], "end": 10_000_000}, *rows[1:]])
DAMAGE["chunk text not its span's length"] = _chunk_rows(_first_row(text="something else"))
DAMAGE["chunk with line 0"] = _chunk_rows(_first_row(line=0))
DAMAGE["chunk with a text offset"] = _chunk_rows(_first_row(start="12"))
DAMAGE["chunk naming a file outside the index"] = _chunk_rows(_first_row(source="../../../../../etc/passwd"))
DAMAGE["chunks out of order"] = _chunk_rows(lambda rows: [rows[1], rows[0], *rows[2:]])
DAMAGE["chunk row without text"] = _chunk_rows(lambda rows: [{k: v for k, v in rows[0].items() if k != "text"},
                                                             *rows[1:]])
DAMAGE["manifest files as a list"] = _json("manifest.json", _set("files", []))
DAMAGE["manifest chunks as text"] = _json("manifest.json", _set("chunks", "12"))
DAMAGE["manifest roots as text"] = _json("manifest.json", _set("roots", "../articles"))
DAMAGE["manifest model as a list"] = _json("manifest.json", _set("model", []))
DAMAGE["manifest chunking as a list"] = _json("manifest.json", _set("chunking", [1, 2]))
DAMAGE["manifest file entry with an unknown key"] = _json(
    "manifest.json", lambda m: {**m, "files": {s: {**e, "colour": "red"} for s, e in m["files"].items()}})
DAMAGE["manifest file date not a date"] = _json(
    "manifest.json", lambda m: {**m, "files": {s: {**e, "date": "soon"} for s, e in m["files"].items()}})
DAMAGE["resolved dates that are no dates"] = _json("resolved_dates.json",
                                                   lambda rows: [[r[0], r[1], r[2], "never"] for r in rows] or
                                                   [["May", "2020-01-01", False, "never"]])
DAMAGE["resolved dates as objects"] = _json("resolved_dates.json", lambda rows: {"rows": rows})
