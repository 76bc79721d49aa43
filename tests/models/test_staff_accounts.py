"""Staff accounts: hashed passwords, one account per address, TOTP codes good once, audit kept."""

import pyotp
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from peiling.errors import UserError
from peiling.models import audit
from peiling.models.staff_accounts import (
    accept_totp,
    add_user,
    authenticate,
    deactivate,
    new_totp_secret,
)

PASSWORD = "correct horse battery"


def test_a_password_is_stored_only_as_an_argon2_hash(db_session):
    user = add_user(db_session, "Onderzoeker@Example.nl", "researcher", PASSWORD)
    assert user.email == "onderzoeker@example.nl"
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2id$")
    assert authenticate(db_session, "ONDERZOEKER@example.nl", PASSWORD) is user
    assert authenticate(db_session, "onderzoeker@example.nl", PASSWORD + "!") is None
    assert authenticate(db_session, "nobody@example.nl", PASSWORD) is None


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("not-an-address", "admin", PASSWORD, "not an e-mail address"),
        ("a@example.nl", "boss", PASSWORD, "unknown role"),
        ("a@example.nl", "admin", "short", "at least 12"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(db_session, email, role, password, message):
    with pytest.raises(UserError, match=message):
        add_user(db_session, email, role, password)


def test_one_account_per_address(db_session):
    add_user(db_session, "a@example.nl", "admin", PASSWORD)
    with pytest.raises(UserError, match="already an account"):
        add_user(db_session, "A@example.nl", "researcher", PASSWORD)


def test_a_deactivated_account_cannot_log_in(db_session):
    user = add_user(db_session, "a@example.nl", "admin", PASSWORD)
    generation = user.session_generation
    deactivate(db_session, "a@example.nl")
    assert authenticate(db_session, "a@example.nl", PASSWORD) is None
    assert user.session_generation == generation + 1


def test_a_totp_code_is_accepted_once_and_only_near_its_time(db_session):
    user = add_user(db_session, "a@example.nl", "admin", PASSWORD)
    secret = new_totp_secret()
    now = 1_800_000_000.0
    code = pyotp.TOTP(secret).at(now)
    assert not accept_totp(user, code, secret, now=now + 300)  # ten steps later
    assert accept_totp(user, code, secret, now=now)
    assert user.totp_secret == secret
    assert not accept_totp(user, code, now=now)  # replay
    assert accept_totp(user, pyotp.TOTP(secret).at(now + 30), now=now + 30)
    assert not accept_totp(user, "abcdef", now=now + 60)


def test_the_audit_log_is_append_only(db_session):
    user = add_user(db_session, "a@example.nl", "admin", PASSWORD)
    entry = audit.record(db_session, user, "login", detail="<script>")
    db_session.commit()
    entry.action = "nothing happened"
    with pytest.raises(ValueError, match="append-only"):
        db_session.flush()
    db_session.rollback()
    if db_session.bind.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"):
            db_session.execute(text("UPDATE audit_entry SET action = 'x'"))
        db_session.rollback()
    assert [row["action"] for row in audit.entries(db_session)] == ["login"]
