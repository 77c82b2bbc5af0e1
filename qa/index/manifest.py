"""The manifest of an index generation, typed: what model and chunking made it, which files it holds and when each
article is dated. The store is the one place that reads and writes it as JSON (`manifest.json`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from qa.config import FORMAT_VERSION, MODEL_DIMENSION, MODEL_MAX_TOKENS, MODEL_NAME, ChunkSettings

SENTENCE_VECTORS = "pooled-from-chunk"  # how the stored sentence vectors were made; another way re-embeds all
ARTICLE_RANKING = "bm25-headline3-v1"  # how whole articles are indexed; an index without it gets it added


@dataclass(frozen=True)
class ModelInfo:
    """The embedding model and how its vectors were made."""

    name: str = MODEL_NAME
    dimension: int = MODEL_DIMENSION
    max_tokens: int = MODEL_MAX_TOKENS
    normalized: bool = True
    quantized: bool = False  # embedded with the int8 ONNX model (the default; `qa index --no-quantize`: fp32)
    sentence_vectors: str | None = SENTENCE_VECTORS
    encoder: str | None = None  # the digest of the cached encoder that made the vectors (None: not recorded)


@dataclass(frozen=True)
class FileEntry:
    """One indexed article: the stamp and hash of its bytes, its date and where the date came from, its title and
    outlet when known, and its encoding when it is not UTF-8."""

    sha256: str
    size: int
    mtime_ns: int
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    date_from: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class SkippedFile:
    """A file that could not be indexed, with its stamp (so it does not look changed until it is) and why."""

    size: int
    mtime_ns: int
    reason: str


@dataclass(frozen=True)
class Manifest:
    """What one index generation holds and how it was made; `roots` and file keys are relative to the index."""

    model: ModelInfo
    chunking: Mapping[str, int]
    roots: tuple[str, ...]
    files: Mapping[str, FileEntry]
    sidecars: Mapping[str, str] = field(default_factory=dict)
    skipped: Mapping[str, SkippedFile] = field(default_factory=dict)
    chunks: int | None = None
    articles: str | None = None
    format_version: int = FORMAT_VERSION
    follow_links: bool = False  # links that lead outside the roots were indexed (`qa index --follow-links`)

    @property
    def quantized(self) -> bool:
        return self.model.quantized

    @property
    def has_article_ranking(self) -> bool:
        """Whether the index ranks whole articles the way this version does."""
        return self.articles == ARTICLE_RANKING

    def made_with(self, settings: ChunkSettings) -> bool:
        """Whether the passages and sentence vectors are the ones `settings` and this version make; if not, every
        article has to be embedded again."""
        return dict(self.chunking) == settings.as_dict() and self.model.sentence_vectors == SENTENCE_VECTORS

    def dates(self) -> dict[str, str]:
        """{source: ISO date} of every dated article."""
        return {source: entry.date for source, entry in self.files.items() if entry.date}

    def dating(self) -> tuple[Any, ...]:
        """The sidecar hashes and each article's date, title and outlet: a change rewrites the index even if no
        article changed."""
        return dict(self.sidecars), {s: (e.date, e.title, e.outlet) for s, e in self.files.items()}

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "model": asdict(self.model),
            "chunking": dict(self.chunking),
            "roots": list(self.roots),
            "files": {source: _present(asdict(entry)) for source, entry in self.files.items()},
            "sidecars": dict(self.sidecars),
            "skipped": {source: asdict(s) for source, s in self.skipped.items()},
            "chunks": self.chunks,
            "articles": self.articles,
            "follow_links": self.follow_links,
        }

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        """Raises ValueError (or KeyError, TypeError) when `data` is not a manifest."""
        if not isinstance(data, dict):
            raise ValueError("a manifest is a JSON object")
        for key, kind in (("model", dict), ("chunking", dict), ("roots", list), ("files", dict), ("sidecars", dict),
                          ("skipped", dict)):
            if key in data and not isinstance(data[key], kind):
                raise ValueError(f"{key} is not a {kind.__name__}")
        if not all(isinstance(root, str) for root in data.get("roots", [])):
            raise ValueError("roots are not paths")
        model = data.get("model") or {}
        return cls(
            model=ModelInfo(str(model.get("name")), int(model.get("dimension") or 0),
                            model.get("max_tokens", MODEL_MAX_TOKENS),
                            bool(model.get("normalized", True)), bool(model.get("quantized", False)),
                            model.get("sentence_vectors"), _text_or_none(model.get("encoder"))),
            chunking=dict(data.get("chunking") or {}),
            roots=tuple(str(r) for r in data.get("roots", [])),
            files={str(s): FileEntry(**e) for s, e in data.get("files", {}).items()},
            sidecars={str(k): str(v) for k, v in data.get("sidecars", {}).items()},
            skipped={str(s): SkippedFile(**e) for s, e in data.get("skipped", {}).items()},
            chunks=data.get("chunks"),
            articles=data.get("articles"),
            format_version=data.get("format_version", -1),
            follow_links=bool(data.get("follow_links", False)),
        )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}
