"""Opting out through the link in every mail: confirm, record, and respect it."""

import re

import pytest
from sqlalchemy import select

from peiling.mailing.plan import plan
from peiling.models import Contact, Invitation
from peiling.models.inviting import token_of
from peiling.models.wave_lifecycle import open_wave
from peiling.webforms import create_app
from tests.mailing.servers import make_panel, make_wave


@pytest.fixture
def invitation(db_session):
    make_panel(db_session, organisations=1, per_organisation=2, english_every=2)
    wave = make_wave(db_session)
    open_wave(db_session, wave, "test-secret-key")
    db_session.commit()
    return db_session.scalars(select(Invitation).order_by(Invitation.id)).first()


@pytest.fixture
def client(settings):
    return create_app({"TESTING": True}).test_client()


def _url(invitation):
    return "/afmelden/" + token_of(invitation, "test-secret-key")


def _opted_out(db_session, invitation):
    db_session.expire_all()
    return db_session.get(Contact, invitation.contact_id).opted_out_at is not None


def test_the_link_asks_first_and_the_confirmation_records_the_opt_out(
    client, db_session, invitation
):
    page = client.get(_url(invitation))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Wilt u geen uitnodigingen" in html and "Gemeente 0" in html
    assert not _opted_out(db_session, invitation)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    done = client.post(_url(invitation), data={"csrf_token": csrf})
    assert done.status_code == 200 and "U bent afgemeld" in done.get_data(as_text=True)
    assert _opted_out(db_session, invitation)
    assert plan(db_session, invitation.wave, "invitation", 0) == [invitation.id + 1]
    again = client.get(_url(invitation)).get_data(as_text=True)
    assert "al afgemeld" in again


def test_a_post_without_the_form_token_changes_nothing(client, db_session, invitation):
    response = client.post(_url(invitation), data={})
    assert response.status_code == 400
    assert not _opted_out(db_session, invitation)


def test_one_click_unsubscribe_from_a_mail_client_works(client, db_session, invitation):
    response = client.post(_url(invitation), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _opted_out(db_session, invitation)


def test_english_contacts_see_english_and_anyone_can_switch(client, db_session, invitation):
    english = db_session.scalars(
        select(Invitation).join(Contact).where(Contact.language == "en")
    ).one()
    assert "Yes, unsubscribe me" in client.get(_url(english)).get_data(as_text=True)
    dutch = client.get(_url(english) + "?lang=nl").get_data(as_text=True)
    assert "Ja, meld mij af" in dutch and 'lang="nl"' in dutch


def test_an_unknown_link_is_a_clear_404(client, invitation):
    response = client.get("/afmelden/" + "x" * 43)
    assert response.status_code == 404
    assert "niet (meer) geldig" in response.get_data(as_text=True)
