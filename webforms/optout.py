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
from peiling.vocabulary import DEFAULT_LANGUAGE, LANGUAGES, language_or_default
from peiling.webforms.database import get_session
from peiling.webforms.i18n import N_, translate
from peiling.webforms.link_guard import failed_attempt

bp = Blueprint("optout", __name__)

# The page's texts by the name the template uses, and their keys in the catalogs.
TEXT = {
    "title": N_("optout_title"),
    "question": N_("optout_question"),
    "who": N_("optout_who"),
    "button": N_("optout_button"),
    "done": N_("optout_done"),
    "already": N_("optout_already"),
    "invalid": N_("optout_invalid"),
    "outdated": N_("optout_outdated"),
    "contact": N_("optout_contact"),
    "other": N_("optout_other"),
}


def _texts(lang: str, **values) -> dict[str, str]:
    """Return the page's texts in a language, with the contact's details filled in."""
    return {name: translate(key, lang, **values) for name, key in TEXT.items()}


def _asked_language() -> str | None:
    asked = request.args.get("lang")
    return asked if asked in LANGUAGES else None


class OptOutForm(FlaskForm):
    """The confirmation form: only its CSRF token."""


def _language(invitation) -> str:
    return _asked_language() or language_or_default(invitation.contact.language)


def _invitation_or_404(invitation_id: int, token: str):
    secret_key = current_app.config["SECRET_KEY"]
    invitation = invitation_by_opt_out_token(get_session(), invitation_id, token, secret_key)
    if invitation is None:
        lang = _asked_language() or DEFAULT_LANGUAGE
        page = render_template("optout.html", state="invalid", t=_texts(lang), lang=lang)
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
    lang = _asked_language() or DEFAULT_LANGUAGE
    page = render_template("optout.html", state="outdated", t=_texts(lang), lang=lang)
    return page, 410


def _page(invitation, lang: str, state: str, form: OptOutForm):
    contact = invitation.contact
    t = _texts(lang, email=contact.email, name=contact.name, municipality=contact.organisation.name)
    return render_template("optout.html", state=state, t=t, lang=lang, form=form)
