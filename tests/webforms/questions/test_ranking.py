"""Ranking: one select list per place, stored as the list of codes in order."""

from tests.webforms.questions.helpers import bind, check, opts, question


def q(required=True, top=2):
    return question(
        "vorm", "ranking", required=required, top=top, **opts("Training", "Webinar", "Handreiking")
    )


def test_one_select_per_place_up_to_top():
    _, form = bind(q())
    assert [f.name for f in form] == ["vorm__1", "vorm__2"]
    assert form["vorm__1"].label.text == "Plaats 1"


def test_places_are_stored_in_order():
    ok, _, handler, form = check(q(), {"vorm__1": "3", "vorm__2": "1"})
    assert ok and handler.answers(q(), form) == {"vorm": [3, 1]}


def test_the_same_option_twice_is_refused():
    ok, errors, *_ = check(q(), {"vorm__1": "3", "vorm__2": "3"})
    assert errors == {"vorm__2": ["U hebt dit antwoord al voor een hogere plaats gekozen"]}


def test_a_gap_above_a_filled_place_is_refused():
    ok, errors, *_ = check(q(required=False), {"vorm__2": "1"})
    assert errors == {"vorm__2": ["Vul eerst de plaatsen hierboven in"]}


def test_saved_order_comes_back():
    handler, form = bind(q(), saved={"vorm": [2, 1]})
    assert (form["vorm__1"].data, form["vorm__2"].data) == ("2", "1")
    assert handler.display(q(), {"vorm": [2, 1]}, "nl") == [
        ("Plaats 1", "Webinar"),
        ("Plaats 2", "Training"),
    ]
