"""Follow-up questions read with the conversation: the gate, the pronoun, entity, time and question-word swaps,
and the topic carried into retrieval (examples of our own, not from the follow-up question set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ask import Engine, ask, pipeline
from qa.ask.followup import (
    ELLIPTICAL,
    NAMES_NOTHING,
    POINTS_BACK,
    Turn,
    Understanding,
    entities,
    followup_signal,
    is_followup,
    understand,
)
from qa.ask.pipeline import earlier_turns
from qa.types import Result
from tests.corpus_support import engine_over


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
    asked_who = understand("What was his job?", [Turn("Who told CNBC that North Korea and trade were kept apart?",
                                                       "Secretary of State Mike Pompeo")])
    assert asked_who.reader_text == "What was Secretary of State Mike Pompeo's job?"  # not North Korea's


def test_the_reader_reads_the_names_of_the_conversation_the_question_lacks() -> None:
    history = [Turn("In which Arizona town was the Southwest Forest Industries mill struck in March?", "Snowflake")]
    understood = understand("How many workers walked out?", history)
    assert understood.reader_text == "How many workers walked out?"
    assert understood.context == "Arizona Southwest Forest Industries"  # the question's names, not its answer's
    named = understand("How many of their workers walked out in Arizona?", history)
    assert named.context == "Southwest Forest Industries"  # a name the question already gives is not read twice
    assert understand("How many workers walked out?", []).context == ""


def test_a_phrase_of_a_headline_in_capitals_is_no_name_for_a_pronoun() -> None:
    headline = Turn("What was Acme Corp's net profit for 1986?", "LOWER", sentence="ACME CORP NET PROFIT LOWER")
    assert "LOWER" not in understand("How much of it came from its mines?", [headline]).reader_text
    bought = Turn("Which company bought Globex Corp?", "Acme Corp", sentence="Acme Corp said it bought Globex Corp.")
    assert understand("How much did it pay?", [bought]).reader_text == "How much did Acme Corp pay?"


def test_the_answer_to_which_one_did_it_is_the_pronoun_that_agrees_with_its_noun() -> None:
    bought = [Turn("Which company bought Kaiser Steel's plant in Napa?", "Oregon Steel Mills")]
    assert understand("How much did it pay?", bought).reader_text == "How much did Oregon Steel Mills pay?"
    minister = [Turn("Which Cyprus labour minister took part in the meeting?", "Andreas Moushouttas")]
    assert understand("What did he tell the union?", minister).reader_text == \
        "What did Andreas Moushouttas tell the union?"
    assert "Moushouttas" not in understand("What pay rise were they after?", minister).reader_text  # one minister
    banks = [Turn("Which banks cut their base rates on Monday?", "Barclays")]
    assert understand("By how much did they cut?", banks).reader_text == "By how much did Barclays cut?"
    owner = [Turn("Which country's oil minister is Rilwanu Lukman?", "Nigeria")]
    assert understand("Where did he travel next?", owner).reader_text == "Where did Rilwanu Lukman travel next?"


def test_he_is_the_subject_of_the_previous_question_before_another_name_in_it() -> None:
    history = [Turn("How many times did Sosnoff extend his tender offer for Caesars World?")]
    assert understand("When did he first bid for the company?", history).reader_text == \
        "When did Sosnoff first bid for the company?"  # not "Caesars World", two capitalised words


def test_they_after_a_how_many_question_are_the_things_it_counted() -> None:
    yards = [Turn("How many Japanese shipyards make up the cartel approved by the Fair Trade Commission?", "33")]
    assert understand("To how much will they limit output?", yards).reader_text == \
        "To how much will the Japanese shipyards limit output?"
    people = [Turn("How many people were left homeless by the New Zealand quake?", "3,000")]
    assert understand("Where did they find shelter?", people).reader_text == "Where did the people find shelter?"
    times = [Turn("How many times did Dart Group raise its offer?", "twice")]
    assert "the times" not in understand("When did they stop?", times).reader_text


def test_its_after_a_subject_of_the_question_is_that_subjects() -> None:
    history = [Turn("At what price did Acme Corp accept Globex shares?", "92 dlrs")]
    understood = understand("To what price did the rival group raise its bid?", history)
    assert understood.followup  # "the rival group" still leans on the conversation
    assert understood.reader_text == "To what price did the rival group raise its bid?"  # not "Acme Corp's bid"


def test_what_about_swaps_the_entity_and_and_in_swaps_the_time() -> None:
    history = [Turn("How much did Acme Corp earn in March 1986?", "3 mln dlrs")]
    assert understand("What about Globex?", history).reader_text == "How much did Globex earn in March 1986?"
    assert understand("And in April?", history).reader_text == "How much did Acme Corp earn in April?"


def test_a_bare_question_word_asks_the_previous_question_again() -> None:
    history = [Turn("When did the Bundesbank cut its discount rate?", "January 22")]
    assert understand("Why?", history).reader_text == "Why did the Bundesbank cut its discount rate?"
    fell = [Turn("By how much did Allied-Signal's aerospace profits fall?", "46 pct")]
    assert understand("Why?", fell).reader_text == "Why did Allied-Signal's aerospace profits fall?"
    allowed = [Turn("Until what date did the Treasury allow imports of uranium?", "July 1")]
    assert understand("Why?", allowed).reader_text == "Why did the Treasury allow imports of uranium?"


def test_a_name_with_a_middle_initial_is_a_persons_not_what_it_means() -> None:
    chairman = [Turn("Who is the chairman of Shearson Lehman Brothers Inc?", "Peter A. Cohen")]
    assert understand("What did he say about the market?", chairman).reader_text == \
        "What did Peter A. Cohen say about the market?"
    assert understand("How much stock does it plan to buy back?", chairman).reader_text == \
        "How much stock does Shearson Lehman Brothers Inc plan to buy back?"
    named = [Turn("What did Shearson Lehman Brothers earn?", "51 mln dlrs"),
             Turn("Who is the firm's chairman?", "Peter A. Cohen")]
    assert "Cohen" not in understand("How much stock does it plan to buy back?", named).reader_text  # a who's answer


def test_he_is_not_a_firm_that_answered_who_and_its_after_his_noun_is_that_nouns() -> None:
    run = [Turn("Who will run the acquired carrier?", "American Airlines Inc")]
    assert understand("Whom does he succeed?", run).reader_text == "Whom does he succeed?"
    stake = [Turn("Which investor disclosed a stake in Fairchild Industries?", "George Soros")]
    assert understand("Why did his fund agree to limit its buying?", stake).reader_text == \
        "Why did George Soros's fund agree to limit its buying?"


def test_the_gate() -> None:
    assert is_followup("What did the company earn?")  # refers back, names nothing of its own
    assert is_followup("and how many workers?")
    assert not is_followup("How many workers does Globex employ in Ohio?")


def test_entities_leave_out_question_words_calendar_names_and_possessives() -> None:
    assert entities("Which British bank cut Japan's rate on March 9?") == ["British", "Japan"]
    assert entities("Cargill U.K. said") == ["Cargill U.K."]
    assert entities("According to the China.org.cn piece, how did Kim describe it?") == ["China.org.cn", "Kim"]
    assert entities("During Kim's visit, where did he stay?") == ["Kim"]


def test_a_name_joined_by_and_is_one_when_it_ends_as_an_institutions() -> None:
    assert entities("Maxwell's British Printing and Communication Corp bid") == \
        ["Maxwell", "British Printing and Communication Corp"]
    assert entities("clashes between Moslems and Christians in Kaduna") == ["Moslems", "Christians", "Kaduna"]


def test_a_subject_and_its_object_are_not_both_the_same_name() -> None:
    bid = [Turn("How much had British Printing and Communication Corp offered for Harcourt?", "40 dlrs")]
    assert understand("Why did they pull it?", bid).reader_text == \
        "Why did British Printing and Communication Corp pull it?"


def test_and_with_a_preposition_swaps_the_phrase_after_it() -> None:
    history = [Turn("How many people were jobless in France in May?", "2.6 mln")]
    assert understand("And in Spain?", history).reader_text == "How many people were jobless in Spain in May?"
    rate = [Turn("What rate against the yen did the dollar reach on Friday?", "140 yen")]
    swapped = understand("And against the mark?", rate).reader_text
    assert swapped == "What rate against the mark did the dollar reach on Friday?"


def test_a_pronoun_bound_to_a_name_of_the_question_itself_does_not_point_back() -> None:
    assert not is_followup("Who accompanied Kim on his train journey?")
    assert not is_followup("What did Globex Corp say it would pay for Acme Corp?")
    assert followup_signal("Which country's oil minister is he?") == POINTS_BACK
    assert followup_signal("What quota did Iraq get under it?") == POINTS_BACK  # an object, not "Iraq said it would"
    assert followup_signal("Which non-OPEC country had he visited?") == POINTS_BACK  # "OPEC" is no "he"
    # "Commerce" only qualifies the one official asked about: "their" is someone earlier in the conversation
    assert followup_signal("Which Commerce official welcomed their compliance?") == POINTS_BACK
    assert not is_followup("Which Toshiba subsidiaries sold their machines?")
    assert not is_followup("What did Toshiba say about their sales?")


def test_a_pronoun_opening_a_clause_or_owned_by_the_asked_subject_is_bound_in_the_question() -> None:
    assert not is_followup("What did the Garuda DC-9 fly into before it crashed near Medan?")
    euro = "At what rate against the dollar did the euro open when it was launched?"  # names nothing: still read
    assert understand(euro, [Turn("Who runs Globex?", "Hank Scorpio")]).reader_text == euro  # with the topic
    assert not is_followup("How much did Globex seek in the lawsuit it filed against Acme Corp?")
    assert not is_followup("Which investor, through his company Acme Holdings, won the contest for Globex?")
    assert not is_followup("At which of its plants did Globex Corp lift a lockout?")
    assert followup_signal("What quota did Iraq get under it?") == POINTS_BACK  # an object stays the topic's
    assert followup_signal("What held back its growth?") == POINTS_BACK  # "held" is no noun asked about
    assert followup_signal("What price was his stock option at?") == POINTS_BACK  # the option is the subject


def test_it_as_an_object_in_a_clause_below_is_bound_to_a_name_other_than_the_subject() -> None:
    assert not is_followup("Which bank sued Globex in May to force it to complete the merger?")
    assert not is_followup("What offer did Acme ask Globex's board to allow it to make?")
    assert not is_followup("Which party lost Ohio in 1987 after governing it for 40 years?")
    assert followup_signal("When did Globex agree to sell it?") == POINTS_BACK  # Globex sells: it is another thing
    assert followup_signal("What quota did Iraq get under it?") == POINTS_BACK


def test_it_as_the_object_of_a_subordinate_clause_with_its_own_subject_means_the_other_name() -> None:
    assert not is_followup("How many products did Globex restrict when the regulators asked it to end controls?")
    assert not is_followup("Where had the Acme capital been before Globex moved it?")
    assert followup_signal("What did they say when Acme sued it?") == POINTS_BACK  # Acme is the clause's subject
    assert followup_signal("What did Globex say when asked it twice?") == POINTS_BACK  # no subject of its own


def test_a_possessive_after_the_questions_own_subject_is_that_subjects() -> None:
    assert not is_followup("When did the peso first rise above 20 cents in Mexico after its March fall?")
    assert not is_followup("Why did a Globex tanker sink off Ohio with its whole crew?")
    assert followup_signal("What is the size of its buffer stock under Globex rules?") == POINTS_BACK


def test_their_after_a_plural_subject_without_article_is_that_subjects() -> None:
    assert not is_followup("When were cocoa futures in London last as low as their May 4 close?")
    assert followup_signal("Why were shares of their company in London falling?") == POINTS_BACK


def test_it_before_an_irregular_past_verb_opens_a_relative_clause() -> None:
    assert not is_followup("Where will Globex build the plant it won in May?")
    assert is_followup("Where will it build the plant?")


def test_it_after_the_auxiliary_of_a_second_question_is_bound_to_a_name_before() -> None:
    assert not is_followup("Which bid for Globex came first, and on what day did it start?")
    assert is_followup("On what day did it start?")


def test_he_opening_a_clause_after_which_person_is_that_person() -> None:
    assert not is_followup("Which investor said in May that he held a stake in Globex?")
    assert followup_signal("Which investors said in May that he held a stake in Globex?") == POINTS_BACK


def test_a_bound_pronoun_is_kept_when_another_is_resolved() -> None:
    history = [Turn("Which company did Acme Corp agree to merge with?", "Globex", understood="")]
    understood = understand("Which firm sued Initech over it before its merger?", history)
    assert understood.followup
    assert "over Globex" in understood.reader_text
    assert "its merger" in understood.reader_text and "Initech's merger" not in understood.reader_text


def test_that_points_back_as_a_determiner_not_as_a_relative() -> None:
    assert followup_signal("What did Yeutter call that ruling?") == POINTS_BACK
    assert followup_signal("Until when was that offer extended?") == POINTS_BACK
    assert not is_followup("How did Acme Corp vote on the contract that ended the Globex strike?")
    assert not is_followup("What was the total number of patents that Tesla had?")
    assert not is_followup("What is the key accomplishment of Genghis Khan that modern Mongolians celebrate?")
    assert not is_followup("How many dollars did the Bank of Japan buy on March 27?")  # a name, not "the bank"
    assert not is_followup("Who led the Globex investor group that bid for Acme Corp?")


def test_a_referring_phrase_the_question_defines_itself_does_not_point_back() -> None:
    assert followup_signal("What stake does the Globex Group hold in the company?") == NAMES_NOTHING  # another's
    assert followup_signal("How much crude did Norway lend the country in May?") == NAMES_NOTHING
    assert not is_followup("Which Peruvian minister spoke on the country's floods in March?")  # Peru's
    assert not is_followup("How long did Chile's dockers strike, closing the country's ports?")
    assert not is_followup("Which Acme official attended the meeting that ended the Globex strike?")
    assert not is_followup("When did the strike at Globex's Ohio plant begin?")
    assert not is_followup("When did the union contract at Acme Corp expire?")


def test_a_question_naming_nothing_stands_alone_when_it_gives_its_own_year() -> None:
    assert followup_signal("How much did the peso fall against the dollar?") == NAMES_NOTHING
    assert not is_followup("How much did the peso fall against the dollar on May 4, 1987?")
    assert not is_followup("At what price did July cocoa futures close in 1986?")


def test_there_points_back_as_a_place_not_as_an_existential() -> None:
    assert followup_signal("Since when had production there been halted?") == POINTS_BACK
    assert followup_signal("Who did Kim meet there?") == POINTS_BACK
    assert not is_followup("Has there been a strike at Globex since 1985?")
    assert not is_followup("Were there any casualties in the Globex plant fire?")


def watch_readings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, int]]:
    """Each reading `ask` makes from now on: (read with the conversation?, sentence vectors remembered when it
    began)."""
    read: list[tuple[bool, int]] = []
    attempt = pipeline.attempt_reading

    def watched(understood: Understanding, engine: Engine, k: int, keep: object) -> pipeline.Attempt:
        read.append((understood.followup, len(engine.sentences.known)))
        return attempt(understood, engine, k, keep)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "attempt_reading", watched)
    return read


def ask_watched(earlier: str, question: str, engine: Engine,
                monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[bool, int]], Result]:
    """The question asked after `earlier`, with the readings it made (`watch_readings`)."""
    turns = earlier_turns([earlier], engine)
    read = watch_readings(monkeypatch)
    return read, ask(question, engine, history=turns)


def test_a_followup_that_may_stand_alone_is_read_alone_too_unless_elliptical() -> None:
    history = [Turn("How many times has Kim Jong-un visited China?", "four", source="a.txt", sentence="Four visits.")]
    read = understand("Where did he begin teaching?", history)
    assert read.followup and read.alone_if_unanswered  # "he" may be a man of SQuAD's paragraph, not Kim
    for elliptical in ("And in 2019?", "From what date?"):  # only the conversation says what they ask
        read = understand(elliptical, history)
        assert read.followup and not read.alone_if_unanswered


def test_a_followup_the_conversation_answers_is_not_read_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_over(tmp_path, {
        "1.txt": "CHRYSLER TO BUY AMERICAN MOTORS\n\nDETROIT, March 9 - Chrysler Corp said it will assume about 767 "
                 "mln dlrs of American Motors Corp debt in its buyout of AMC. Analysts said the deal leaves in "
                 "question the fate of AMC's 19,000-plus employees.\n",
        "2.txt": "VILLAGE FACTORIES GROW\n\nBEIJING, March 12 - Hongshan set up factories and businesses because there "
                 "was not enough work on the land for its 3,700 people, the village head said.\n"})
    read, result = ask_watched("How much American Motors debt was Chrysler going to assume in its buyout of AMC?",
                               "how many people work there?", engine, monkeypatch)
    assert [followup for followup, _ in read] == [True]  # not also alone: "... for its 3,700 people" matches more words
    assert result.answer is not None and "19,000" in result.answer.text


def test_a_question_naming_nothing_far_from_the_conversation_is_weighed_both_ways() -> None:
    history = [Turn("Which NFL team represented the AFC at Super Bowl 50?", "Denver Broncos", source="a.txt",
                    sentence="The Denver Broncos represented the AFC.")]
    far, close = (lambda text, others: [0.05] * len(others)), (lambda text, others: [0.6] * len(others))
    assert followup_signal("What year did the school open?") == NAMES_NOTHING
    assert understand("What year did the school open?", history, far).weigh_alone
    assert not understand("What year did the school open?", history, close).weigh_alone
    assert not understand("What year did it open?", history, far).weigh_alone  # a pronoun: the conversation's
    assert not understand("What year did the school open?", history).weigh_alone  # closeness unknown


def test_the_surer_reading_answers_a_question_naming_nothing_after_an_unrelated_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_over(tmp_path, {
        "1.txt": "BRONCOS WIN\n\nThe Denver Broncos represented the AFC at Super Bowl 50 and beat the Carolina "
                 "Panthers 24-10 at Levi's Stadium. The stadium opened in 2014 in Santa Clara.\n",
        "3.txt": "BRONCOS DEFENCE\n\nVon Miller led the Denver Broncos defence in Super Bowl 50, the NFL title game "
                 "that the AFC champions won in Santa Clara.\n",
        "4.txt": "PANTHERS LOSE\n\nThe Carolina Panthers, the NFC champions, lost Super Bowl 50 to the Denver Broncos. "
                 "Their new training centre opened in 2016.\n",
        "5.txt": "SUPER BOWL HALFTIME\n\nColdplay headlined the Super Bowl 50 halftime show, which opened with a "
                 "tribute to earlier NFL title games.\n",
        "2.txt": "A SCHOOL'S HISTORY\n\nThe village school opened in 1874 with two teachers and forty pupils. It "
                 "closed in 1962, when the children were sent to the town.\n"})
    read, result = ask_watched("Which NFL team represented the AFC at Super Bowl 50?",
                               "What year did the school open?", engine, monkeypatch)
    assert [followup for followup, _ in read] == [True, False]  # the conversation's reading answers: the stadium
    assert result.answer is not None and "1874" in result.answer.text


def test_a_followup_nothing_answers_either_way_keeps_its_conversation(seed_engine: Engine) -> None:
    turns = earlier_turns(["How many times has Kim Jong-un visited China?"], seed_engine)
    result = ask("What did he eat for breakfast?", seed_engine, history=turns)
    assert result.answer is None
    assert result.understood_as == "What did Kim Jong-un eat for breakfast?"  # the passages shown are the topic's


def test_a_question_that_points_back_after_an_unrelated_one_is_answered_as_it_would_be_alone(
        seed_engine: Engine) -> None:
    question = "Which guesthouse did he leave in a car?"
    turns = earlier_turns(["What was IBM's net income in the first quarter of 1987?"], seed_engine)
    alone, after = ask(question, seed_engine), ask(question, seed_engine, history=turns)
    assert alone.answer is not None and "Diaoyutai" in alone.answer.text
    assert after.understood_as is None and after.answer == alone.answer


def test_the_reading_alone_of_a_followup_starts_as_a_first_question_does(seed_engine: Engine,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    read, _ = ask_watched("What was IBM's net income in the first quarter of 1987?",
                          "Where did he stay during that trip?", seed_engine, monkeypatch)
    assert [followup for followup, _ in read] == [True, False]  # no article names IBM: nothing answered, read alone
    assert read[1][1] == 0  # vectors the conversation's passages left would move its sentences' similarities


@pytest.mark.parametrize(("question", "leans_on_the_conversation"), [
    ("From what date?", True),  # a fragment: no question word or auxiliary first
    ("Bound for where?", True),
    ("Who is its chairman?", True),
    ("Who lifted the injunction?", True),  # "the": something already known
    ("What are frets?", False),  # short, but about a thing in general
    ("When do treaties apply?", False),
])
def test_a_short_question_is_a_fragment_only_when_it_leans_on_what_was_said(question: str,
                                                                           leans_on_the_conversation: bool) -> None:
    history = [Turn("How many times has Kim Jong-un visited China?", "four", source="a.txt", sentence="Four visits.")]
    read = understand(question, history)
    assert (followup_signal(question) == ELLIPTICAL) is leans_on_the_conversation
    assert (read.followup and not read.alone_if_unanswered) is leans_on_the_conversation


def test_a_followup_carries_the_articles_and_answers_of_the_conversation() -> None:
    history = [Turn("Which company bid for Globex Corp?", "Acme Corp", source="news/1.txt", sentence="Acme bid."),
               Turn("How much did it offer?", "40 dlrs", "How much did Acme Corp offer?", "news/2.txt", "40 dlrs.")]
    understood = understand("Who is the chairman of its board?", history)
    assert understood.articles == ("news/2.txt", "news/1.txt")  # the latest answer's article first
    assert understood.answered == ("Acme bid.", "40 dlrs.")  # a new question should not get these again
    assert understand("And in March?", history).answered == ()  # the same question of another time may


def test_a_bare_question_word_drops_the_whole_question_phrase() -> None:
    history = [Turn("How many workers did the union call out at Acme Corp in May?", "17,000")]
    assert understand("When?", history).reader_text == "When did the union call out at Acme Corp in May?"


def test_a_followup_is_searched_in_the_articles_its_conversation_was_answered_from(seed_engine: Engine) -> None:
    turns = earlier_turns(["How many times has Kim Jong-un visited China?"], seed_engine)
    assert turns[0].source
    result = ask("Who travelled with him on that trip?", seed_engine, history=turns)
    assert result.understood_as is not None
    assert turns[0].source in {p.source for p in result.passages}


def test_the_last_one_after_a_count_asks_for_its_last_event(seed_engine: Engine) -> None:
    count = [Turn("How many times did Dart raise its offer for Supermarkets General?")]
    assert understand("When was the last one?", count).reader_text == \
        "When did Dart raise its offer for Supermarkets General for the last time?"
    assert understand("And when was the first time?", count).reader_text.endswith("for the first time?")
    turns = earlier_turns(["How many times has Kim Jong-un visited China?"], seed_engine)
    result = ask("When was the last one?", seed_engine, history=turns)
    assert result.understood_as == "When has Kim Jong-un visited China for the last time?"
    assert result.timeline is not None and result.timeline.kind == "last"
    assert result.timeline.events[-1].when.startswith("2019-01")


def test_what_was_asked_before_does_not_change_the_answer_to_a_question_that_stands_alone(seed_index: Path) -> None:
    questions = ["By when did Trump want to meet Kim?", "Where did Xi and Kim meet in Beijing?",
                 "Which hotel is the North Korean leader lodging at?"]
    fresh = [ask(q, Engine.open(seed_index)) for q in questions]
    engine = Engine.open(seed_index)
    ask("What was IBM's net income in the first quarter of 1987?", engine)
    ask("How many times has Kim visited China?", engine)
    for question, alone in zip(questions, fresh, strict=True):
        after = ask(question, engine)
        assert [(p.source, p.start) for p in after.passages] == [(p.source, p.start) for p in alone.passages]
        assert (after.answer and after.answer.text) == (alone.answer and alone.answer.text)


def test_it_as_a_subject_or_owner_means_the_only_name_even_one_like_a_persons() -> None:
    profit = [Turn("What 1986 net profit did Swire Pacific report in March 1987?", "44.7 pct jump")]
    assert understand("What bonus issue does it plan?", profit).reader_text == \
        "What bonus issue does Swire Pacific plan?"
    assert understand("Where did its extraordinary gains come from?", profit).reader_text == \
        "Where did Swire Pacific's extraordinary gains come from?"
    worth = [Turn("How much did Malcolm Baldrige say the project is worth?", "")]
    assert understand("Which firm bid for work on it?", worth).reader_text == "Which firm bid for work on it?"


def test_a_swapped_phrase_replaces_a_whole_name_and_what_it_owns() -> None:
    share = [Turn("How much of the profit came from Rio Tinto-Zinc's industrial businesses?", "202 mln stg")]
    assert understand("And from metals?", share).reader_text == "How much of the profit came from metals?"
    profit = [Turn("What was the profit from Rio Tinto-Zinc in 1986?", "245 mln stg")]
    assert understand("And from Exxon?", profit).reader_text == "What was the profit from Exxon in 1986?"


def test_an_it_only_an_event_can_be_is_not_replaced_by_a_name() -> None:
    visits = [Turn("How many times has Kim visited China?", "four")]
    understood = understand("When did it happen?", visits)
    assert understood.followup and understood.reader_text == "When did it happen?"
    assert "Kim" in understood.search_text and "China" in understood.context
    election = [Turn("Who won the election in Ghana?", "")]
    assert understand("When was it held?", election).reader_text == "When was it held?"
    owner = [Turn("Who owns Texaco?", "")]
    assert understand("When did it start trading?", owner).reader_text == "When did Texaco start trading?"


@pytest.mark.parametrize(("question", "signal"), [
    ("How long does it take to ship the grain?", NAMES_NOTHING),  # "it" stands for "to ship the grain"
    ("Why was it necessary to cut output?", NAMES_NOTHING),
    ("Why is it important that the bill passed?", NAMES_NOTHING),
    ("What did it agree to buy?", POINTS_BACK),  # the buyer
    ("Was it able to sell the unit?", POINTS_BACK),
    ("When did it return to the market?", POINTS_BACK),
    ("Is it expected to close?", POINTS_BACK),
])
def test_an_it_that_stands_for_the_clause_after_it_points_nowhere(question: str, signal: str) -> None:
    assert followup_signal(question) == signal


def test_an_it_that_stands_for_a_clause_is_not_replaced_by_a_name() -> None:
    owner = [Turn("Who owns Texaco?", "Pennzoil")]
    assert understand("How long does it take to ship the grain?", owner).reader_text == \
        "How long does it take to ship the grain?"


def test_an_answer_read_where_the_conversation_is_not_named_is_weighed_against_the_reading_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = engine_over(tmp_path, {
        "1.txt": "BRONCOS WIN\n\nThe Denver Broncos represented the AFC at Super Bowl 50 and beat the Carolina "
                 "Panthers 24-10 at Levi's Stadium.\n",
        "2.txt": "TESLA'S LIFE\n\nNikola Tesla became a US citizen on 30 July 1891, when he was 35 years old. "
                 "He set up a laboratory in New York.\n"})
    read, result = ask_watched("Which NFL team represented the AFC at Super Bowl 50?",
                               "How old was he when he became a US citizen?", engine, monkeypatch)
    assert [followup for followup, _ in read] == [True, False]  # the answer's passage names no NFL, AFC, Broncos
    assert result.understood_as is None and result.answer is not None and "35" in result.answer.text
