"""The questionnaire pages: show, validate and save one page; Previous, Next, save for later."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from wtforms.validators import ValidationError

from peiling.limits import VERSION_MAX_DIGITS
from peiling.models.answering import AlreadySubmitted, StaleResponse, save_answers
from peiling.models.merging import AnswerConflict, merge_answers
from peiling.models.shared_response import is_shared
from peiling.vocabulary import LANGUAGES
from peiling.webforms import questions as registry
from peiling.webforms.about import about_survey, minutes_for
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language, translate
from peiling.webforms.questions.base import text
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import Journey, ensure_response, load_journey
from peiling.webforms.respondent.gate import no_session, stop_for
from peiling.webforms.respondent.last_year import last_year_notes, last_year_on, prefilled
from peiling.webforms.respondent.links import remember_language
from peiling.webforms.respondent.navigation import (
    REVIEW,
    further,
    next_page,
    page_keys,
    previous_page,
    progress,
    questions_on,
    resume_page,
)
from peiling.webforms.respondent.shared import last_change_of, shared_of

VERSION = re.compile(f"[0-9]{{1,{VERSION_MAX_DIGITS}}}")


@bp.get("/vragenlijst")
def start():
    """Show the start page: begin, or continue where the respondent stopped."""
    journey = load_journey()
    stop = stop_for(journey)
    if stop is not None:
        return stop
    q = journey.questionnaire
    answers = journey.answers
    response = journey.response
    reached = (response.furthest_page or response.current_page) if response else None
    target = resume_page(q, answers, reached)
    if target == REVIEW:
        resume = url_for("respondent.review")
    else:
        resume = url_for("respondent.page", page_key=target) if target else None
    first = page_keys(q, answers)[0]
    return render_template(
        "respondent/start.html",
        journey=journey,
        questionnaire=q,
        resume=resume,
        first=first,
        steps=progress(q, answers, None).total,
        about=about_survey(journey.wave.survey_key),
        minutes=minutes_for(journey.wave.survey_key, q),
        shared=shared_of(journey),
    )


@bp.route("/vragenlijst/<page_key>", methods=["GET", "POST"])
def page(page_key: str):
    """Show a questionnaire page, or save it and move on."""
    journey = load_journey(read_only=request.method == "GET")  # showing a page writes nothing
    stop = stop_for(journey)
    if stop is not None:
        return stop
    q = journey.questionnaire
    page = next((p for p in q.pages if p.key == page_key), None)
    if page is None or page_key not in page_keys(q, journey.answers):
        return redirect(url_for("respondent.start"))
    if request.method == "POST":
        return save_page(journey, page)

    lang = current_language()
    shown = questions_on(q, page, journey.answers)
    form_class = registry.build_form(page.questions, lang, strict=False)
    facts = last_year_on(journey, page)
    form = form_class(data=registry.form_data(page.questions, prefilled(journey, facts)))
    return render_page(journey, page, form, shown, facts=facts)


def render_page(
    journey: Journey,
    page,
    form,
    shown,
    *,
    notice=None,
    stale=None,
    conflicts=None,
    basis=None,
    choice_error=False,
    status=200,
    facts=None,
):
    """Render a questionnaire page with its form, errors and any notice or conflicts."""
    lang = current_language()
    q = journey.questionnaire
    facts = last_year_on(journey, page) if facts is None else facts
    errors = registry.errors(form, shown, lang)
    if choice_error:
        errors = errors + [
            (f"conflict-{c.key}", c.text, translate("conflict_choose", lang)) for c in conflicts
        ]
    return (
        render_template(
            "respondent/page.html",
            journey=journey,
            questionnaire=q,
            page=page,
            form=form,
            shown=shown,
            errors=errors,
            notice=notice,
            stale=stale,
            conflicts=conflicts or [],
            basis=basis,
            shared=shared_of(journey),
            last_change_of=last_change_of,
            handler_for=registry.handler_for,
            progress=progress(q, journey.answers, page.key),
            has_previous=previous_page(q, journey.answers, page.key) is not None,
            version=journey.version,
            last_year=last_year_notes(page, facts, lang),
        ),
        status,
    )


def lenient_changes(questions, form) -> dict:
    """Return the values typed on a page that parse, for deciding which questions show."""
    found = {}
    for question in questions:
        try:
            found.update(registry.handler_for(question).answers(question, form))
        except (ValidationError, ValueError):
            continue
    return found


def posted_version() -> int | None:
    """Return the response version a posted form was based on (None when absent or garbled)."""
    raw = request.form.get("version", "")
    # ASCII digits only: str.isdigit() also takes "²", and int() refuses thousands of digits.
    return int(raw) if VERSION.fullmatch(raw) else None


def save_page(journey: Journey, page):
    """Validate and save a posted page, then go where the respondent asked."""
    lang = current_language()
    action = request.form.get("action", "next")
    q = journey.questionnaire
    before = questions_on(q, page, journey.answers)
    form = registry.build_form(page.questions, lang, strict=action == "next")(formdata=request.form)
    provisional = {**journey.answers, **lenient_changes(page.questions, form)}
    shown = questions_on(q, page, provisional)
    if not registry.validate(form, shown):
        return render_page(journey, page, form, shown)

    appeared = {x.key for x in shown} - {x.key for x in before}
    db = get_session()
    based_on = posted_version()
    settled = settled_conflicts(page)
    try:
        if (
            journey.response is not None
            and based_on == 0
            and journey.response.answers
            and not is_shared(journey.wave)
        ):
            raise StaleResponse(journey.response)
        response = ensure_response(journey)
        expected = response.version if based_on in (None, 0) else based_on
        changes = registry.changes(shown, form)
        if action == "next":  # record how far the respondent got, before the one flush
            after = {k: v for k, v in {**journey.answers, **changes}.items() if v is not None}
            reached = page.key if appeared else (next_page(q, after, page.key) or REVIEW)
            response.furthest_page = further(q, response.furthest_page, reached)
        if is_shared(journey.wave):
            if settled is None:  # conflicts were shown and not every one was chosen: again
                loaded = basis_version()
            else:
                loaded = based_on if based_on is not None else response.version
            merge_answers(
                db,
                response,
                changes,
                loaded_version=loaded,
                by=journey.invitation,
                keep_theirs=settled or (),
                page_key=page.key,
            )
        else:
            save_answers(
                db,
                response,
                changes,
                expected_version=expected,
                page_key=page.key,
                changed_by=journey.invitation,
            )
        db.commit()
    except AnswerConflict as conflict:
        db.rollback()
        return render_conflicts(page, conflict, choice_error=settled is None)
    except AlreadySubmitted:
        db.rollback()
        return redirect(url_for("respondent.submitted"))
    except OperationalError:
        # The database went away (a restart): nothing is confirmed, the input is shown again.
        db.rollback()
        return render_page(journey, page, form, shown, notice="notice_not_saved", status=503)
    except (StaleResponse, StaleDataError, IntegrityError):
        # Another tab or device saved first (IntegrityError: both created the response).
        db.rollback()
        fresh = load_journey()
        if fresh is None:
            return no_session()
        return render_page(
            fresh,
            page,
            form,
            questions_on(q, page, fresh.answers),
            stale=stale_answers(fresh, page),
        )

    if action == "next" and appeared:
        flash(translate("notice_more_questions", lang))
        return redirect(url_for("respondent.page", page_key=page.key))
    return go_on(action, q, response.answers, page.key)


def basis_version() -> int:
    """Return the version the page was first loaded at, before a conflict was shown."""
    raw = request.form.get("basis", "")
    return int(raw) if VERSION.fullmatch(raw) else 0


def settled_conflicts(page) -> set[str] | None:
    """Return the answer keys whose conflict was settled for the stored answer; None when a
    conflict shown on the page has no choice yet."""
    keep: set[str] = set()
    for question_key in request.form.getlist("conflict"):
        question = next((q for q in page.questions if q.key == question_key), None)
        if question is None:
            continue
        choice = request.form.get(f"keuze__{question_key}")
        if choice not in ("theirs", "mine"):
            return None
        if choice == "theirs":
            keep.update(question.storage_keys())
    return keep


@dataclass
class ShownConflict:
    """A question whose answer two people changed: the stored one (who, when) and this one's."""

    key: str
    text: str
    theirs: list
    yours: list
    by_name: str
    by_role: str
    at: object


