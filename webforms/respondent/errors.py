"""Plain pages for errors: link not valid (404), too many attempts (429), expired form (400).

An expired CSRF token or session never throws a POST away: the typed answers are shown again.
"""

from __future__ import annotations

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from peiling.webforms import questions as registry
from peiling.webforms.i18n import current_language
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import load_journey
from peiling.webforms.respondent.finish import render_review
from peiling.webforms.respondent.gate import no_session, stop_for
from peiling.webforms.respondent.navigation import page_keys, questions_on
from peiling.webforms.respondent.pages import lenient_changes, render_page
from peiling.webforms.respondent.recovery import keep_pending, typed_answers


@bp.app_errorhandler(404)
def not_found(_error):
    """Show the same plain page for any unknown address or link."""
    return render_template("not_found.html"), 404


@bp.app_errorhandler(405)
def not_allowed(_error):
    """Show the plain page for a method the address does not take."""
    return render_template("not_found.html"), 405


@bp.app_errorhandler(CSRFError)
def expired_form(error):
    """Recover from an expired or missing CSRF token without losing the typed answers."""
    return csrf_failed(error)


def csrf_failed(error):
    """Show the posted page again with what was typed, and a fresh token."""
    endpoint = request.endpoint or ""
    journey = load_journey()
    if endpoint == "respondent.page" and request.method == "POST":
        page_key = request.view_args.get("page_key", "")
        if journey is None:
            return no_session(kept=keep_pending(page_key))
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
