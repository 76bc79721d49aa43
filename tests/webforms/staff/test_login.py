"""Logging in and out of the staff area: passwords, throttling, idle sessions, TOTP."""

from __future__ import annotations

import pyotp
import pytest

from peiling.models import audit
from peiling.models.staff import StaffUser
from peiling.webforms.staff.login_throttle import MAX_DELAY_SECONDS, delay_for
from tests.webforms.conftest import location
from tests.webforms.staff.conftest import PASSWORD, csrf_token, login, post_form


def test_an_anonymous_visitor_is_sent_to_the_login_page(app):
    response = app.test_client().get("/beheer/golven")
    assert location(response).startswith("/beheer/login?volgende=/beheer/golven")


def test_login_leads_back_to_the_page_asked_for(app, admin):
    client = app.test_client()
    page = client.get("/beheer/login?volgende=/beheer/golven").get_data(as_text=True)
    response = client.post(
        "/beheer/login",
        data={
            "email": "BEHEER@example.nl",
            "password": PASSWORD,
            "next": "/beheer/golven",
            "csrf_token": csrf_token(page),
        },
    )
    assert location(response) == "/beheer/golven"
    assert client.get("/beheer/golven").status_code == 200


def test_a_login_elsewhere_is_not_followed(app, admin):
    client = app.test_client()
    page = client.get("/beheer/login").get_data(as_text=True)
    data = {"email": admin.email, "password": PASSWORD, "csrf_token": csrf_token(page)}
    response = client.post("/beheer/login", data={**data, "next": "//evil.example/beheer"})
    assert location(response) == "/beheer/"


def test_a_wrong_password_says_so_without_telling_which_part_was_wrong(app, admin):
    client = app.test_client()
    wrong = login(client, admin.email, "niet het wachtwoord")
    unknown = login(client, "niemand@example.nl", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/beheer/").status_code == 302


def test_login_without_a_csrf_token_is_refused(app, admin):
    response = app.test_client().post(
        "/beheer/login", data={"email": admin.email, "password": PASSWORD}
    )
    assert response.status_code == 400


def test_logout_ends_the_session_and_every_copy_of_its_cookie(app, admin, db_session):
    client = app.test_client()
    login(client, admin.email)
    stolen = client.get_cookie("peiling_sessie").value
    home = client.get("/beheer/")
    response = client.post(
        "/beheer/logout", data={"csrf_token": csrf_token(home.get_data(as_text=True))}
    )
    assert location(response) == "/beheer/login"
    assert client.get("/beheer/").status_code == 302
    other = app.test_client()
    other.set_cookie("peiling_sessie", stolen)
    assert other.get("/beheer/").status_code == 302
    actions = [row["action"] for row in audit.entries(db_session)]
    assert actions == ["logout", "login"]


def test_a_session_ends_after_idle_time(app, admin):
    client = app.test_client()
    login(client, admin.email)
    assert client.get("/beheer/").status_code == 200
    with client.session_transaction() as session:
        session["staff_seen"] -= app.config["STAFF_IDLE_MINUTES"] * 60 + 1
    response = client.get("/beheer/")
    assert location(response) == "/beheer/login"
    assert "niet actief" in client.get("/beheer/login").get_data(as_text=True)
    assert client.get("/beheer/").status_code == 302


def test_a_deactivated_account_loses_its_session(app, admin, db_session):
    from peiling.models.staff_accounts import deactivate

    client = app.test_client()
    login(client, admin.email)
    deactivate(db_session, admin.email)
    db_session.commit()
    assert client.get("/beheer/").status_code == 302


def test_the_delay_grows_with_failures_and_stays_bounded():
    delays = [delay_for(n) for n in range(12)]
    assert delays[:3] == [0, 0, 0]
    assert delays == sorted(delays) and delays[4] > delays[3] > 0
    assert max(delays) == MAX_DELAY_SECONDS


@pytest.fixture
def quick(app):
    """Keep the waits short: the growth of the delay is tested on its own."""
    app.config.update(LOGIN_RATE_LIMIT="3/900", LOGIN_MAX_DELAY=0.0)
    return app


def test_an_address_that_guesses_is_refused_but_the_owner_elsewhere_logs_in(quick, admin):
    guesser = quick.test_client()
    for _ in range(3):
        assert login(guesser, admin.email, "raden").status_code == 401
    refused = login(guesser, admin.email, PASSWORD)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "te vaak verkeerd ingelogd" in refused.get_data(as_text=True)
    owner = quick.test_client()
    owner_env = {"REMOTE_ADDR": "127.0.0.9"}
    page = owner.get("/beheer/login", environ_base=owner_env).get_data(as_text=True)
    response = owner.post(
        "/beheer/login",
        data={"email": admin.email, "password": PASSWORD, "csrf_token": csrf_token(page)},
        environ_base=owner_env,
    )
    assert location(response) == "/beheer/"


def test_guessing_from_many_addresses_never_locks_the_account(quick, admin):
    for n in range(1, 8):
        client = quick.test_client()
        env = {"REMOTE_ADDR": f"127.0.1.{n}"}
        page = client.get("/beheer/login", environ_base=env).get_data(as_text=True)
        response = client.post(
            "/beheer/login",
            data={"email": admin.email, "password": "raden", "csrf_token": csrf_token(page)},
            environ_base=env,
        )
        assert response.status_code == 401
    owner = quick.test_client()
    assert location(login(owner, admin.email)) == "/beheer/"


def test_an_admin_sets_up_totp_when_required_then_needs_a_code(app, admin, db_session):
    app.config["STAFF_REQUIRE_TOTP"] = True
    client = app.test_client()
    assert location(login(client, admin.email)) == "/beheer/login/koppelen"
    assert client.get("/beheer/").status_code == 302  # not logged in yet
    page = client.get("/beheer/login/koppelen").get_data(as_text=True)
    with client.session_transaction() as session:
        secret = session["staff_enrol_secret"]
    assert secret in page
    wrong = client.post(
        "/beheer/login/koppelen", data={"code": "000000", "csrf_token": csrf_token(page)}
    )
    assert wrong.status_code == 401
    response = client.post(
        "/beheer/login/koppelen",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)},
    )
    assert location(response) == "/beheer/"
    db_session.expire_all()
    assert db_session.get(StaffUser, admin.id).totp_secret == secret

    again = app.test_client()
    assert location(login(again, admin.email)) == "/beheer/login/code"
    step = db_session.get(StaffUser, admin.id).totp_last_step
    used = post_form(again, "/beheer/login/code", {"code": pyotp.TOTP(secret).at(step * 30)})
    assert used.status_code == 401  # the code was used already
    assert again.get("/beheer/").status_code == 302


def test_a_researcher_needs_no_second_factor(app, researcher):
    app.config["STAFF_REQUIRE_TOTP"] = True
    assert location(login(app.test_client(), researcher.email)) == "/beheer/"
