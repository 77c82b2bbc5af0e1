"""The one place where the answer is decided: the best sentence, unless the question counts or dates events
(the timeline's lead sentence answers it) or articles disagree on the number asked for (the latest one's)."""

from __future__ import annotations

from qa.stories.records import Conflict, Timeline
from qa.types import Answer

TIMELINE_SCORE = 1.0


def decide_answer(sentence: Answer | None, timeline: Timeline | None, conflict: Conflict | None) -> Answer | None:
    if timeline is not None and timeline.lead is not None:
        return Answer.of(timeline.lead, TIMELINE_SCORE, phrase=timeline.lead_phrase)
    if conflict is not None and sentence is not None:
        return Answer.of(conflict.preferred.citation, sentence.score)
    return sentence
