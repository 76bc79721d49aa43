"""The resend button of the non-response page: a contact's personal link sent again, logged."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from peiling.errors import UserError
from peiling.mailing.batch import SENT
from peiling.mailing.resend import ResendRefused, resend_link
from peiling.mailing.smtp import SmtpFailure
from peiling.models import audit
from peiling.models.contact import Contact
from peiling.models.wave import Wave
from peiling.webforms.database import get_session
from peiling.webforms.i18n import translate
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp
from peiling.webforms.staff.forms import ActionForm


def _record(wave: Wave, contact: Contact, detail: str) -> None:
    db = get_session()
    audit.record(
        db,
        current_user.user,
        "contact.resend_link",
        wave=wave,
        organisation=contact.organisation,
        detail=f"contact {contact.id}: {detail}",
        address=request.remote_addr or "",
    )
    db.commit()


@bp.post("/golven/<int:wave_id>/zonder-respons/<int:contact_id>/link")
@allow(*ADMIN)
def resend(wave_id: int, contact_id: int):
    """Send a contact's personal link of the wave again (not to a contact who opted out)."""
    db = get_session()
    wave, contact = db.get(Wave, wave_id), db.get(Contact, contact_id)
    if wave is None or contact is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    back = url_for("staff.nonresponse", wave_id=wave.id) + f"#org-{contact.organisation_id}"
    name = contact.name
    try:
        outcome = resend_link(db, wave, contact)
    except ResendRefused as refused:
        db.rollback()
        _record(wave, contact, f"refused: {refused}")
        flash(translate(f"staff_resend_refused_{refused.key}", name=name))
        return redirect(back)
    except (SmtpFailure, UserError, OSError) as exc:
        db.rollback()
        _record(wave, contact, f"not sent: {exc}")
        flash(translate("staff_resend_failed", name=name, reason=str(exc)))
        return redirect(back)
    detail = f"{outcome.result} to {outcome.recipient}"
    if outcome.reason:
        detail += f" ({outcome.reason})"
    _record(wave, contact, detail)
    if outcome.result == SENT:
        flash(translate("staff_resend_sent", name=name, email=outcome.recipient))
    else:
        flash(translate("staff_resend_failed", name=name, reason=outcome.reason or outcome.result))
    return redirect(back)
