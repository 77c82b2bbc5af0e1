"""The FAISS side: inner-product search over normalized vectors, ids = row numbers.

Exact (flat) search while the index is small; beyond `FLAT_LIMIT` vectors an HNSW graph whose search
depth grows with the size, chosen so that recall@10 against exact search stays at or above 0.95
(measured by bench/ann_scale.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from qa.config import MODEL_DIMENSION
from qa.index.encoders import cpu_threads

if TYPE_CHECKING:
    import faiss

FLAT_LIMIT = 50_000
HNSW_NEIGHBOURS = 32
HNSW_BUILD_DEPTH = 80


def search_depth(count: int) -> int:
    """HNSW efSearch for an index of `count` vectors."""
    if count <= 200_000:
        return 64
    if count <= 2_000_000:
        return 128
    return 256


def build(vectors: np.ndarray) -> faiss.Index:
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index: faiss.Index
    if len(vectors) <= FLAT_LIMIT:
        index = faiss.IndexFlatIP(MODEL_DIMENSION)
    else:
        graph = faiss.IndexHNSWFlat(MODEL_DIMENSION, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_BUILD_DEPTH
        graph.hnsw.efSearch = search_depth(len(vectors))
        index = graph
    if len(vectors):
        faiss.omp_set_num_threads(cpu_threads())
        try:
            index.add(vectors)
        finally:
            faiss.omp_set_num_threads(1)
    return index


def prepare(index: faiss.Index) -> faiss.Index:
    """Ready a loaded index for one-query-at-a-time search: depth set from its size, one thread.

    A single query is over ten times faster on one OpenMP thread than on two (bench/ann_scale.py).
    """
    import faiss

    faiss.omp_set_num_threads(1)
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = search_depth(index.ntotal)
    return index


def search(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and row ids of the k nearest rows, best first; missing neighbours are dropped."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
