"""Personal links: invalid ones all look alike (404); guessing is throttled per client address."""

from __future__ import annotations

import pytest

from peiling.models.invitation import InvitationStatus
from tests.webforms.conftest import invite, location


def test_unknown_malformed_and_withdrawn_links_get_the_same_plain_page(app, invited, db_session):
    client = app.test_client()
    other = invite(db_session, code="GM0344", name="Utrecht", wave=invited.invitation.wave)
    other.invitation.status = InvitationStatus.WITHDRAWN.value
    db_session.commit()
    unknown = client.get("/r/" + "A" * 43)
    malformed = client.get("/r/kort")
    withdrawn = client.get(other.link)
    assert unknown.status_code == malformed.status_code == withdrawn.status_code == 404
    assert unknown.get_data() == malformed.get_data() == withdrawn.get_data()
    assert "Deze link werkt niet" in unknown.get_data(as_text=True)
    assert "Set-Cookie" not in unknown.headers
    assert b"A" * 43 not in unknown.get_data()  # the token is never echoed


def test_guessing_is_throttled_per_address_without_locking_out_anyone(app, invited):
    app.config["TOKEN_RATE_LIMIT"] = "3/300"
    guesser = app.test_client()
    here = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(3):
        assert guesser.get("/r/" + "B" * 43, environ_base=here).status_code == 404
    blocked = guesser.get("/r/" + "B" * 43, environ_base=here)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    # A valid link always opens, even from that address (a shared proxy, an office network).
    assert location(guesser.get(invited.link, environ_base=here)) == "/vragenlijst"
    assert guesser.get("/r/" + "B" * 43, environ_base=here).status_code == 429
    colleague = app.test_client()
    assert location(colleague.get(invited.link, environ_base={"REMOTE_ADDR": "198.51.100.2"})) == (
        "/vragenlijst"
    )


def test_a_respondents_own_clicks_do_not_use_up_the_limit(app, invited):
    app.config["TOKEN_RATE_LIMIT"] = "2/300"
    client = app.test_client()
    for _ in range(5):
        assert client.get(invited.link).status_code == 302


def test_a_second_app_shares_the_counter_through_the_database(app, invited, settings):
    # Two app instances stand for two gunicorn workers or two web servers.
    from peiling.webforms import create_app

    app.config["TOKEN_RATE_LIMIT"] = "2/300"
    twin = create_app({"TESTING": True, "TOKEN_RATE_LIMIT": "2/300"})
    here = {"REMOTE_ADDR": "203.0.113.9"}
    app.test_client().get("/r/" + "C" * 43, environ_base=here)
    twin.test_client().get("/r/" + "C" * 43, environ_base=here)
    assert app.test_client().get("/r/" + "C" * 43, environ_base=here).status_code == 429
    assert twin.test_client().get("/r/" + "C" * 43, environ_base=here).status_code == 429


@pytest.mark.parametrize("path", ["/r/", "/r/a/b", "/bestaat-niet"])
def test_other_unknown_addresses_get_the_plain_page_too(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.get_data(as_text=True)


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_throttled(settings, engine):
    from peiling import settings as peiling_settings
    from peiling.webforms import create_app

    peiling_settings.override(trusted_proxies="1")  # PEILING_TRUSTED_PROXIES=1
    app = create_app({"TESTING": True, "TOKEN_RATE_LIMIT": "1/300"})
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    client = app.test_client()
    guess = "/r/" + "D" * 43
    client.get(guess, environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.5"})
    blocked = client.get(guess, environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.5"})
    other = client.get(guess, environ_base=proxy, headers={"X-Forwarded-For": "198.51.100.8"})
    assert (blocked.status_code, other.status_code) == (429, 404)


def test_ipv6_clients_are_counted_per_64_network(app, invited):
    app.config["TOKEN_RATE_LIMIT"] = "1/300"
    client = app.test_client()
    guess = "/r/" + "E" * 43
    assert client.get(guess, environ_base={"REMOTE_ADDR": "2001:db8::1"}).status_code == 404
    assert client.get(guess, environ_base={"REMOTE_ADDR": "2001:db8::2"}).status_code == 429
    assert client.get(guess, environ_base={"REMOTE_ADDR": "2001:db8:1::1"}).status_code == 404
