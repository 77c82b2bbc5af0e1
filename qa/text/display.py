"""Text from articles, file names and questions made safe to show on a terminal.

An article or a file name may hold terminal control sequences (ESC, the C1 controls such as U+009B CSI, BEL):
shown as they are, they can set the clipboard, open links or clear the screen. Every control character but tab
and line feed (and a carriage return that ends a line) becomes U+FFFD, one character for one, so that offsets
into the text stay valid; so does a lone surrogate (an undecodable byte of a file name), which cannot be printed.
Everything displayable (NBSP, soft hyphen, zero-width joiners) stays exactly as it is.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")
_C1_AND_DEL = re.compile(r"[\x7f-\x9f]")
T = TypeVar("T")


def displayable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def displayable_record(value: T) -> T:
    """A copy of a frozen record (or a tuple of them) with every string in it displayable."""
    if isinstance(value, str):
        return displayable(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(displayable_record(item) for item in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: displayable_record(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changes)
    return value


def json_escaped(dumped: str) -> str:
    """JSON text with DEL and the C1 controls escaped as \\u00XX too (`json.dumps` escapes only C0): they can only
    occur inside strings, where the escape means the same character."""
    return _C1_AND_DEL.sub(lambda match: f"\\u{ord(match.group(0)):04x}", dumped)
