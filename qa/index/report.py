"""What one build or update of the index did, as `qa index` prints it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IndexReport:
    """Counts of files and chunks, the time taken and the warnings about files that were skipped."""

    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0
    sentences: int = 0
    tokens: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def summary(self) -> str:
        text = (f"{self.unchanged} unchanged, {self.changed} changed, {self.added} added, {self.removed} removed; "
                f"{self.chunks} chunks, {self.embedded} embedded in {self.seconds:.1f} s")
        if self.embed_seconds > 0:
            text += (f" ({self.embedded / self.embed_seconds:.0f} chunks/s, {self.tokens / self.embed_seconds:.0f} "
                     f"tokens/s; {self.sentences} sentence vectors pooled from the same pass)")
        return text
