"""Security: headers on every response, cookies, and no way into another respondent's answers."""

from __future__ import annotations

from sqlalchemy import select

from peiling.models import Response
from tests.webforms.conftest import hidden_fields, invite, post_page

START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "1"}


def test_every_page_has_the_security_headers(app, small):
    client = app.test_client()
    for response in (client.get("/"), client.get(small.link), client.get("/vragenlijst/start")):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers  # plain http here


def test_pages_hold_no_inline_script_or_style(app, small):
    client = app.test_client()
    client.get(small.link)
    html = client.get("/vragenlijst/start").get_data(as_text=True)
    assert "<script>" not in html and "<script " in html  # only the external file
    assert "style=" not in html and "<style" not in html and "onclick" not in html


def test_https_base_url_adds_hsts_and_secure_cookies(settings, engine, small):
    from peiling import settings as peiling_settings
    from peiling.webforms import create_app

    peiling_settings.override(base_url="https://peiling.example.nl")
    app = create_app({"TESTING": True})
    response = app.test_client().get(small.link, base_url="https://peiling.example.nl")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-peiling_sessie=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain=" not in cookie


def test_static_files_may_be_cached_but_keep_nosniff(app):
    response = app.test_client().get("/static/peiling.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_posts_without_a_csrf_token_save_nothing(app, small, db_session):
    client = app.test_client()
    client.get(small.link)
    client.get("/vragenlijst/start")
    response = client.post("/vragenlijst/start", data={**START, "action": "next"})
    assert response.status_code == 400
    assert db_session.scalar(select(Response)) is None


def test_a_respondent_only_ever_reaches_their_own_response(app, small, db_session):
    other = invite(db_session, code="GM0344", name="Utrecht", wave=small.invitation.wave)
    alice, bob = app.test_client(), app.test_client()
    alice.get(small.link)
    bob.get(other.link)
    post_page(alice, "/vragenlijst/start", {**START, "domein": "1"})
    # Bob posts with ids of Alice's response and invitation in the form and URL: ignored.
    alice_response = db_session.scalar(select(Response))
    extra = {"response_id": str(alice_response.id), "invitation_id": str(small.invitation.id)}
    post_page(bob, f"/vragenlijst/start?response_id={alice_response.id}", {**START, **extra})
    db_session.expire_all()
    responses = {r.invitation_id: r.answers for r in db_session.scalars(select(Response))}
    assert responses[small.invitation.id]["domein"] == 1
    assert responses[other.invitation.id]["domein"] == 2
    assert "Veiligheid" not in bob.get("/controleren").get_data(as_text=True).split("<dd>")[1]


def test_the_session_cookie_cannot_be_forged(app, small):
    client = app.test_client()
    client.set_cookie("peiling_sessie", '{"invitation_id": 1}')
    response = client.get("/vragenlijst")
    assert response.status_code == 403
    assert "Open uw persoonlijke link opnieuw" in response.get_data(as_text=True)


def test_open_text_is_escaped_on_the_page_and_in_review(app, small):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    evil = '<script>alert("x")</script>'
    post_page(client, "/vragenlijst/slot", {"opmerking": evil}, action="save")
    for path in ("/vragenlijst/slot", "/controleren"):
        html = client.get(path).get_data(as_text=True)
        assert evil not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_the_review_form_carries_no_response_id(app, small):
    client = app.test_client()
    client.get(small.link)
    post_page(client, "/vragenlijst/start", START)
    fields = hidden_fields(client.get("/controleren").get_data(as_text=True))
    assert set(fields) == {"csrf_token", "version"}
