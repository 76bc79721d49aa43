"""Subscriptions on the downloads page: a mail with a link to every new export of a survey."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from peiling.models import audit
from peiling.models.subscription import subscribe, subscription, unsubscribe
from peiling.models.wave_lifecycle import survey_keys
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language, translate
from peiling.webforms.staff.access import STAFF, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import SubscriptionForm


def states(user) -> list[tuple[str, bool]]:
    """Return every survey with whether the account is subscribed to its new exports."""
    db = get_session()
    return [(key, subscription(db, user, key) is not None) for key in survey_keys(db)]


@bp.post("/downloads/abonnement")
@allow(*STAFF)
def export_subscription():
    """Subscribe to, or unsubscribe from, the mail about new exports of a survey."""
    form = SubscriptionForm()
    db = get_session()
    if not form.validate_on_submit() or form.survey.data not in survey_keys(db):
        flash(translate("staff_subscription_unknown"))
        return redirect(url_for("staff.exports"))
    survey, user = form.survey.data, current_user.user
    if form.change.data == "subscribe":
        subscribe(db, user, survey, current_language())
    else:
        unsubscribe(db, user, survey)
    audit.record(
        db, user, f"export.{form.change.data}", detail=survey, address=request.remote_addr or ""
    )
    db.commit()
    flash(translate(f"staff_subscription_{form.change.data}d", survey=survey))
    return redirect(url_for("staff.exports"))
