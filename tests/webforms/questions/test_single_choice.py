"""Single choice and Likert: one radio group, stored as the option code."""

from tests.webforms.questions.helpers import bind, check, opts, question


def q(required=True, type_="single_choice"):
    return question(
        "domein",
        type_,
        required=required,
        **opts("Veiligheid", "Sociaal", missing=("Weet ik niet",)),
    )


def test_builds_one_radio_field_with_every_option_including_missing_codes():
    handler, form = bind(q())
    field = form["domein"]
    assert field.type == "RadioField"
    assert [(c.value, c.label) for c in field.iter_choices()] == [
        ("1", "Veiligheid"),
        ("2", "Sociaal"),
        ("98", "Weet ik niet"),
    ]


def test_a_chosen_option_is_stored_as_its_integer_code():
    ok, errors, handler, form = check(q(), {"domein": "2"})
    assert ok and not errors
    assert handler.answers(q(), form) == {"domein": 2}


def test_a_required_question_left_open_gets_a_dutch_message():
    ok, errors, *_ = check(q(), {})
    assert not ok
    assert errors == {"domein": ["Kies een antwoord"]}


def test_the_message_is_english_for_an_english_respondent():
    ok, errors, *_ = check(q(), {}, lang="en")
    assert errors == {"domein": ["Choose an answer"]}


def test_required_is_not_enforced_when_saving_for_later():
    ok, errors, handler, form = check(q(), {}, strict=False)
    assert ok
    assert handler.answers(q(), form) == {"domein": None}


def test_a_code_that_is_not_offered_is_refused():
    ok, errors, *_ = check(q(), {"domein": "7"})
    assert errors == {"domein": ["Kies een van de gegeven antwoorden"]}


def test_saved_answer_is_shown_checked_again_and_displayed_by_label():
    handler, form = bind(q(), saved={"domein": 98})
    assert [c.value for c in form["domein"].iter_choices() if c.selected] == ["98"]
    assert handler.display(q(), {"domein": 98}, "nl") == [(None, "Weet ik niet")]


def test_likert_uses_the_same_handler():
    ok, _, handler, form = check(q(type_="likert"), {"domein": "1"})
    assert ok and handler.answers(q(type_="likert"), form) == {"domein": 1}
