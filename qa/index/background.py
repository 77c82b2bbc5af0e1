"""How many passages of general prose hold a term: the prior that steadies the IDF of a small folder's index.

Five articles make about forty passages; in them "did" is rarer than "stay", so a question's "did" outweighs what it
asks about. A term's document frequency is read as if the index held `PRIOR_PASSAGES` more passages of general prose
(1987 newswire and Wikipedia paragraphs, `background_terms.json`, made by `train/background_terms.py`): a large index
keeps its own frequencies, a small one leans on the prior.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

BACKGROUND_FILE = Path(__file__).with_name("background_terms.json")
PRIOR_PASSAGES = 200.0


@lru_cache(maxsize=1)
def _table() -> tuple[float, dict[str, int]]:
    table = json.loads(BACKGROUND_FILE.read_text(encoding="utf-8"))
    return float(table["documents"]), table["frequencies"]


def prior_share(term: str) -> float:
    """The share of general passages that hold the term (a term the table lacks: half a passage's worth)."""
    documents, frequencies = _table()
    return (frequencies.get(term, 0) + 0.5) / (documents + 1.0)


def steadied(documents: float, frequency: float, term: str) -> tuple[float, float]:
    """The index's passage count and the term's document frequency with the prior's passages added."""
    return documents + PRIOR_PASSAGES, frequency + PRIOR_PASSAGES * prior_share(term)
