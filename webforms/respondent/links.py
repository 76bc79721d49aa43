"""The personal link: exchange the token for a session cookie, then leave the token behind."""

from __future__ import annotations

import re

from flask import redirect, render_template, request, session, url_for

from peiling.models.base import utcnow
from peiling.models.inviting import LINK_PATH, invitation_by_token
from peiling.vocabulary import LANGUAGES
from peiling.webforms.database import get_session
from peiling.webforms.i18n import choose_language
from peiling.webforms.link_guard import failed_attempt
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import SESSION_KEY, load_journey

# A path on this site only: one leading slash followed by plain path characters. Browsers drop
# tabs and line breaks from a URL ("/\t/evil.example" becomes "//evil.example"), so anything
# but these characters could lead elsewhere (or break the Location header).
SAFE_RETURN_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9_./-]*")


@bp.get("/r/<token>")
def open_link(token: str):
    """Start or resume the questionnaire of the invitation a link token belongs to."""
    db = get_session()
    invitation = invitation_by_token(db, token)
    if invitation is None:
        # Only failed attempts count: guessing is throttled, a valid link always opens.
        return failed_attempt((render_template("not_found.html"), 404))

    now = utcnow()
    if invitation.first_opened_at is None:
        invitation.first_opened_at = now
    invitation.last_opened_at = now
    db.commit()

    session.clear()  # a new respondent in this browser starts with a clean session
    session.permanent = True
    session[SESSION_KEY] = invitation.id
    # The contact's language is the last one they chose, on whatever device.
    choose_language(invitation.contact.language)
    return redirect(url_for("respondent.start"))


@bp.get("/taal/<lang>")
def switch_language(lang: str):
    """Switch the interface language and return to the page the respondent was on."""
    if lang in LANGUAGES:
        remember_language(lang)
    back = request.args.get("terug", "")
    if not SAFE_RETURN_PATH.fullmatch(back) or back.startswith(LINK_PATH):
        back = url_for("respondent.start")
    return redirect(back)


def remember_language(lang: str) -> None:
    """Use a language from now on, and keep it with the contact (next device, reminders)."""
    choose_language(lang)
    journey = load_journey()
    if journey is not None and journey.invitation.contact.language != lang:
        journey.invitation.contact.language = lang
        get_session().commit()
