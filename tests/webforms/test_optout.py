"""Opting out through the link in every mail: confirm, record, and respect it."""

import re

import pytest
from sqlalchemy import select

from peiling.mailing.plan import plan
from peiling.models import Contact, Invitation
from peiling.models.inviting import opt_out_link_for, token_of
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
    return opt_out_link_for(invitation, "", "test-secret-key")


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
    for path in (f"/afmelden/{invitation.id}/" + "x" * 43, "/afmelden/99999999999999/" + "x" * 43):
        response = client.get(path)
        assert response.status_code == 404
        assert "niet (meer) geldig" in response.get_data(as_text=True)


def test_the_questionnaire_token_does_not_opt_out_and_shows_no_one(client, db_session, invitation):
    # The address mails carried before the opt-out token had its own purpose.
    old = "/afmelden/" + token_of(invitation, "test-secret-key")
    for response in (
        client.get(old),
        client.post(old, data={"List-Unsubscribe": "One-Click"}),
        client.post(f"/afmelden/{invitation.id}/" + token_of(invitation, "test-secret-key")),
    ):
        html = response.get_data(as_text=True)
        assert response.status_code in (404, 410)
        assert "Gemeente 0" not in html and "@" not in html.split("mailto:")[0]
    assert "uit een oudere e-mail" in client.get(old).get_data(as_text=True)
    assert not _opted_out(db_session, invitation)


def test_the_opt_out_token_does_not_open_the_questionnaire(client, invitation):
    token = _url(invitation).rsplit("/", 1)[1]
    assert client.get("/r/" + token).status_code == 404
    assert token != token_of(invitation, "test-secret-key")


def test_the_mail_carries_the_opt_out_link_and_it_works(client, db_session, invitation):
    from datetime import UTC, datetime

    from peiling.mailing.compose import MailSettings, build_message

    mail = MailSettings("https://peiling.example.nl", "test-secret-key", "a@b.nl", "ess@b.nl")
    msg = build_message(invitation, "invitation", 0, mail, datetime.now(UTC))
    url = msg["List-Unsubscribe"].split(">")[0].lstrip("<")
    assert url == "https://peiling.example.nl" + _url(invitation)
    assert token_of(invitation, "test-secret-key") not in msg["List-Unsubscribe"]
    path = url.removeprefix("https://peiling.example.nl")
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert _opted_out(db_session, invitation)


def test_guessing_opt_out_links_is_throttled_and_a_valid_one_still_works(client, invitation):
    client.application.config["TOKEN_RATE_LIMIT"] = "2/300"
    guess = f"/afmelden/{invitation.id}/" + "y" * 43
    assert [client.get(guess).status_code for _ in range(3)] == [404, 404, 429]
    assert client.get(_url(invitation)).status_code == 200


def test_the_opt_out_page_looks_like_the_rest(client, db_session, invitation):
    html = client.get(_url(invitation)).get_data(as_text=True)
    assert re.search(r"<title>Afmelden – Behoeftepeiling sociale stabiliteit</title>", html)
    assert '<button type="submit" class="knop nl-button nl-button--primary">' in html
    assert html.count(">English</a>") == 1  # one language link, in the header
    assert 'href="?lang=en"' in html.split("</header>", 1)[0]
    assert 'href="/privacy"' in html  # the footer of every page
