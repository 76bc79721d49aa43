"""Never throw a POST away: on an expired CSRF token or session, show the typed answers again."""

from __future__ import annotations

from flask import render_template, request, session
from werkzeug.datastructures import MultiDict

PENDING_KEY = "pending"
# The session is a signed cookie (at most ~4 KB): keep what was typed only when it fits.
PENDING_LIMIT = 2500
NOT_ANSWERS = {"csrf_token", "version", "action"}


def typed_answers() -> list[tuple[str, str]]:
    """Return the posted fields that are answers (no token, version or button)."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_ANSWERS]


def keep_pending(page_key: str) -> bool:
    """Keep a page's typed answers in the session until the link is opened again."""
    typed = typed_answers()
    if sum(len(k) + len(v) for k, v in typed) > PENDING_LIMIT:
        return False
    session[PENDING_KEY] = {"page": page_key, "data": typed}
    return True


def pop_pending(page_key: str) -> list[tuple[str, str]] | None:
    """Return and forget answers kept for a page, or None."""
    pending = session.get(PENDING_KEY)
    if not pending or pending.get("page") != page_key:
        return None
    session.pop(PENDING_KEY, None)
    return [tuple(pair) for pair in pending["data"]]


def csrf_failed(error):
    """Show the posted page again with what was typed, and a fresh token."""
    from peiling.webforms.respondent.context import load_journey
    from peiling.webforms.respondent.finish import render_review
    from peiling.webforms.respondent.gate import no_session, stop_for

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
    from peiling.webforms import questions as registry
    from peiling.webforms.i18n import current_language
    from peiling.webforms.respondent.navigation import page_keys, questions_on
    from peiling.webforms.respondent.pages import lenient_changes, render_page

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
