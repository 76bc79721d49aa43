"""A wave where the municipality answers as a whole cleans to one response per municipality,
with the domains that contributed recorded; a wave per contact keeps each contact's response."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from peiling.cleaning.wave import clean_wave
from peiling.models import Invitation
from peiling.models.answering import start_response, submit_response
from peiling.models.merging import merge_answers
from peiling.models.questionnaire_store import parsed
from peiling.models.wave_lifecycle import open_wave
from tests import factories

SMALL = (Path(__file__).parents[1] / "webforms" / "small.yaml").read_text(encoding="utf-8")
ANSWERS = {"domein": 2, "thema.inclusie": 1, "thema.polarisatie": 3, "opmerking": None}


def answered_wave(db_session, unit: str):
    """Two municipalities with a safety and a social official; both officials answer."""
    version = factories.version(db_session, survey="web-test", text=SMALL)
    wave = factories.wave(db_session, version, response_unit=unit)
    for code, name in (("GM0001", "Een"), ("GM0002", "Twee")):
        org = factories.organisation(db_session, code=code, name=name)
        factories.contact(db_session, org, f"v@{code}.nl", name="V", role="safety")
        factories.contact(db_session, org, f"s@{code}.nl", name="S", role="social")
    open_wave(db_session, wave, "k")
    q = parsed(version)
    for invitation in db_session.scalars(select(Invitation).order_by(Invitation.id)):
        response = start_response(db_session, invitation)
        mine = (
            {"domein": 2, "thema.inclusie": 1, "thema.polarisatie": 3}
            if invitation.contact.role == "safety"
            else {"opmerking": "samen"}
        )
        merge_answers(db_session, response, mine, loaded_version=response.version, by=invitation)
        if invitation.contact.role == "social":
            submit_response(db_session, response, q, changed_by=invitation)
    db_session.commit()
    return wave


def test_an_organisation_wave_is_one_response_per_municipality_with_its_roles(db_session):
    data = clean_wave(db_session, answered_wave(db_session, "organisation")).data
    assert list(data["organisation_code"]) == ["GM0001", "GM0002"]
    assert list(data["contributing_roles"]) == ["safety;social", "safety;social"]
    assert list(data["org_responses"]) == [1, 1] and data["org_primary"].all()
    assert list(data["opmerking"]) == ["samen", "samen"]


def test_a_contact_wave_keeps_each_contacts_response_and_role(db_session):
    data = clean_wave(db_session, answered_wave(db_session, "contact")).data
    submitted = data[data["submitted"]]
    assert list(submitted["contributing_roles"]) == ["social", "social"]
    assert set(data["contributing_roles"]) <= {"safety", "social"}
