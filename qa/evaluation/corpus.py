"""A benchmark's own corpus as an index: documents written as files and indexed once, cached by content hash."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from qa.ask import Engine
from qa.config import QUANTIZED_BY_DEFAULT, ChunkSettings, cache_root
from qa.evaluation.loaders import EvalSet
from qa.index import store

CORPUS_DIR = "docs"
INDEX_DIR = "vectors"
DONE_FILE = "docs.complete"


def folder_index_dir(corpus: Path, quantize: bool = QUANTIZED_BY_DEFAULT) -> Path:
    """Where `qa eval --corpus DIR` keeps the index of that folder (one per folder path, and per model)."""
    key = hashlib.sha256(str(corpus.resolve()).encode()).hexdigest()[:16]
    return cache_root() / "eval" / f"corpus-{key}{'-int8' if quantize else ''}" / "vectors"


def corpus_index_dir(eval_set: EvalSet, settings: ChunkSettings, quantize: bool = QUANTIZED_BY_DEFAULT) -> Path:
    key = (f"{eval_set.kind}-{eval_set.fingerprint[:16]}-t{settings.max_tokens}o{settings.overlap_sentences}"
           f"p{settings.paragraph_tokens}c{settings.cleaning}")
    return cache_root() / "eval" / (key + ("-int8" if quantize else ""))


def open_corpus_engine(eval_set: EvalSet, settings: ChunkSettings | None = None,
                       announce: Callable[[str], None] = lambda _: None,
                       quantize: bool = QUANTIZED_BY_DEFAULT) -> Engine:
    """Index the set's documents (first time only) with the real model and open the index."""
    from qa.index.build import BuildOptions, update_index

    assert eval_set.corpus is not None
    settings = settings or ChunkSettings()
    folder = corpus_index_dir(eval_set, settings, quantize)
    docs = folder / CORPUS_DIR
    if not (folder / DONE_FILE).is_file():
        announce(f"writing {len(eval_set.corpus)} documents to {docs}")
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir(parents=True)
        for doc in eval_set.corpus:
            (docs / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (folder / DONE_FILE).write_text("ok\n")
    index_dir = folder / INDEX_DIR
    if not store.exists(index_dir):
        announce(f"indexing them into {index_dir} (once; later runs reuse it)")
    elif not store.load_manifest(index_dir).has_article_ranking:
        announce(f"adding the article ranking to {index_dir} (made by an older qa)")
    else:
        return Engine.open(index_dir)
    update_index([docs], index_dir, BuildOptions(settings=settings, on_wait=announce, quantize=quantize))
    return Engine.open(index_dir)
