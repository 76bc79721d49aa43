"""Multiple choice: checkboxes stored as a list of codes; an exclusive option stands alone."""

from peiling.questionnaires import Option
from tests.webforms.questions.helpers import check, opts, question, t


def q(**kw):
    fields = opts("Onderwijs", "Zorg", "Politie")
    fields["options"] += (Option(9, t("Geen van deze"), exclusive=True),)
    return question("partners", "multiple_choice", required=True, **fields, **kw)


def test_ticked_options_are_stored_in_option_order():
    ok, _, handler, form = check(q(), {"partners": ["3", "1"]})
    assert ok
    assert handler.answers(q(), form) == {"partners": [1, 3]}


def test_nothing_ticked_on_a_required_question_is_an_error():
    ok, errors, *_ = check(q(), {})
    assert errors == {"partners": ["Kies ten minste één antwoord"]}


def test_an_exclusive_option_cannot_be_combined():
    ok, errors, *_ = check(q(), {"partners": ["1", "9"]})
    assert errors == {
        "partners": ["'Geen van deze' kunt u niet samen met andere antwoorden kiezen"]
    }


def test_the_exclusive_option_alone_is_fine():
    ok, _, handler, form = check(q(), {"partners": ["9"]})
    assert ok and handler.answers(q(), form) == {"partners": [9]}


def test_max_selected_is_enforced():
    ok, errors, *_ = check(q(max_selected=2), {"partners": ["1", "2", "3"]})
    assert errors == {"partners": ["Kies ten hoogste 2 antwoorden"]}


def test_unticking_everything_removes_the_answer_when_not_required():
    ok, _, handler, form = check(q(), {}, strict=False)
    assert ok and handler.answers(q(), form) == {"partners": None}


def test_display_lists_the_labels():
    assert q() and check(q(), {"partners": ["2"]})[2].display(q(), {"partners": [1, 2]}, "nl") == [
        (None, "Onderwijs; Zorg")
    ]
