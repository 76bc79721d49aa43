"""Who may see a staff page: the logged-in account (Flask-Login), its role, and idle sessions.

Every staff view declares the roles that may use it with ``@allow(...)`` (or ``@public``);
the blueprint's guard refuses any view that declares nothing, so a new route is closed until
someone decides who may use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, logout_user

from peiling.models.staff import StaffRole, StaffUser
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate

login_manager = LoginManager()
login_manager.login_view = "staff.login"
login_manager.session_protection = "basic"

ADMIN = (StaffRole.ADMIN,)
STAFF = (StaffRole.ADMIN, StaffRole.RESEARCHER)
SEEN_KEY = "staff_seen"


class StaffLogin(UserMixin):
    """The logged-in account as Flask-Login sees it; its id carries the session generation."""

    def __init__(self, user: StaffUser):
        self.user = user
        self.email = user.email
        self.role = user.role

    def get_id(self) -> str:
        return f"{self.user.id}.{self.user.session_generation}"

    @property
    def is_admin(self) -> bool:
        return self.role == StaffRole.ADMIN


@login_manager.user_loader
def _load(user_id: str) -> StaffLogin | None:
    ident, _, generation = user_id.partition(".")
    if not ident.isdigit() or not generation.isdigit():
        return None
    user = get_session().get(StaffUser, int(ident))
    # A logout or deactivation bumps the generation: older copies of the cookie stop working.
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return StaffLogin(user)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.method != "GET":
        return redirect(url_for("staff.login"))
    return redirect(url_for("staff.login", volgende=request.full_path.rstrip("?")))


def allow(*roles: StaffRole) -> Callable:
    """Declare which roles may use a staff view."""

    def mark(view: Callable) -> Callable:
        view.staff_roles = frozenset(roles)
        return view

    return mark


def public(view: Callable) -> Callable:
    """Declare a staff view open to anyone (the login pages)."""
    view.staff_roles = None
    return view


def guard():
    """Check login, idle time and role before every staff view; refuse undeclared views."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return None
    roles = getattr(view, "staff_roles", frozenset())
    if roles is None:
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    now = time.time()
    idle = current_app.config["STAFF_IDLE_MINUTES"] * 60
    if now - session.get(SEEN_KEY, 0) > idle:
        end_session(None)
        flash(translate("staff_idle_ended"))
        return redirect(url_for("staff.login"))
    session[SEEN_KEY] = now
    if current_user.role not in roles:
        abort(403)
    return None


def end_session(user: StaffUser | None) -> None:
    """End this session; given the account, also every other session cookie of it (logout)."""
    from peiling.models.staff_accounts import end_sessions

    if user is not None:
        db = get_session()
        user = db.merge(user)
        end_sessions(user)
        db.commit()
    logout_user()
    for key in (SEEN_KEY, "staff_pending", "staff_enrol_secret"):
        session.pop(key, None)
