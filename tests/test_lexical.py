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
