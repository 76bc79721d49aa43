"""Date: ISO or Dutch day-month-year typed, stored as an ISO string, within bounds."""

from datetime import date

from tests.webforms.questions.helpers import bind, check, question


def q(**kw):
    return question(
        "start", "date", required=True, min_date=date(2020, 1, 1), max_date=date(2026, 12, 31), **kw
    )


def test_iso_and_dutch_dates_are_stored_as_iso():
    for typed in ("2025-03-15", "15-3-2025", "15/03/2025"):
        ok, _, handler, form = check(q(), {"start": typed})
        assert ok and handler.answers(q(), form) == {"start": "2025-03-15"}


def test_impossible_and_out_of_range_dates_are_refused():
    assert check(q(), {"start": "31-02-2025"})[1]["start"][0].startswith("Vul een bestaande datum")
    assert check(q(), {"start": "2019-12-31"})[1] == {
        "start": ["Vul een datum in op of na 01-01-2020"]
    }


def test_saved_date_comes_back_as_iso_for_the_date_input():
    handler, form = bind(q(), saved={"start": "2025-03-15"})
    assert form["start"].data == "2025-03-15"
    assert handler.display(q(), {"start": "2025-03-15"}, "nl") == [(None, "15-03-2025")]
