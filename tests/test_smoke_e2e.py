from qa.ask import Engine, ask


def test_kim_question_answers_fourth(seed_engine: Engine) -> None:
    result = ask("How many times has Kim visited China?", seed_engine)
    assert result.answer is not None
    assert "fourth" in result.answer.text
    assert result.answer.source.split("/")[-1][:3] in {"001", "002", "003"}
