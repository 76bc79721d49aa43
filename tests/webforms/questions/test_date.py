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


def test_a_date_that_must_lie_in_the_past_refuses_tomorrow():
    from datetime import timedelta

    from peiling.dates import local_day
    from peiling.models.base import utcnow
    from tests.webforms.questions.helpers import question as make

    past = make("vastgesteld", "date", not_in_future=True)
    today = local_day(utcnow())
    assert check(past, {"vastgesteld": today.isoformat()})[0]
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert check(past, {"vastgesteld": tomorrow})[1] == {
        "vastgesteld": ["Vul een datum in van vandaag of eerder"]
    }
    assert check(make("vastgesteld", "date"), {"vastgesteld": tomorrow})[0]  # only when asked


def test_the_ess_policy_date_must_lie_in_the_past():
    from peiling.questionnaires.parse import parse_questionnaire
    from peiling.questionnaires.shipped import shipped_file

    ess = parse_questionnaire(shipped_file("ess-2026.yaml").read_text(encoding="utf-8"))
    assert ess.question("beleid_vastgesteld").not_in_future
