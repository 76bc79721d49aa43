"""Number: typed text parsed to int or float within bounds; a decimal comma is fine."""

from tests.webforms.questions.helpers import check, opts, question


def q(**kw):
    kw.setdefault("required", True)
    return question("fte", "number", min=0, max=100, **kw)


def test_a_decimal_comma_is_read_as_a_number():
    ok, _, handler, form = check(q(), {"fte": " 3,5 "})
    assert ok and handler.answers(q(), form) == {"fte": 3.5}


def test_integer_questions_store_ints_and_refuse_fractions():
    ok, _, handler, form = check(q(integer=True), {"fte": "12"})
    assert handler.answers(q(integer=True), form) == {"fte": 12}
    ok, errors, *_ = check(q(integer=True), {"fte": "1,5"})
    assert errors == {"fte": ["Vul een heel getal in, zonder komma, bijvoorbeeld 12"]}
    ok, errors, *_ = check(q(integer=True), {"fte": "veel"})
    assert "3,5" not in errors["fte"][0]  # the example fits a whole number


def test_text_and_out_of_bounds_values_are_refused_with_the_bound():
    assert check(q(), {"fte": "veel"})[1] == {"fte": ["Vul een getal in, bijvoorbeeld 12 of 3,5"]}
    assert check(q(), {"fte": "101"})[1] == {"fte": ["Vul een getal in van 100 of minder"]}
    assert check(q(), {"fte": "-1"})[1] == {"fte": ["Vul een getal in van 0 of meer"]}


def test_required_number_left_empty():
    assert check(q(), {"fte": ""})[1] == {"fte": ["Vul een getal in"]}


def test_dont_know_box_replaces_the_number_but_not_both():
    mq = q(**opts(missing=("Weet ik niet",)))
    ok, _, handler, form = check(mq, {"fte": "", "fte__missing": "98"})
    assert ok and handler.answers(mq, form) == {"fte": 98}
    ok, errors, *_ = check(mq, {"fte": "4", "fte__missing": "98"})
    assert errors == {"fte": ["Vul een antwoord in óf vink een keuze aan, niet allebei"]}


def test_display_uses_a_dutch_decimal_comma():
    handler = check(q(), {"fte": "1"})[2]
    assert handler.display(q(), {"fte": 2.5}, "nl") == [(None, "2,5")]
    assert handler.display(q(), {"fte": 2.5}, "en") == [(None, "2.5")]
