"""Last year's facts: what a carried-forward question shows, and how its answer is recorded."""

from __future__ import annotations

import pytest

from peiling.models.carry_forward import last_year_facts
from peiling.questionnaires import check_text, shipped
from peiling.questionnaires.carry_forward import (
    CHANGED,
    CONFIRMED,
    NEW,
    carried_keys,
    carry_outcome,
    last_year_answers,
)
from peiling.questionnaires.parse import parse_questionnaire
from tests import factories
from tests.questionnaires.carry_forward_versions import (
    VERSION_1,
    VERSION_2,
    answered,
    answered_by_contacts,
)
from tests.questionnaires.carry_forward_versions import two_waves as make_two_waves

OLDER, NEWER = parse_questionnaire(VERSION_1), parse_questionnaire(VERSION_2)


def test_last_years_answer_is_carried_through_the_code_map():
    answers = last_year_answers([{"plan": 3, "jaar": 2021, "mening": 2}], OLDER, NEWER)
    assert answers == {"plan": 4, "jaar": 2021}  # 'in voorbereiding' is code 4 now; no opinion


def test_answers_that_disagree_leave_nothing_to_confirm():
    previous = [{"plan": 1, "jaar": 2020}, {"plan": 1, "jaar": 2022}]
    answers = last_year_answers(previous, OLDER, NEWER)
    assert answers == {"plan": 1}


def test_outcome_confirmed_changed_new_or_unanswered():
    assert carry_outcome(4, 4) == CONFIRMED
    assert carry_outcome(1, 4) == CHANGED
    assert carry_outcome(2021, None) == NEW
    assert carry_outcome(None, 4) is None


def test_the_shipped_2026_questionnaire_carries_the_plan_date_forward():
    questionnaire = parse_questionnaire(
        shipped.shipped_file("ess-2026.yaml").read_text(encoding="utf-8")
    )
    assert carried_keys(questionnaire) == ["beleid_vastgesteld"]


def test_the_checker_refuses_the_flag_on_an_opinion_question():
    text = VERSION_2.replace(
        "      - key: mening\n        type: likert\n",
        "      - key: mening\n        type: likert\n        carried_forward: true\n",
    )
    problems = check_text(text, "feiten-2.yaml")
    assert [(p.file, p.key) for p in problems] == [("feiten-2.yaml", "mening")]
    assert "carried_forward is for facts, not for a likert question" in str(problems[0])


def test_the_checker_keeps_the_carried_suffix_for_the_outcome_column():
    problems = check_text(VERSION_2.replace("key: jaar", "key: jaar_carried"), "feiten-2.yaml")
    assert [p.key for p in problems] == ["jaar_carried"]
    assert "kept for the column" in problems[0].message


@pytest.fixture
def two_waves(db_session):
    return make_two_waves(db_session)


def test_prefill_comes_from_the_previous_wave_through_the_code_map(db_session, two_waves):
    first, second = two_waves
    utrecht = factories.organisation(db_session, "GM0344", "Utrecht")
    elsewhere = factories.organisation(db_session, "GM0599", "Rotterdam")
    answered(db_session, first, utrecht, {"plan": 3, "jaar": 2019, "mening": 1})
    answered(db_session, first, elsewhere, {"plan": 2}, submitted=False)
    facts = last_year_facts(db_session, second, [utrecht.id, elsewhere.id])
    assert facts[utrecht.id] == {"plan": 4, "jaar": 2019}
    assert facts[elsewhere.id] == {}  # not submitted last year: nothing to confirm


def test_prefill_through_a_merger(db_session, two_waves):
    first, second = two_waves
    merged = factories.organisation(db_session, "GM1992", "Voorne aan Zee")
    for code, name in (("GM0501", "Brielle"), ("GM0530", "Hellevoetsluis")):
        old = factories.organisation(db_session, code, name, successor_id=merged.id)
        answered(db_session, first, old, {"plan": 1, "jaar": 2020 if code == "GM0501" else 2018})
    facts = last_year_facts(db_session, second, [merged.id])
    # Both old municipalities had a plan; they adopted it in different years.
    assert facts[merged.id] == {"plan": 1}


def test_cleaned_data_records_confirmed_changed_and_new(db_session, two_waves):
    from peiling.cleaning.wave import clean_wave

    first, second = two_waves
    utrecht = factories.organisation(db_session, "GM0344", "Utrecht")
    rotterdam = factories.organisation(db_session, "GM0599", "Rotterdam")
    answered(db_session, first, utrecht, {"plan": 3, "jaar": 2019})
    given = {utrecht: {"plan": 4, "jaar": 2021, "mening": 2}, rotterdam: {"plan": 1}}
    answered_by_contacts(db_session, second, given)
    data = clean_wave(db_session, second).data.set_index("organisation_code")
    # 'in voorbereiding' kept (code 3 then, 4 now) is confirmed; the year was changed.
    assert data.loc["GM0344", "plan_carried"] == "confirmed"
    assert data.loc["GM0344", "jaar_carried"] == "changed"
    assert data.loc["GM0599", "plan_carried"] == "new"
    assert data.loc["GM0599", "jaar_carried"] is None  # not answered
    assert "mening_carried" not in data.columns
