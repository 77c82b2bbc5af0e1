"""Follow-up questions read with the conversation: the gate, the pronoun, entity, time and question-word swaps,
and the topic carried into retrieval (examples of our own, not from the follow-up question set)."""

from __future__ import annotations

from qa.ask.followup import Turn, entities, is_followup, understand


def test_a_question_with_its_own_subject_stands_alone() -> None:
    history = [Turn("Who runs Acme Corp?", "John Smith")]
    understood = understand("How much did Globex Corp earn in 1986?", history)
    assert not understood.followup
    assert understood.reader_text == understood.search_text == "How much did Globex Corp earn in 1986?"


def test_without_history_nothing_is_a_followup() -> None:
    assert not understand("Who is its chairman?", []).followup


def test_pronouns_point_back_to_the_previous_answer_or_question() -> None:
    history = [Turn("Which company agreed to buy Globex Corp in May?", "Acme Corp")]
    understood = understand("Who is its chairman?", history)
    assert understood.followup
    assert understood.reader_text == "Who is Acme Corp's chairman?"
    assert "Globex Corp" in understood.carried and "Acme Corp" in understood.carried
    assert "Globex Corp" in understood.search_text  # retrieval searches within the topic

    person = understand("Where did she study?", [Turn("Who heads the Federal Reserve Board?", "Jane Doe")])
    assert person.reader_text == "Where did Jane Doe study?"


def test_what_about_swaps_the_entity_and_and_in_swaps_the_time() -> None:
    history = [Turn("How much did Acme Corp earn in March 1986?", "3 mln dlrs")]
    assert understand("What about Globex?", history).reader_text == "How much did Globex earn in March 1986?"
    assert understand("And in April?", history).reader_text == "How much did Acme Corp earn in April?"


def test_a_bare_question_word_asks_the_previous_question_again() -> None:
    history = [Turn("When did the Bundesbank cut its discount rate?", "January 22")]
    assert understand("Why?", history).reader_text == "Why did the Bundesbank cut its discount rate?"


def test_the_gate() -> None:
    assert is_followup("What did the company earn?")  # refers back, names nothing of its own
    assert is_followup("and how many workers?")
    assert not is_followup("How many workers does Globex employ in Ohio?")


def test_entities_leave_out_question_words_calendar_names_and_possessives() -> None:
    assert entities("Which British bank cut Japan's rate on March 9?") == ["British", "Japan"]
    assert entities("Cargill U.K. said") == ["Cargill U.K."]


def test_and_with_a_preposition_swaps_the_phrase_after_it() -> None:
    history = [Turn("How many people were jobless in France in May?", "2.6 mln")]
    assert understand("And in Spain?", history).reader_text == "How many people were jobless in Spain in May?"
    rate = [Turn("What rate against the yen did the dollar reach on Friday?", "140 yen")]
    swapped = understand("And against the mark?", rate).reader_text
    assert swapped == "What rate against the mark did the dollar reach on Friday?"
