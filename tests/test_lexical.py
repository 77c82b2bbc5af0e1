import numpy as np

from qa.index.lexical import best_rows


def test_best_rows_are_the_highest_positive_scores_best_first() -> None:
    scores = np.array([0.0, 2.5, 1.0, 3.0, 0.0, 2.5], dtype=np.float32)
    assert best_rows(scores, 3).tolist() == [3, 1, 5]
    assert best_rows(scores, 10).tolist() == [3, 1, 5, 2]
    assert best_rows(scores, 0).tolist() == []
    assert best_rows(np.zeros(4, dtype=np.float32), 2).tolist() == []
    assert best_rows(np.zeros(0, dtype=np.float32), 5).tolist() == []


def test_a_word_no_passage_holds_nor_spells_alike_is_unmentioned(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qa.index.lexical import build, load, unmentioned

    build(["Céloron led an expedition down the Ohio.", "Kim Jong-un visited China in March."], tmp_path)
    index = load(tmp_path)
    assert unmentioned(index, ["Brazil", "Celeron", "China", "Chinna", "Kim"]) == ["Brazil"]


def test_a_word_few_passages_hold_is_rare(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qa.index.lexical import build, load, rare

    build([f"Ecuador's foreign debt, report {n}." for n in range(4)] + ["SALVADOR, BRAZIL - Cocoa closed higher."],
          tmp_path)
    assert rare(load(tmp_path), ["Brazil", "Ecuador", "Peru"], most=3) == ["Brazil"]


SMALL_FOLDER = ["Kim did not say where the talks were held.", "Kim is expected to stay at the guest house.",
                "Kim met Xi Jinping in Beijing.", "Kim did meet Moon in April, where he stayed two days."]


def test_a_small_index_weighs_its_terms_with_the_prior_of_general_prose(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qa.index.lexical import build, load, question_weights
    from qa.text.terms import terms

    build(SMALL_FOLDER, tmp_path)
    weights = question_weights(load(tmp_path), terms("Where did Kim stay?"))
    # the three are held by two of the four passages each; of the three, general prose holds "stay" least often
    assert weights["stay"] > weights["where"] > weights["did"]


def test_a_small_index_ranks_the_passage_with_the_rare_word_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qa.index.lexical import all_scores, build, load
    from qa.text.terms import terms

    build(["Kim did not comment on the talks.", "Kim is expected to stay at the guest house.",
           "Officials will stay in Beijing until Friday."], tmp_path)
    index = load(tmp_path)
    question = terms("What did Kim say about his stay?")
    plain = np.asarray(index.get_scores([t for t in question if t in index.vocab_dict]))
    assert int(np.argmax(plain)) == 0  # by the index's own frequencies "did" (one passage) outweighs "stay" (two)
    assert int(np.argmax(all_scores(index, question))) == 1


def test_a_large_index_keeps_its_own_frequencies() -> None:
    from qa.index.background import steadied

    documents, frequency = steadied(1_000_000, 50_000, "did")
    assert abs(frequency / documents - 0.05) < 0.001
    documents, frequency = steadied(40, 2, "did")
    assert frequency / documents > 0.04  # forty passages lean on general prose: "did" is common there


def test_the_shipped_background_counts_general_prose() -> None:
    from qa.index.background import prior_share

    assert prior_share("said") > 0.3  # most newswire passages say who said it
    assert prior_share("did") > prior_share("stay") > prior_share("diaoyutai")
    assert 0 < prior_share("diaoyutai") < 1e-4  # a term the table lacks: half a passage's worth
