"""Converting character offsets in an article to (row, column) locations of a TextArea, and back."""

from __future__ import annotations

Location = tuple[int, int]


def location_of(text: str, offset: int) -> Location:
    """The row and column of `offset`, splitting lines the way Textual's Document does (str.splitlines)."""
    pieces = text[:offset].splitlines(keepends=True)
    if not pieces:
        return (0, 0)
    last = pieces[-1]
    if last.splitlines() != [last]:
        return (len(pieces), 0)
    return (len(pieces) - 1, len(last))


def offset_of(text: str, location: Location) -> int:
    row, column = location
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[:row]) + column
