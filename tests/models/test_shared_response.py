"""Shared responses: per-answer merge and conflicts, pages done and by whom, the coordinator,
page assignments and who a reminder is for (plain functions, on both databases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from peiling.errors import UserError
from peiling.models import Invitation
from peiling.models.answering import StaleResponse, save_answers, start_response
from peiling.models.merging import AnswerConflict, merge_answers
from peiling.models.questionnaire_store import parsed
from peiling.models.shared_response import (
    assign_page,
    assignments,
    contributing_roles,
    coordinator_of,
    last_changes,
    may_submit,
    page_states,
    participants,
    reminder_recipients,
    set_coordinator,
)
from peiling.models.wave_lifecycle import open_wave
from tests import factories

SMALL = (Path(__file__).parents[1] / "webforms" / "small.yaml").read_text(encoding="utf-8")


@pytest.fixture
def shared(db_session):
    """An organisation with a safety and a social official, invited to one shared response."""
    org = factories.organisation(db_session)
    safety = factories.contact(db_session, org, "v@gm.nl", name="Vera Veilig", role="safety")
    social = factories.contact(db_session, org, "s@gm.nl", name="Sam Sociaal", role="social")
    version = factories.version(db_session, survey="web-test", text=SMALL)
    wave = factories.wave(db_session, version, response_unit="organisation")
    open_wave(db_session, wave, "k")
    db_session.commit()
    by_contact = {i.contact_id: i for i in db_session.scalars(select(Invitation))}
    return wave, by_contact[safety.id], by_contact[social.id]


def test_both_contacts_reach_the_same_response(db_session, shared):
    _, vera, sam = shared
    assert start_response(db_session, vera).id == start_response(db_session, sam).id


def test_answers_changed_by_two_people_since_loading_are_merged(db_session, shared):
    _, vera, sam = shared
    response = start_response(db_session, vera)
    loaded = response.version  # both load the page now
    merge_answers(
        db_session, response, {"domein": 1, "opmerking": None}, loaded_version=loaded, by=vera
    )
    # Sam's form still shows the page as loaded: domein empty; he typed only a remark.
    written = merge_answers(
        db_session, response, {"domein": None, "opmerking": "samen"}, loaded_version=loaded, by=sam
    )
    db_session.commit()
    assert written == {"opmerking": "samen"}
    assert response.answers == {"domein": 1, "opmerking": "samen"}
    changes = last_changes(db_session, response)
    assert changes["domein"].name == "Vera Veilig" and changes["opmerking"].name == "Sam Sociaal"
    assert contributing_roles(db_session, response) == ["safety", "social"]


def test_the_same_answer_changed_by_someone_else_comes_back_as_a_conflict(db_session, shared):
    _, vera, sam = shared
    response = start_response(db_session, vera)
    loaded = response.version
    merge_answers(db_session, response, {"domein": 1, "aantal": 3}, loaded_version=loaded, by=vera)
    with pytest.raises(AnswerConflict) as caught:
        merge_answers(
            db_session, response, {"domein": 2, "aantal": 4}, loaded_version=loaded, by=sam
        )
    conflicts = {c.key: c for c in caught.value.conflicts}
    assert set(conflicts) == {"domein", "aantal"}
    assert conflicts["domein"].theirs == 1 and conflicts["domein"].yours == 2
    assert conflicts["domein"].by_name == "Vera Veilig"
    assert response.answers == {"domein": 1, "aantal": 3}  # nothing was overwritten
    # Sam chooses: his domain, Vera's number; based on the version the conflict showed.
    merge_answers(
        db_session,
        response,
        {"domein": 2, "aantal": 4},
        loaded_version=caught.value.version,
        by=sam,
        keep_theirs={"aantal"},
    )
    assert response.answers == {"domein": 2, "aantal": 3}


def test_both_choosing_the_same_value_is_no_conflict(db_session, shared):
    _, vera, sam = shared
    response = start_response(db_session, vera)
    loaded = response.version
    merge_answers(db_session, response, {"domein": 1}, loaded_version=loaded, by=vera)
    merge_answers(db_session, response, {"domein": 1}, loaded_version=loaded, by=sam)
    assert response.answers == {"domein": 1}


def test_the_same_person_in_two_tabs_is_refused_as_stale(db_session, shared):
    _, vera, _ = shared
    response = start_response(db_session, vera)
    loaded = response.version
    merge_answers(db_session, response, {"domein": 1}, loaded_version=loaded, by=vera)
    with pytest.raises(StaleResponse):
        merge_answers(db_session, response, {"opmerking": "x"}, loaded_version=loaded, by=vera)
    assert response.answers == {"domein": 1}


def test_pages_done_and_by_whom(db_session, shared):
    wave, vera, sam = shared
    q = parsed(wave.questionnaire_version)
    response = start_response(db_session, vera)
    save_answers(db_session, response, {"domein": 1}, expected_version=None, changed_by=vera)
    states = {s.key: s for s in page_states(db_session, response, q)}
    assert not states["start"].done  # the required matrix is still open
    save_answers(
        db_session,
        response,
        {"thema.inclusie": 1, "thema.polarisatie": 3},
        expected_version=None,
        changed_by=sam,
    )
    states = {s.key: s for s in page_states(db_session, response, q)}
    assert states["start"].done and states["start"].by == ["Vera Veilig", "Sam Sociaal"]
    assert not states["veiligheid"].done and states["veiligheid"].by == []
    assert [c.name for c in participants(db_session, wave, vera.contact.organisation_id)] == [
        "Sam Sociaal",
        "Vera Veilig",
    ]


def test_coordinator_defaults_to_the_first_contact_and_can_be_handed_over(db_session, shared):
    _, vera, sam = shared
    org_id = vera.contact.organisation_id
    assert coordinator_of(db_session, org_id).id == vera.contact_id
    assert may_submit(db_session, vera) and not may_submit(db_session, sam)
    set_coordinator(db_session, sam.contact, by="Vera Veilig")
    assert coordinator_of(db_session, org_id).id == sam.contact_id
    assert may_submit(db_session, sam) and not may_submit(db_session, vera)
    sam.contact.active = False
    with pytest.raises(UserError):
        set_coordinator(db_session, sam.contact, by="staff")
    assert coordinator_of(db_session, org_id).id == vera.contact_id  # an inactive one is skipped


def test_reminders_go_to_contacts_with_unfinished_assigned_pages(db_session, shared):
    wave, vera, sam = shared
    org_id = vera.contact.organisation_id
    both = [vera, sam]
    assert reminder_recipients(db_session, wave, both) == both  # nothing assigned: everyone
    assign_page(db_session, wave, org_id, "start", vera.contact, by="staff")
    assign_page(db_session, wave, org_id, "slot", sam.contact, by="staff")
    assert set(assignments(db_session, wave, org_id)) == {"start", "slot"}
    assert reminder_recipients(db_session, wave, both) == both
    response = start_response(db_session, vera)
    save_answers(
        db_session,
        response,
        {"domein": 2, "thema.inclusie": 1, "thema.polarisatie": 1},
        expected_version=None,
        changed_by=vera,
    )
    assert reminder_recipients(db_session, wave, both) == [sam]
    save_answers(db_session, response, {"opmerking": "klaar"}, expected_version=None)
    assert reminder_recipients(db_session, wave, both) == []
    assign_page(db_session, wave, org_id, "slot", None, by="staff")
    assert set(assignments(db_session, wave, org_id)) == {"start"}
    with pytest.raises(UserError, match="no page"):
        assign_page(db_session, wave, org_id, "nergens", vera.contact, by="staff")
