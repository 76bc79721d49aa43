"""Forward the invitation to a colleague: a new invitation for the same organisation, sent now."""

from __future__ import annotations

from flask import current_app, render_template, request

from peiling.mailing.batch import SENT
from peiling.mailing.direct import send_now
from peiling.mailing.ledger import INVITATION
from peiling.models.forwarding import ForwardRefused, forward_invitation
from peiling.vocabulary import LANGUAGES
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import load_journey
from peiling.webforms.respondent.gate import stop_for

FIELD_OF = {
    "name_missing": "naam",
    "name_invalid": "naam",
    "email_invalid": "email",
    "opted_out": "email",
    "same_person": "email",
    "already_invited": "email",
    "too_many": "naam",
}


@bp.route("/doorsturen", methods=["GET", "POST"])
def forward():
    """Ask for a colleague's name and address; invite them and send the invitation."""
    journey = load_journey()
    stop = stop_for(journey, allow_submitted=True)
    if stop is not None:
        return stop
    typed = {
        "naam": request.form.get("naam", ""),
        "email": request.form.get("email", ""),
        "taal": request.form.get("taal", current_language()),
    }
    if request.method == "GET":
        return render_template("respondent/forward.html", typed=typed, error=None)
    language = typed["taal"] if typed["taal"] in LANGUAGES else current_language()
    db = get_session()
    try:
        new = forward_invitation(
            db,
            journey.invitation,
            typed["naam"],
            typed["email"],
            language,
            current_app.config["SECRET_KEY"],
        )
        db.commit()
    except ForwardRefused as refused:
        db.rollback()
        error = (FIELD_OF.get(refused.reason, "naam"), "forward_" + refused.reason)
        return render_template("respondent/forward.html", typed=typed, error=error), 400
    current_app.logger.info(
        "invitation %s forwarded: new invitation %s", journey.invitation.id, new.id
    )
    outcome = send_now(db.get_bind(), new.id, INVITATION)
    current_app.logger.info("forwarded invitation %s: %s", new.id, outcome.result)
    return render_template(
        "respondent/forwarded.html", email=new.contact.email, sent=outcome.result == SENT
    )
