"""Settings and default paths; every user-state path can be redirected by an environment variable."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIMENSION = 384
MODEL_MAX_TOKENS = 256
FORMAT_VERSION = 1
ARTICLE_SUFFIXES = (".txt", ".md")
QUANTIZED_BY_DEFAULT = False  # int8 (`qa index --quantize`) is 1.6x faster but moved 2 of 42 Reuters answers


@dataclass(frozen=True)
class ChunkSettings:
    """How articles are cut into passages; stored in the manifest so a change forces a rebuild.

    A passage holds whole sentences up to `max_tokens`; when that would cut a paragraph, it grows to the paragraph's
    end if it still fits in `paragraph_tokens` (so a paragraph that fits the model's window is never split).
    """

    max_tokens: int = 160
    overlap_sentences: int = 1
    paragraph_tokens: int = MODEL_MAX_TOKENS  # capped at what fits the model window with its special tokens
    cleaning: int = 2  # the version of the cleaning rules (2: page-furniture phrases only in prompt-sized lines)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def default_index_dir() -> Path:
    env = os.environ.get("QA_INDEX")
    if env:
        return Path(env)
    return repo_root() / "vectors"


def index_named(option: Path | None) -> bool:
    """Whether the user named the index folder (`--index` or $QA_INDEX) rather than taking the default vectors/:
    only the default index may be built from the default corpus behind the user's back."""
    return option is not None or bool(os.environ.get("QA_INDEX"))


def cache_root() -> Path:
    """Where qa keeps what it can make again (the exported encoder, benchmark indexes): $QA_CACHE, else
    $XDG_CACHE_HOME/qa, else ~/.cache/qa."""
    env = os.environ.get("QA_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qa"


def default_corpus_dirs() -> list[Path]:
    return [repo_root() / "seeds"]
