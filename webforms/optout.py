"""Opting out: /afmelden/<id>/<token> asks for confirmation; the POST records it on the contact.

The opt-out token is not the questionnaire token (see peiling.models.tokens). Mails sent before
the change carry /afmelden/<questionnaire token>: that address now opts no one out and shows no
personal details; its page points to the newest mail's link and to the ESS contact.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template, request
from flask_wtf import FlaskForm

from peiling.models.base import utcnow
from peiling.models.inviting import invitation_by_opt_out_token
from peiling.webforms.database import get_session
from peiling.webforms.link_guard import failed_attempt

bp = Blueprint("optout", __name__)

TEXT = {
    "nl": {
        "title": "Afmelden",
        "question": "Wilt u geen uitnodigingen en herinneringen voor de behoeftepeiling meer "
        "ontvangen op {email}?",
        "who": "U meldt zich af als {name}, gemeente {municipality}.",
        "button": "Ja, meld mij af",
        "done": "U bent afgemeld. U ontvangt geen uitnodigingen en herinneringen meer op {email}.",
        "already": "U was al afgemeld.",
        "invalid": "Deze link is niet (meer) geldig.",
        "outdated": "Deze afmeldlink komt uit een oudere e-mail en werkt niet meer. Gebruik de "
        "afmeldlink in de nieuwste e-mail over de behoeftepeiling, of mail ons: dan melden wij "
        "u af.",
        "contact": "Vragen? Mail naar",
        "other": "English",
    },
    "en": {
        "title": "Unsubscribe",
        "question": "Do you no longer want to receive invitations and reminders for the needs "
        "survey at {email}?",
        "who": "You unsubscribe as {name}, municipality of {municipality}.",
        "button": "Yes, unsubscribe me",
        "done": "You are unsubscribed. You will get no more invitations or reminders at {email}.",
        "already": "You had already unsubscribed.",
        "invalid": "This link is not (or no longer) valid.",
        "outdated": "This unsubscribe link comes from an older e-mail and no longer works. Use "
        "the link in the newest e-mail about the needs survey, or write to us and we will "
        "unsubscribe you.",
        "contact": "Questions? Write to",
        "other": "Nederlands",
    },
}


class OptOutForm(FlaskForm):
    """The confirmation form: only its CSRF token."""


def _language(invitation) -> str:
    asked = request.args.get("lang")
    if asked in TEXT:
        return asked
    return "en" if invitation is not None and invitation.contact.language == "en" else "nl"


def _invitation_or_404(invitation_id: int, token: str):
    secret_key = current_app.config["SECRET_KEY"]
    invitation = invitation_by_opt_out_token(get_session(), invitation_id, token, secret_key)
    if invitation is None:
        lang = request.args.get("lang") if request.args.get("lang") in TEXT else "nl"
        page = render_template("optout.html", state="invalid", t=TEXT[lang], lang=lang)
        abort(failed_attempt(make_response(page, 404)))
    return invitation


@bp.get("/afmelden/<int:invitation_id>/<token>")
def confirm(invitation_id: int, token: str):
    """Ask the contact to confirm opting out."""
    invitation = _invitation_or_404(invitation_id, token)
    lang = _language(invitation)
    state = "already" if invitation.contact.opted_out else "ask"
    return _page(invitation, lang, state, OptOutForm())


@bp.post("/afmelden/<int:invitation_id>/<token>")
def opt_out(invitation_id: int, token: str):
    """Record the opt-out (also the one-click POST of a mail client, RFC 8058)."""
    invitation = _invitation_or_404(invitation_id, token)
    lang = _language(invitation)
    form = OptOutForm()
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if not one_click and not form.validate_on_submit():
        return _page(invitation, lang, "ask", form), 400
    contact = invitation.contact
    if contact.opted_out_at is None:
        contact.opted_out_at = utcnow()
        get_session().commit()
    return _page(invitation, lang, "done", form)


@bp.route("/afmelden/<old_token>", methods=["GET", "POST"])
def outdated(old_token: str):
    """Explain that an opt-out link of an older mail no longer works (410); look nothing up."""
    lang = request.args.get("lang") if request.args.get("lang") in TEXT else "nl"
    page = render_template("optout.html", state="outdated", t=TEXT[lang], lang=lang)
    return page, 410


def _page(invitation, lang: str, state: str, form: OptOutForm):
    contact = invitation.contact
    t = {
        key: value.format(
            email=contact.email, name=contact.name, municipality=contact.organisation.name
        )
        for key, value in TEXT[lang].items()
    }
    return render_template("optout.html", state=state, t=t, lang=lang, form=form)
