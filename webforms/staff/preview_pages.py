"""A questionnaire version as a respondent sees it, page by page; nothing is recorded.

The pages are the respondent's own (the page template, its question forms, conditions and
checks); the answers given so far travel with each page in a hidden field, never to the database.
"""

from __future__ import annotations

import json

from flask import abort, redirect, render_template, request, url_for

from peiling.models.questionnaire_store import get_questionnaire
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.vocabulary import LANGUAGES
from peiling.webforms import questions as registry
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language
from peiling.webforms.respondent.links import remember_language
from peiling.webforms.respondent.navigation import (
    next_page,
    page_keys,
    previous_page,
    progress,
    questions_on,
)
from peiling.webforms.respondent.pages import lenient_changes
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp

STATE = "voorbeeld_antwoorden"


def _version(version_id: int) -> QuestionnaireVersion:
    version = get_session().get(QuestionnaireVersion, version_id)
    if version is None:
        abort(404)
    return version


def _carried() -> dict:
    """Return the answers carried by the posted page (anything odd counts as none)."""
    try:
        found = json.loads(request.form.get(STATE, "{}"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _render(version, q, page, answers: dict, form=None, shown=None, notice=None, status=200):
    lang = current_language()
    shown = shown if shown is not None else questions_on(q, page, answers)
    if form is None:
        form = registry.build_form(page.questions, lang, strict=False)(
            data=registry.form_data(page.questions, answers)
        )
    page_html = render_template(
        "staff/preview_page.html",
        version=version,
        questionnaire=q,
        page=page,
        form=form,
        shown=shown,
        errors=registry.errors(form, shown, lang),
        notice=notice,
        stale=None,
        handler_for=registry.handler_for,
        progress=progress(q, answers, page.key),
        has_previous=previous_page(q, answers, page.key) is not None,
        state=json.dumps(answers, ensure_ascii=False, default=str),
        state_name=STATE,
    )
    return page_html, status


@bp.get("/vragenlijsten/<int:version_id>/voorbeeld")
@allow(*ADMIN)
def preview(version_id: int):
    """Start the preview of a questionnaire version at its first page, with no answers."""
    version = _version(version_id)
    q = get_questionnaire(get_session(), version.id)
    first = page_keys(q, {})[0]
    return _render(version, q, next(p for p in q.pages if p.key == first), {})


@bp.post("/vragenlijsten/<int:version_id>/voorbeeld/<page_key>")
@allow(*ADMIN)
def preview_page(version_id: int, page_key: str):
    """Check a preview page as the respondent's page would, then show the page it leads to."""
    version = _version(version_id)
    q = get_questionnaire(get_session(), version.id)
    answers = _carried()
    page = next((p for p in q.pages if p.key == page_key), None)
    if page is None:
        return redirect(url_for("staff.preview", version_id=version.id))
    lang = current_language()
    action = request.form.get("action", "next")
    form = registry.build_form(page.questions, lang, strict=action == "next")(formdata=request.form)
    provisional = {**answers, **lenient_changes(page.questions, form)}
    shown = questions_on(q, page, provisional)
    if not registry.validate(form, shown):
        return _render(version, q, page, answers, form, shown, status=400)
    answers = {
        k: v for k, v in {**answers, **registry.changes(shown, form)}.items() if v is not None
    }
    if action.startswith("lang-") and action[5:] in LANGUAGES:
        remember_language(action[5:])
        return _render(version, q, page, answers)
    if action == "save":
        return _render(version, q, page, answers, notice="staff_preview_not_saved")
    if action == "previous":
        target = previous_page(q, answers, page.key)
    else:
        target = next_page(q, answers, page.key)
    if target is None:
        if action == "previous":
            return _render(version, q, page, answers)
        return render_template(
            "staff/preview_end.html",
            version=version,
            questionnaire=q,
            restart=url_for("staff.preview", version_id=version.id),
        )
    return _render(version, q, next(p for p in q.pages if p.key == target), answers)
