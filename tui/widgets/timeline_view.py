"""A counting or timeline answer as a compact dated list: each event with its date, place and citations, then
what each article claimed as of its date, then the notes; or the note on conflicting numbers."""

from __future__ import annotations

from pathlib import PurePath

from textual.content import Content
from textual.widgets import Static

from qa.stories.records import Citation, Conflict, Timeline

CITED_PER_EVENT = 1


def _cite(citation: Citation) -> str:
    return f"{PurePath(citation.source).name}:{citation.line}"


def timeline_content(timeline: Timeline) -> Content:
    lines = [Content.styled(timeline.summary, "bold")]
    for event in timeline.events:
        called = f"  (called the {' / '.join(event.ordinals)})" if event.ordinals else ""
        cited = ", ".join(_cite(c) for c in event.mentions[:CITED_PER_EVENT])
        more = len(event.mentions) - CITED_PER_EVENT
        lines.append(Content.assemble(
            (f"{event.number:>2}. ", "$text-muted"),
            (event.when, "bold"),
            f"  {event.place}" if event.place else "",
            called,
            (f"  {cited}" + (f" +{more}" if more > 0 else ""), "$text-muted"),
        ))
    if timeline.claims:
        lines.append(Content.styled("As of their dates, the articles said:", "$text-muted"))
        for claim in timeline.claims:
            lines.append(Content.assemble(
                (f"  {claim.as_of or 'undated'}  ", "bold" if claim.latest else ""),
                f"“{claim.phrase}” → {claim.value}",
                (f"  {_cite(claim.citation)}", "$text-muted"),
                ("  latest", "bold $text-accent") if claim.latest else "",
            ))
    lines.extend(Content(note) for note in timeline.notes)
    return Content("\n").join(lines)


def conflict_content(conflict: Conflict) -> Content:
    lines = [Content.styled(conflict.note, "bold")]
    for statement in conflict.statements:
        latest = statement is conflict.preferred
        lines.append(Content.assemble(
            (f"  {statement.citation.date or 'undated'}  ", "bold" if latest else ""),
            statement.value,
            (f"  {_cite(statement.citation)}", "$text-muted"),
            ("  latest" if latest else "", "bold $text-accent"),
        ))
    return Content("\n").join(lines)


class TimelineView(Static):
    """Shown under the answer when the question counts or dates events, or when articles disagree."""

    def __init__(self, content: Content) -> None:
        super().__init__(content, classes="timeline")
