"""Review all answers, submit exactly once, and show the submitted answers read-only."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from peiling.errors import UserError
from peiling.mailing.direct import send_now, send_now_to
from peiling.mailing.plan import RECEIPT, SUBMITTED
from peiling.models.answering import StaleResponse, submit_response
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.shared_response import is_shared, may_submit
from peiling.webforms import questions as registry
from peiling.webforms.database import get_session
from peiling.webforms.i18n import current_language
from peiling.webforms.questions.base import text
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import Journey, load_journey
from peiling.webforms.respondent.gate import stop_for
from peiling.webforms.respondent.navigation import (
    is_unanswered,
    page_keys,
    progress,
    questions_on,
)
from peiling.webforms.respondent.pages import posted_version
from peiling.webforms.respondent.shared import Shared, last_change_of, shared_of


@dataclass
class Item:
    """One question as shown on the review: its text, its answer lines, whether it is open."""

    key: str
    text: str
    lines: list
    missing: bool
    change: object = None  # who last changed it, and when (a shared response only)


@dataclass
class Section:
    """One page as shown on the review."""

    key: str
    title: str
    items: list[Item] = field(default_factory=list)


def sections(journey: Journey, lang: str, shared: Shared | None = None) -> list[Section]:
    """Return the pages and questions this respondent sees, with their answers (and, for a
    shared response, who last changed each)."""
    q = journey.questionnaire
    answers = journey.answers
    visible = set(page_keys(q, answers))
    result = []
    for page in q.pages:
        if page.key not in visible:
            continue
        section = Section(page.key, text(page.title, lang))
        for question in questions_on(q, page, answers):
            lines = registry.handler_for(question).display(question, answers, lang)
            missing = question.required and is_unanswered(question, answers)
            change = last_change_of(shared, question)
            section.items.append(
                Item(question.key, text(question.text, lang), lines, missing, change)
            )
        result.append(section)
    return result


def render_review(journey: Journey, *, notice=None, confirm_error=False, status=200):
    """Render the review page with every answer and the submit form."""
    lang = current_language()
    shared = shared_of(journey)
    found = sections(journey, lang, shared)
    missing = [(s, item) for s in found for item in s.items if item.missing]
    return (
        render_template(
            "respondent/review.html",
            journey=journey,
            questionnaire=journey.questionnaire,
            sections=found,
            missing=missing,
            notice=notice,
            confirm_error=confirm_error,
            progress=progress(journey.questionnaire, journey.answers, None),
            version=journey.version,
            shared=shared,
        ),
        status,
    )


@bp.get("/controleren")
def review():
    """List all answers with links back to each page, and offer to submit."""
    journey = load_journey()
    stop = stop_for(journey)
    if stop is not None:
        return stop
    return render_review(journey)


@bp.post("/verzenden")
def submit():
    """Submit the response once; pressing twice or reloading changes nothing."""
    journey = load_journey()
    stop = stop_for(journey)
    if stop is not None:
        return stop  # already submitted: straight to the read-only view
    if journey.response is None:
        return redirect(url_for("respondent.start"))
    db = get_session()
    if not may_submit(db, journey.invitation):  # a shared response: the coordinator submits
        return render_review(journey, status=403)
    if any(item.missing for s in sections(journey, current_language()) for item in s.items):
        return render_review(journey)
    if request.form.get("bevestig") != "ja":
        return render_review(journey, confirm_error=True)
    journey.response.submitted_by_id = journey.invitation.id
    try:
        submit_response(
            db,
            journey.response,
            journey.questionnaire,
            expected_version=posted_version(),
            changed_by=journey.invitation,
        )
        db.commit()
    except StaleResponse:
        db.rollback()
        return render_review(load_journey(), notice="notice_changed_elsewhere")
    except StaleDataError:  # a concurrent request changed it first: a second press, or a save
        db.rollback()
        fresh = load_journey()
        if not fresh.submitted:
            return render_review(fresh, notice="notice_changed_elsewhere")
        return redirect(url_for("respondent.submitted"))
    send_receipt(journey.invitation.id)
    if is_shared(journey.wave):
        tell_the_others(journey)
    return redirect(url_for("respondent.submitted"))


def send_receipt(invitation_id: int) -> None:
    """Mail the receipt through the ledger (once); a mail problem never undoes the submission."""
    try:
        outcome = send_now(get_session().get_bind(), invitation_id, RECEIPT)
    except UserError as exc:  # e.g. the mail server refused the login: the ledger says so
        current_app.logger.warning("receipt for invitation %s not sent: %s", invitation_id, exc)
        return
    current_app.logger.info(
        "receipt for invitation %s: %s %s", invitation_id, outcome.result, outcome.reason
    )


def tell_the_others(journey: Journey) -> None:
    """Mail the other participants that the municipality submitted; never undoes the submission."""
    db = get_session()
    organisation_id = journey.invitation.contact.organisation_id
    others = [
        invitation.id
        for invitation in db.scalars(
            select(Invitation)
            .join(Contact, Invitation.contact_id == Contact.id)
            .where(
                Invitation.wave_id == journey.wave.id,
                Contact.organisation_id == organisation_id,
                Invitation.id != journey.invitation.id,
            )
            .order_by(Invitation.id)
        )
    ]
    try:
        outcomes = send_now_to(db.get_bind(), others, SUBMITTED)
    except UserError as exc:
        current_app.logger.warning("submitted-mails for %s not sent: %s", organisation_id, exc)
        return
    for outcome in outcomes:
        current_app.logger.info(
            "submitted-mail for invitation %s: %s %s",
            outcome.invitation_id,
            outcome.result,
            outcome.reason,
        )


@bp.get("/verzonden")
def submitted():
    """Show the submitted answers, read-only, while the wave is open."""
    journey = load_journey()
    stop = stop_for(journey, allow_submitted=True)
    if stop is not None:
        return stop
    if not journey.submitted:
        return redirect(url_for("respondent.start"))
    return render_template(
        "respondent/submitted.html",
        journey=journey,
        questionnaire=journey.questionnaire,
        sections=sections(journey, current_language(), shared_of(journey)),
        shared=shared_of(journey),
    )
