"""Staff accounts: add, list, change role, deactivate, check a password and a TOTP code."""

from __future__ import annotations

import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.email_address import normalise_email
from peiling.models.staff import StaffRole, StaffUser

HASHER = PasswordHasher()
MIN_PASSWORD = 12
# Checked when the address is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


def check_password_strength(password: str) -> None:
    """Refuse a password that is too short to keep an account safe."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def find_user(session: Session, email: str) -> StaffUser | None:
    """Return the account of an address (any letter case), or None."""
    return session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.lower()))


def add_user(session: Session, email: str, role: str, password: str) -> StaffUser:
    """Create a staff account with a hashed password; refuse a taken address or unknown role."""
    if role not in set(StaffRole):
        raise UserError(f"unknown role {role!r}; choose {' or '.join(StaffRole)}")
    email = normalise_email(email)
    check_password_strength(password)
    if find_user(session, email) is not None:
        raise UserError(f"there is already an account for {email}")
    user = StaffUser(email=email, role=role, password_hash=HASHER.hash(password), active=True)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[StaffUser]:
    """Return every staff account, by address."""
    return list(session.scalars(select(StaffUser).order_by(StaffUser.email)))


class OwnAccountRefused(UserError):
    """An admin tried to deactivate, demote or reset their own account."""


def _account(session: Session, email: str, by: StaffUser | None, what: str) -> StaffUser:
    user = find_user(session, email)
    if user is None:
        raise UserError(f"there is no account for {email}")
    if by is not None and by.id == user.id:
        raise OwnAccountRefused(f"you cannot {what} your own account")
    return user


def deactivate(session: Session, email: str, by: StaffUser | None = None) -> StaffUser:
    """Stop an account from logging in and end its sessions; its audit entries stay.

    Given the acting account (the staff area), refuse its own: an admin always remains.
    """
    user = _account(session, email, by, "deactivate")
    user.active = False
    end_sessions(user)
    return user


def reactivate(session: Session, email: str, by: StaffUser | None = None) -> StaffUser:
    """Let a deactivated account log in again with its password."""
    user = _account(session, email, by, "reactivate")
    user.active = True
    return user


def change_role(session: Session, email: str, role: str, by: StaffUser | None = None) -> StaffUser:
    """Give an account another role; refuse an unknown role and the acting account's own."""
    if role not in set(StaffRole):
        raise UserError(f"unknown role {role!r}; choose {' or '.join(StaffRole)}")
    user = _account(session, email, by, "change the role of")
    user.role = role
    return user


def reset_totp(session: Session, email: str, by: StaffUser | None = None) -> StaffUser:
    """Forget an account's TOTP key and end its sessions; it sets up a new one at next login."""
    user = _account(session, email, by, "reset the second factor of")
    user.totp_secret = None
    end_sessions(user)
    return user


def authenticate(session: Session, email: str, password: str) -> StaffUser | None:
    """Return the active account whose password this is, or None (same cost either way)."""
    user = find_user(session, email.strip())
    try:
        HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    return user


def new_totp_secret() -> str:
    """Return a fresh base32 TOTP secret."""
    return pyotp.random_base32()


def totp_uri(user: StaffUser, secret: str, issuer: str) -> str:
    """Return the otpauth:// address an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def accept_totp(user: StaffUser, code: str, secret: str | None = None, now: float | None = None):
    """Tell whether a code is right for the account (or a secret being enrolled), once only.

    A code of the previous or next 30-second step is accepted (clock drift); a step once
    accepted is remembered, so the same code cannot be used twice.
    """
    secret = secret or user.totp_secret
    code = "".join(code.split())
    if not secret or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    step = int(now // totp.interval)
    for candidate in (step - 1, step, step + 1):
        if candidate <= (user.totp_last_step or -1):
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(candidate), code):
            user.totp_last_step = candidate
            user.totp_secret = secret
            return True
    return False


def record_login(user: StaffUser) -> None:
    """Note the time of a successful login."""
    user.last_login_at = utcnow()


def end_sessions(user: StaffUser) -> None:
    """Make every session cookie of an account invalid (logout, deactivation)."""
    user.session_generation += 1
