"""The accounts page: an admin lists, adds, changes, deactivates and resets staff accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peiling.models import audit
from peiling.models.staff import StaffUser
from peiling.models.staff_accounts import find_user
from tests.webforms.staff.conftest import csrf_token, login, post_form

NEW_PASSWORD = "nog een lang wachtwoord"


def _add(client, email="nieuw@example.nl", role="researcher", password=NEW_PASSWORD, again=None):
    data = {
        "email": email,
        "role": role,
        "password": password,
        "password_again": password if again is None else again,
    }
    return post_form(client, "/beheer/accounts", data)


def _change(client, user: StaffUser, change: str):
    token = csrf_token(client.get("/beheer/accounts").get_data(as_text=True))
    return client.post(
        f"/beheer/accounts/{user.id}",
        data={"csrf_token": token, "change": change},
        follow_redirects=True,
    )


def _row(html: str, email: str) -> str:
    return html.split(f'<th scope="row">{email}', 1)[1].split("</tr>", 1)[0]


def _actions(db_session) -> list[tuple[str, str, str]]:
    return [(e["actor"], e["action"], e["detail"]) for e in audit.entries(db_session)]


def test_the_page_lists_every_account_with_role_state_totp_and_last_login(
    as_admin, researcher, db_session
):
    researcher.totp_secret = "JBSWY3DPEHPK3PXP"
    db_session.commit()
    html = as_admin.get("/beheer/accounts").get_data(as_text=True)
    admin_row = _row(html, "beheer@example.nl")
    researcher_row = _row(html, "onderzoek@example.nl")
    assert "(uw account)" in admin_row and "beheerder" in admin_row
    # The admin just logged in; the researcher never did.
    assert "nooit" not in admin_row and "niet ingesteld" in admin_row
    assert "onderzoeker" in researcher_row and "nooit" in researcher_row
    assert ">ingesteld<" in researcher_row and "actief" in researcher_row
    # Buttons for the others only: never to deactivate or demote oneself.
    assert "Maak beheerder" in researcher_row and "Uitschakelen" in researcher_row
    assert "Tweede factor wissen" in researcher_row
    assert "<button" not in admin_row


def test_an_admin_adds_an_account_that_then_logs_in(app, as_admin, admin, db_session):
    response = _add(as_admin, email="Nieuw@Example.nl")
    assert response.status_code == 302
    page = as_admin.get("/beheer/accounts").get_data(as_text=True)
    assert "Het account nieuw@example.nl is toegevoegd." in page
    db_session.expire_all()
    user = find_user(db_session, "nieuw@example.nl")
    assert user.role == "researcher" and user.active and user.password_hash != NEW_PASSWORD
    assert ("beheer@example.nl", "user.add", "nieuw@example.nl (researcher)") in _actions(
        db_session
    )
    assert login(app.test_client(), "nieuw@example.nl", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "te kort"}, "Kies een wachtwoord van minstens 12 tekens"),
        ({"again": "een ander lang wachtwoord"}, "Typ twee keer hetzelfde wachtwoord"),
        ({"email": "beheer@example.nl"}, "Er is al een account met dit e-mailadres"),
        ({"email": "geen adres"}, "Vul een geldig e-mailadres in"),
        ({"role": "baas"}, "Kies een van de mogelijkheden"),
    ],
)
def test_a_wrong_new_account_is_refused_at_its_field(as_admin, db_session, fields, message):
    response = _add(as_admin, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert "<title>Fout:" in html
    db_session.expire_all()
    assert len(db_session.scalars(select(StaffUser)).all()) == 1


def test_the_add_form_is_in_english_too(as_admin):
    as_admin.get("/taal/en?terug=/beheer/accounts")
    html = _add(as_admin, password="short").get_data(as_text=True)
    assert "Add an account" in html and "Choose a password of at least 12 characters" in html
    assert "(your account)" in html and "admin" in html


def test_deactivating_ends_the_accounts_sessions_and_reactivating_lets_it_in(
    app, as_admin, as_researcher, researcher, db_session
):
    assert as_researcher.get("/beheer/downloads").status_code == 200
    page = _change(as_admin, researcher, "deactivate").get_data(as_text=True)
    assert "onderzoek@example.nl kan niet meer inloggen" in page
    assert as_researcher.get("/beheer/downloads").status_code == 302
    assert login(app.test_client(), researcher.email).status_code == 401
    page = _change(as_admin, researcher, "activate").get_data(as_text=True)
    assert "onderzoek@example.nl kan weer inloggen." in page
    assert login(app.test_client(), researcher.email).status_code == 302
    actions = [a[1] for a in _actions(db_session) if a[0] == "beheer@example.nl"]
    assert actions[:2] == ["user.reactivate", "user.deactivate"]


def test_a_new_role_counts_at_the_next_request(as_admin, as_researcher, researcher, db_session):
    assert as_researcher.get("/beheer/golven").status_code == 403
    page = _change(as_admin, researcher, "admin").get_data(as_text=True)
    assert "onderzoek@example.nl is nu beheerder." in page
    assert as_researcher.get("/beheer/golven").status_code == 200
    _change(as_admin, researcher, "researcher")
    assert as_researcher.get("/beheer/golven").status_code == 403
    details = [a[2] for a in _actions(db_session) if a[1] == "user.role"]
    assert details == ["onderzoek@example.nl (researcher)", "onderzoek@example.nl (admin)"]


def test_resetting_totp_forgets_the_key_and_ends_the_sessions(
    as_admin, as_researcher, researcher, db_session
):
    researcher.totp_secret = "JBSWY3DPEHPK3PXP"
    db_session.commit()
    page = _change(as_admin, researcher, "reset_totp").get_data(as_text=True)
    assert "De tweede factor van onderzoek@example.nl is gewist" in page
    assert as_researcher.get("/beheer/downloads").status_code == 302
    db_session.expire_all()
    assert db_session.get(StaffUser, researcher.id).totp_secret is None
    assert ("beheer@example.nl", "user.totp_reset", "onderzoek@example.nl") in _actions(db_session)


@pytest.mark.parametrize("change", ["deactivate", "researcher", "reset_totp"])
def test_an_admin_cannot_deactivate_demote_or_reset_themself(as_admin, admin, db_session, change):
    admin.totp_secret = "JBSWY3DPEHPK3PXP"
    db_session.commit()
    page = _change(as_admin, admin, change).get_data(as_text=True)
    assert "Uw eigen account kunt u niet uitschakelen, onderzoeker maken" in page
    db_session.expire_all()
    me = db_session.get(StaffUser, admin.id)
    assert me.active and me.role == "admin" and me.totp_secret == "JBSWY3DPEHPK3PXP"
    assert as_admin.get("/beheer/accounts").status_code == 200
    assert not [a for a in _actions(db_session) if a[1].startswith("user.")]


def test_a_change_without_the_csrf_token_changes_nothing(as_admin, researcher, db_session):
    response = as_admin.post(f"/beheer/accounts/{researcher.id}", data={"change": "deactivate"})
    assert response.status_code == 400
    response = as_admin.post(
        "/beheer/accounts",
        data={
            "email": "x@example.nl",
            "role": "admin",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    db_session.expire_all()
    assert db_session.get(StaffUser, researcher.id).active
    assert find_user(db_session, "x@example.nl") is None


def test_an_unknown_change_or_account_is_refused(as_admin, researcher):
    assert _change(as_admin, researcher, "boss").status_code == 400
    token = csrf_token(as_admin.get("/beheer/accounts").get_data(as_text=True))
    missing = as_admin.post("/beheer/accounts/999999", data={"csrf_token": token})
    assert missing.status_code == 404


def test_the_researcher_never_sees_the_accounts(as_researcher, admin):
    assert as_researcher.get("/beheer/accounts").status_code == 403
    assert "/beheer/accounts" not in as_researcher.get("/beheer/").get_data(as_text=True)
