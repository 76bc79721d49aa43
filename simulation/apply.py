"""Turn response plans into rows: through the response services (slow) or in bulk (fast).

Both paths write the same rows (answers, version counter, page, times, audit trail); the
tests replay one plan both ways and compare. The fast path exists for benchmark sizes only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from peiling.models.answering import (
    apply_changes,
    save_answers,
    start_response,
    submit_response,
    unit_key,
)
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.response import AnswerChange, Response
from peiling.questionnaires.conditions import visible_questions
from peiling.simulation.plan import ResponsePlan


@dataclass
class Replay:
    """The rows a plan leads to, computed without a database."""

    answers: dict
    version: int
    current_page: str | None
    updated_at: object
    changes: list[tuple[str, object, object, object]] = field(default_factory=list)


def replay(plan: ResponsePlan, questionnaire) -> Replay:
    """Compute what the response services store for a plan (answers, audit rows, version)."""
    answers: dict = {}
    changes = []
    version = 1  # the insert by start_response
    page = None
    for save in plan.saves:
        for key, old, value in apply_changes(answers, save.changes):
            changes.append((key, old, value, save.at))
        page = save.page_key
        version += 1
    updated = plan.saves[-1].at if plan.saves else plan.started_at
    if plan.submitted_at is not None:
        keep = {k for q in visible_questions(questionnaire, answers) for k in q.storage_keys()}
        hidden = [k for k in answers if k not in keep]
        if hidden:
            for key in hidden:
                changes.append((key, answers.pop(key), None, plan.submitted_at))
            version += 1
            updated = plan.submitted_at
        version += 1
    version += 1  # the simulated times are written in one last update
    return Replay(answers, version, page, updated, changes)


def apply_slow(session: Session, invitation: Invitation, plan: ResponsePlan, questionnaire):
    """Play a plan through start_response, save_answers and submit_response."""
    response = start_response(session, invitation)
    for save in plan.saves:
        save_answers(
            session,
            response,
            save.changes,
            expected_version=response.version,
            page_key=save.page_key,
            changed_by=invitation,
        )
    if plan.submitted_at is not None:
        submit_response(session, response, questionnaire, changed_by=invitation)
    expected = replay(plan, questionnaire)
    rows = session.scalars(
        select(AnswerChange)
        .where(AnswerChange.response_id == response.id)
        .order_by(AnswerChange.id)
    ).all()
    for row, change in zip(rows, expected.changes, strict=True):
        row.changed_at = change[3]
    response.started_at = plan.started_at
    response.updated_at = expected.updated_at
    response.submitted_at = plan.submitted_at
    _mark_opened(invitation, plan)
    session.flush()
    return response


def _mark_opened(invitation: Invitation, plan: ResponsePlan) -> None:
    invitation.first_opened_at = plan.started_at
    invitation.last_opened_at = plan.saves[-1].at if plan.saves else plan.started_at


def apply_fast(session: Session, planned: list[tuple[Invitation, ResponsePlan]], questionnaire):
    """Write the rows of many plans in bulk: the same rows apply_slow writes, much faster."""
    if not planned:
        return
    replays = [replay(plan, questionnaire) for _, plan in planned]
    table = Response.__table__  # a plain insert: the ORM would reset the version counter
    ids = session.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True),
        [
            {
                "wave_id": inv.wave_id,
                "unit_key": unit_key(inv),
                "organisation_id": inv.contact.organisation_id,
                "invitation_id": inv.id,
                "answers": rep.answers,
                "version": rep.version,
                "current_page": rep.current_page,
                "started_at": plan.started_at,
                "updated_at": rep.updated_at,
                "submitted_at": plan.submitted_at,
            }
            for (inv, plan), rep in zip(planned, replays, strict=True)
        ],
    ).all()
    audit = [
        {
            "response_id": response_id,
            "invitation_id": inv.id,
            "question_key": key,
            "old_value": old,
            "new_value": new,
            "changed_at": at,
        }
        for response_id, (inv, _), rep in zip(ids, planned, replays, strict=True)
        for key, old, new, at in rep.changes
    ]
    for start in range(0, len(audit), 20_000):
        session.execute(insert(AnswerChange.__table__), audit[start : start + 20_000])
    session.execute(
        update(Invitation),
        [
            {
                "id": inv.id,
                "first_opened_at": plan.started_at,
                "last_opened_at": plan.saves[-1].at if plan.saves else plan.started_at,
            }
            for inv, plan in planned
        ],
    )


def mark_sent(session: Session, wave) -> None:
    """Record every created invitation of a wave as sent when the wave opened."""
    session.execute(
        update(Invitation)
        .where(Invitation.wave_id == wave.id, Invitation.status == InvitationStatus.CREATED)
        .values(status=InvitationStatus.SENT.value, sent_at=wave.opens_at)
    )
