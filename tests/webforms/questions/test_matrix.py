"""Matrix: one radio group per row on a shared scale, stored per row as "question.row"."""

from tests.webforms.questions.helpers import bind, check, opts, question, rows


def q(required=True):
    return question(
        "leeft",
        "matrix",
        required=required,
        rows=rows("inclusie", "polarisatie"),
        **opts("Niet", "Wel", missing=("Weet ik niet",)),
    )


def test_each_row_is_its_own_radio_group_labelled_by_the_row():
    _, form = bind(q())
    assert [f.name for f in form] == ["leeft__inclusie", "leeft__polarisatie"]
    assert form["leeft__inclusie"].label.text == "Inclusie"
    assert [c.value for c in form["leeft__polarisatie"].iter_choices()] == ["1", "2", "98"]


def test_rows_are_stored_under_their_storage_keys():
    ok, _, handler, form = check(q(), {"leeft__inclusie": "2", "leeft__polarisatie": "98"})
    assert ok
    assert handler.answers(q(), form) == {"leeft.inclusie": 2, "leeft.polarisatie": 98}


def test_a_row_left_open_is_reported_at_that_row():
    ok, errors, *_ = check(q(), {"leeft__inclusie": "1"})
    assert errors == {"leeft__polarisatie": ["Kies een antwoord in deze rij"]}


def test_saved_rows_come_back_and_display_per_row():
    handler, form = bind(q(), saved={"leeft.inclusie": 1})
    assert form["leeft__inclusie"].data == "1"
    assert handler.display(q(), {"leeft.inclusie": 1}, "nl") == [
        ("Inclusie", "Niet"),
        ("Polarisatie", ""),
    ]