def render_conflicts(page, conflict: AnswerConflict, *, choice_error: bool):
    """Show the page again with the stored answers, this person's changes on top, and for each
    answer both changed, both values and the choice which stays."""
    lang = current_language()
    fresh = load_journey()
    if fresh is None:
        return no_session()
    q = fresh.questionnaire
    merged = {k: v for k, v in {**fresh.answers, **conflict.mine}.items() if v is not None}
    shown = questions_on(q, page, merged)
    form = registry.build_form(page.questions, lang, strict=False)(
        data=registry.form_data(page.questions, merged)
    )
    by_question: dict[str, ShownConflict] = {}
    for item in conflict.conflicts:
        question = q.question_for_storage_key(item.key)
        if question.key in by_question:
            continue
        handler = registry.handler_for(question)
        by_question[question.key] = ShownConflict(
            key=question.key,
            text=text(question.text, lang),
            theirs=handler.display(question, fresh.answers, lang),
            yours=handler.display(question, merged, lang),
            by_name=item.by_name,
            by_role=item.by_role,
            at=item.at,
        )
    return render_page(
        fresh,
        page,
        form,
        shown,
        conflicts=list(by_question.values()),
        basis=conflict.loaded_version,
        choice_error=choice_error,
        status=409,
    )


def go_on(action: str, q, answers: dict, page_key: str):
    """Redirect to where a saved page's button leads."""
    if action == "previous":
        target = previous_page(q, answers, page_key)
        return redirect(
            url_for("respondent.page", page_key=target) if target else url_for("respondent.start")
        )
    if action == "save":
        return redirect(url_for("respondent.saved"))
    if action.startswith("lang-") and action[5:] in LANGUAGES:
        remember_language(action[5:])
        return redirect(url_for("respondent.page", page_key=page_key))
    target = next_page(q, answers, page_key)
    if target is None:
        return redirect(url_for("respondent.review"))
    return redirect(url_for("respondent.page", page_key=target))


def stale_answers(journey: Journey, page) -> list[tuple[str, list]]:
    """List the page's answers as now stored (saved elsewhere), for the stale-save notice."""
    lang = current_language()
    shown = []
    for question in questions_on(journey.questionnaire, page, journey.answers):
        display = registry.handler_for(question).display(question, journey.answers, lang)
        if any(value for _, value in display):
            shown.append((text(question.text, lang), display))
    return shown


@bp.get("/opgeslagen")
def saved():
    """Confirm that the answers are saved and explain how to continue later."""
    journey = load_journey()
    stop = stop_for(journey)
    if stop is not None:
        return stop
    return render_template("respondent/saved.html", journey=journey)
