"""Before the wave opens, after it closes, and the read-only view after submit."""

from __future__ import annotations

from datetime import UTC, datetime

from peiling.models.wave_lifecycle import close_wave
from peiling.vocabulary import TIME_ZONE as AMSTERDAM
from tests.webforms.conftest import hidden_fields, invite, location, post_page

START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "1"}


def test_before_the_wave_opens_the_page_says_when(app, db_session):
    early = invite(db_session, opened_days_ago=-3)
    client = app.test_client()
    assert location(client.get(early.link)) == "/vragenlijst"
    response = client.get("/vragenlijst")
    html = response.get_data(as_text=True)
    assert "De vragenlijst is nog niet geopend" in html
    assert "U kunt de vragenlijst invullen vanaf" in html
    assert "<form" not in html


def test_after_the_wave_closes_pages_and_posts_show_the_closed_page(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    fields = hidden_fields(client.get("/vragenlijst/start").get_data(as_text=True))
    close_wave(db_session, small.invitation.wave)
    db_session.commit()
    for response in (
        client.get("/vragenlijst/start"),
        client.post("/vragenlijst/start", data={**START, **fields, "action": "next"}),
        client.get(small.link) and client.get("/vragenlijst"),
    ):
        html = response.get_data(as_text=True)
        assert "De vragenlijst is gesloten" in html
        assert "ess@example.org" in html


def test_after_closing_the_link_shows_the_closed_page_never_the_answers(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    post_page(client, "/vragenlijst/slot", {"opmerking": "Tot ziens"})
    client.post(
        "/verzenden",
        data={**hidden_fields(client.get("/controleren").get_data(as_text=True)), "bevestig": "ja"},
    )
    assert "Tot ziens" in client.get("/verzonden").get_data(as_text=True)  # while open
    wave = small.invitation.wave
    wave.closes_at = datetime(2026, 12, 21, tzinfo=AMSTERDAM)  # after the last day, 20 December
    close_wave(db_session, wave, now=datetime(2026, 12, 22, 1, 15, tzinfo=UTC))
    db_session.commit()
    later = app.test_client()  # an old mail's link, opened in any browser
    assert location(later.get(small.link)) == "/vragenlijst"
    for each in (client, later):
        for path in ("/vragenlijst", "/verzonden", "/controleren", "/vragenlijst/slot"):
            html = each.get(path).get_data(as_text=True)
            assert "De vragenlijst is gesloten" in html, path
            assert "tot en met zondag 20 december 2026" in html and "ess@example.org" in html
            assert "Tot ziens" not in html and "Sociaal" not in html


def test_without_a_session_pages_ask_to_open_the_link_again(app, small):
    client = app.test_client()
    for path in ("/vragenlijst", "/vragenlijst/start", "/controleren", "/verzonden"):
        response = client.get(path)
        assert response.status_code == 403
        assert "Open uw persoonlijke link opnieuw" in response.get_data(as_text=True)
