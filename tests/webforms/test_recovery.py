"""Nothing typed is lost to an expired CSRF token or to two tabs; no POST plants answers."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from peiling.models import Response
from tests.webforms.conftest import hidden_fields, location, post_page

START = {"domein": "2", "thema__inclusie": "3", "thema__polarisatie": "1"}


def saved_answers(db_session) -> dict:
    db_session.expire_all()
    response = db_session.scalar(select(Response))
    return response.answers if response else {}


def test_an_expired_csrf_token_shows_the_page_again_with_the_typed_answers(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    client.get("/vragenlijst/start")
    data = {**START, "csrf_token": "verlopen", "version": "0", "action": "next"}
    response = client.post("/vragenlijst/start", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Uw sessie was verlopen" in html
    assert 'value="2" checked' in html and 'value="3" checked' in html
    assert saved_answers(db_session) == {}
    # The page carries a fresh token: sending it again saves.
    again = client.post(
        "/vragenlijst/start", data={**START, **hidden_fields(html), "action": "next"}
    )
    assert location(again) == "/vragenlijst/slot"
    assert saved_answers(db_session)["thema.inclusie"] == 3


def test_a_post_without_a_session_changes_nothing_and_says_so(app, small, db_session):
    old = app.test_client()
    old.get(small.link)
    fields = hidden_fields(old.get("/vragenlijst/start").get_data(as_text=True))
    # The browser lost its session cookie (expired, or closed): the POST has no session.
    fresh = app.test_client()
    data = MultiDict({**START, **fields, "action": "next"})
    response = fresh.post("/vragenlijst/start", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Open uw persoonlijke link opnieuw" in html and "kon niet worden opgeslagen" in html
    assert "Set-Cookie" not in response.headers
    assert saved_answers(db_session) == {}


def test_a_cross_site_post_neither_logs_out_nor_plants_answers(app, small, db_session):
    victim = app.test_client()
    victim.get(small.link)
    post_page(victim, "/vragenlijst/start", START, action="save")
    # A form on another site posts into the victim's browser: SameSite keeps the cookie back,
    # so the app sees a POST without session and without a valid CSRF token.
    attacker = app.test_client()
    forged = {"domein": "1", "thema__inclusie": "5", "thema__polarisatie": "5", "action": "next"}
    response = attacker.post("/vragenlijst/start", data=forged)
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers  # nothing to overwrite the victim's session
    # The victim's session and answers are untouched; the browser that received the forged
    # response (the attacker client stands for it) opens the link and sees the saved answers.
    page = victim.get("/vragenlijst/start").get_data(as_text=True)
    assert 'value="3" checked' in page and 'value="5" checked' not in page
    assert location(attacker.get(small.link)) == "/vragenlijst"
    again = attacker.get("/vragenlijst/start").get_data(as_text=True)
    assert 'value="3" checked' in again and 'value="5" checked' not in again
    assert saved_answers(db_session)["thema.inclusie"] == 3


def test_a_save_from_an_outdated_tab_is_not_applied_silently(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    tab_one = hidden_fields(client.get("/vragenlijst/slot").get_data(as_text=True))
    tab_two = hidden_fields(client.get("/vragenlijst/slot").get_data(as_text=True))
    client.post(
        "/vragenlijst/slot", data={"opmerking": "Uit tab twee", **tab_two, "action": "save"}
    )
    stale = client.post(
        "/vragenlijst/slot", data={"opmerking": "Uit tab een", **tab_one, "action": "save"}
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "Deze pagina is intussen ergens anders gewijzigd" in html
    assert "Uit tab twee" in html  # what is stored now
    assert ">Uit tab een</textarea>" in html  # the respondent's own input is kept
    assert saved_answers(db_session)["opmerking"] == "Uit tab twee"
    # Saving again from the refreshed page applies the respondent's choice.
    again = client.post(
        "/vragenlijst/slot",
        data={"opmerking": "Uit tab een", **hidden_fields(html), "action": "save"},
    )
    assert location(again) == "/opgeslagen"
    assert saved_answers(db_session)["opmerking"] == "Uit tab een"


def test_a_submit_after_changes_in_another_tab_asks_to_check_again(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    review = hidden_fields(client.get("/controleren").get_data(as_text=True))
    post_page(client, "/vragenlijst/slot", {"opmerking": "Later toegevoegd"}, action="save")
    response = client.post("/verzenden", data={**review, "bevestig": "ja"})
    assert "intussen elders gewijzigd" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(select(Response)).submitted_at is None
