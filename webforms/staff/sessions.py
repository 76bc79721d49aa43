"""Logging in, in one or two steps: password first, then a TOTP code when the account needs one."""

from __future__ import annotations

import time

from flask import current_app, request, session
from flask_login import login_user

from peiling.models import audit
from peiling.models.staff import StaffUser
from peiling.models.staff_accounts import record_login
from peiling.webforms.database import get_session
from peiling.webforms.i18n import choose_language, current_language
from peiling.webforms.staff.access import SEEN_KEY, StaffLogin

PENDING_KEY = "staff_pending"
ENROL_KEY = "staff_enrol_secret"
PENDING_SECONDS = 300


def needs_second_step(user: StaffUser) -> str | None:
    """Return "code" when the account has TOTP, "enrol" when it must set it up, else None."""
    if user.totp_secret:
        return "code"
    if user.is_admin and current_app.config["STAFF_REQUIRE_TOTP"]:
        return "enrol"
    return None


def hold(user: StaffUser) -> None:
    """Remember an account whose password was right, until its second step is done."""
    session[PENDING_KEY] = {"id": user.id, "at": time.time()}


def held() -> StaffUser | None:
    """Return the account waiting for its second step, if it is still fresh and active."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_session().get(StaffUser, pending.get("id"))
    return user if user is not None and user.active else None


def complete(user: StaffUser) -> None:
    """Log an account in: a fresh session (only the language kept), audited."""
    lang = current_language()
    session.clear()
    choose_language(lang)
    login_user(StaffLogin(user))
    session[SEEN_KEY] = time.time()
    record_login(user)
    audit.record(get_session(), user, "login", address=request.remote_addr or "")
    get_session().commit()
