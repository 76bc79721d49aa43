"""Never throw a POST away: on an expired CSRF token, show the typed answers again.

A POST without a session of a respondent (an expired cookie, or a cross-site form, which the
SameSite cookie leaves without one) gets the "open your link again" page and changes nothing:
no cookie is set, so a forged POST can neither log a respondent out nor plant answers that their
next visit would show as their own.
"""

from __future__ import annotations

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from peiling.webforms import questions as registry
from peiling.webforms.i18n import current_language
from peiling.webforms.respondent.context import load_journey
from peiling.webforms.respondent.finish import render_review
from peiling.webforms.respondent.gate import no_session, stop_for
from peiling.webforms.respondent.navigation import page_keys, questions_on
from peiling.webforms.respondent.pages import lenient_changes, render_page

NOT_ANSWERS = {"csrf_token", "version", "action"}


def typed_answers() -> list[tuple[str, str]]:
    """Return the posted fields that are answers (no token, version or button)."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_ANSWERS]


def csrf_failed(error):
    """Show the posted page again with what was typed, and a fresh token."""
    endpoint = request.endpoint or ""
    journey = load_journey()
    if endpoint == "respondent.page" and request.method == "POST":
        page_key = request.view_args.get("page_key", "")
        if journey is None:
            return no_session(lost=True)
        stop = stop_for(journey)
        if stop is not None:
            return stop
        return _page_again(journey, page_key)
    if endpoint == "respondent.submit" and journey is not None:
        stop = stop_for(journey)
        if stop is not None:
            return stop
        return render_review(journey, notice="notice_expired", status=400)
    if journey is None and endpoint.startswith("respondent."):
        return no_session()
    return render_template("error.html", message_key="error_expired_form"), 400


def _page_again(journey, page_key: str):
    q = journey.questionnaire
    page = next((p for p in q.pages if p.key == page_key), None)
    if page is None or page_key not in page_keys(q, journey.answers):
        return render_template("error.html", message_key="error_expired_form"), 400
    form = registry.build_form(page.questions, current_language(), strict=False)(
        formdata=MultiDict(typed_answers())
    )
    provisional = {**journey.answers, **lenient_changes(page.questions, form)}
    shown = questions_on(q, page, provisional)
    return render_page(journey, page, form, shown, notice="notice_expired", status=400)
