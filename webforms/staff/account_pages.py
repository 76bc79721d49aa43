"""The accounts page for admins: list, add, change role, deactivate, reset the second factor.

Each action calls the same function in peiling.models.staff_accounts as `peiling users`; an
admin cannot deactivate, demote or reset their own account, so an admin always remains.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peiling.errors import UserError
from peiling.models import audit
from peiling.models.staff import StaffRole, StaffUser
from peiling.models.staff_accounts import (
    MIN_PASSWORD,
    OwnAccountRefused,
    add_user,
    change_role,
    deactivate,
    list_users,
    reactivate,
    reset_totp,
)
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import AccountChangeForm, AccountForm

# The buttons other than a role: the account function and its audit action.
CHANGES = {
    "deactivate": (deactivate, "user.deactivate"),
    "activate": (reactivate, "user.reactivate"),
    "reset_totp": (reset_totp, "user.totp_reset"),
}


def _apply(change: str, user: StaffUser) -> tuple[str, str]:
    """Make one change to an account as the logged-in admin; return its audit action and detail."""
    db, by = get_session(), current_user.user
    if change in set(StaffRole):
        change_role(db, user.email, change, by)
        return "user.role", f"{user.email} ({change})"
    apply, action = CHANGES[change]
    apply(db, user.email, by)
    return action, user.email


def _form() -> AccountForm:
    form = AccountForm()
    form.role.choices = [(r.value, translate(f"staff_role_{r.value}")) for r in StaffRole]
    return form


def _audit(action: str, detail: str) -> None:
    audit.record(
        get_session(), current_user.user, action, detail=detail, address=request.remote_addr or ""
    )


@bp.route("/accounts", methods=["GET", "POST"])
@allow(*ADMIN)
def accounts():
    """Every staff account, and a form to add one."""
    db = get_session()
    form = _form()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                user = add_user(db, form.email.data, form.role.data, form.password.data)
            except UserError:
                db.rollback()
                form.email.errors = [translate("staff_error_account_taken")]
            else:
                _audit("user.add", f"{user.email} ({user.role})")
                db.commit()
                flash(translate("staff_account_added", email=user.email))
                return redirect(url_for("staff.accounts"))
        if form.role.errors:
            form.role.errors[:] = [translate("staff_error_choice")]
        status = 400
    page = render_template(
        "staff/accounts.html",
        users=list_users(db),
        form=form,
        change_form=AccountChangeForm(),
        min_password=MIN_PASSWORD,
    )
    return page, status


@bp.post("/accounts/<int:user_id>")
@allow(*ADMIN)
def account_change(user_id: int):
    """Give an account another role, deactivate or reactivate it, or reset its TOTP."""
    db = get_session()
    user = db.get(StaffUser, user_id)
    form = AccountChangeForm()
    if user is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    change = form.change.data
    try:
        action, detail = _apply(change, user)
    except OwnAccountRefused:
        db.rollback()
        flash(translate("staff_account_own_refused"))
        return redirect(url_for("staff.accounts"))
    _audit(action, detail)
    db.commit()
    flash(translate(f"staff_account_{change}", email=user.email))
    return redirect(url_for("staff.accounts"))
