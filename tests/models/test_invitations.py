"""Opening a wave invites each eligible contact once; links are derived, never stored."""

from datetime import date

import pytest
from sqlalchemy import func, select

from peiling.errors import UserError
from peiling.models import Invitation
from peiling.models.inviting import invitation_by_token, link_for, token_of
from peiling.models.wave_lifecycle import close_wave, open_wave
from tests import factories

SECRET = "test-secret-key"


@pytest.fixture
def panel(db_session):
    ams = factories.organisation(db_session)
    weesp = factories.organisation(
        db_session, code="GM0457", name="Weesp", valid_until=date(2022, 3, 24)
    )
    people = [
        factories.contact(db_session, ams, email="a@example.nl"),
        factories.contact(db_session, ams, email="b@example.nl", role="social"),
        factories.contact(db_session, weesp, email="old@example.nl"),
        factories.contact(db_session, ams, email="gone@example.nl", active=False),
    ]
    wave = factories.wave(db_session, factories.version(db_session, text="survey: x"))
    db_session.commit()
    return wave, people


def test_open_wave_invites_active_contacts_of_existing_organisations_once(db_session, panel):
    wave, people = panel
    first = open_wave(db_session, wave, SECRET)
    db_session.commit()
    assert (first.created, first.existing) == (2, 0)
    again = open_wave(db_session, wave, SECRET)
    assert (again.created, again.existing) == (0, 2)
    invited = set(db_session.scalars(select(Invitation.contact_id)))
    assert invited == {people[0].id, people[1].id}


def test_a_link_finds_its_invitation_and_the_database_holds_no_token(db_session, panel):
    wave, _ = panel
    open_wave(db_session, wave, SECRET)
    invitation = db_session.scalars(select(Invitation)).first()
    token = token_of(invitation, SECRET)
    assert len(token) == 43
    assert token not in (invitation.token_digest, invitation.token_salt)
    assert link_for(invitation, "https://peiling.example.nl/", SECRET).endswith("/r/" + token)
    assert invitation_by_token(db_session, token) is invitation
    assert invitation_by_token(db_session, token_of(invitation, "another key")) is None
    assert invitation_by_token(db_session, "x' or 1=1 --") is None


def test_every_invitation_gets_its_own_token(db_session, panel):
    wave, _ = panel
    open_wave(db_session, wave, SECRET)
    digests = db_session.scalars(select(Invitation.token_digest)).all()
    assert len(set(digests)) == len(digests) == 2


def test_a_closed_wave_cannot_be_opened_again(db_session, panel):
    wave, _ = panel
    close_wave(db_session, wave)
    with pytest.raises(UserError, match="closed"):
        open_wave(db_session, wave, SECRET)
    assert db_session.scalar(select(func.count(Invitation.id))) == 0
