"""What the contacts of a shared response see of each other: who takes part, which pages are done
and by whom, the last change per answer, the coordinator, and the pages assigned to each.

A page is done when one of its shown questions has an answer and none of its shown required
questions lacks one. An assignment guides a contact (and reminders); it never locks a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.response import AnswerChange, Response
from peiling.models.sharing import Coordinator, PageAssignment
from peiling.models.wave import ResponseUnit, Wave
from peiling.questionnaires.conditions import shown


def is_shared(wave: Wave) -> bool:
    """Tell whether a wave's responses are shared by an organisation's contacts."""
    return wave.response_unit == ResponseUnit.ORGANISATION


def is_unanswered(question, answers: dict) -> bool:
    """Tell whether a question still lacks (part of) its answer."""
    keys = [f"{question.key}.{row.key}" for row in question.rows] if question.rows else []
    return any(answers.get(k) is None for k in (keys or [question.key]))


@dataclass(frozen=True)
class LastChange:
    """Who last changed an answer, and when."""

    key: str
    name: str
    role: str
    at: datetime


@dataclass
class PageState:
    """A page as the contacts of a shared response see it."""

    key: str
    page: object
    done: bool
    by: list[str] = field(default_factory=list)
    assigned_to: Contact | None = None


def participants(session: Session, wave: Wave, organisation_id: int) -> list[Contact]:
    """Return the organisation's contacts invited to the wave (not withdrawn), by name."""
    return list(
        session.scalars(
            select(Contact)
            .join(Invitation, Invitation.contact_id == Contact.id)
            .where(
                Invitation.wave_id == wave.id,
                Invitation.status != InvitationStatus.WITHDRAWN.value,
                Contact.organisation_id == organisation_id,
                Contact.active.is_(True),
            )
            .order_by(Contact.name, Contact.id)
        )
    )


def last_changes(session: Session, response: Response | None) -> dict[str, LastChange]:
    """Return, per answer key, who changed it last and when."""
    if response is None or response.id is None:
        return {}
    rows = session.execute(
        select(AnswerChange.question_key, AnswerChange.changed_at, Contact.name, Contact.role)
        .join(Invitation, AnswerChange.invitation_id == Invitation.id)
        .join(Contact, Invitation.contact_id == Contact.id)
        .where(AnswerChange.response_id == response.id)
        .order_by(AnswerChange.id)
    )
    return {key: LastChange(key, name, role, at) for key, at, name, role in rows}


def page_states(
    session: Session, response: Response | None, questionnaire, assigned: dict | None = None
) -> list[PageState]:
    """Return the shown pages: done or not, who answered on them, and whom they are assigned."""
    answers = dict(response.answers or {}) if response is not None else {}
    changes = last_changes(session, response)
    assigned = assigned or {}
    states = []
    for page, questions in shown(questionnaire, answers):
        if not questions:
            continue
        keys = [k for q in questions for k in q.storage_keys()]
        answered = any(answers.get(k) is not None for k in keys)
        missing = any(q.required and is_unanswered(q, answers) for q in questions)
        by = []
        for key in keys:
            change = changes.get(key)
            if change is not None and answers.get(key) is not None and change.name not in by:
                by.append(change.name)
        states.append(
            PageState(page.key, page, answered and not missing, by, assigned.get(page.key))
        )
    return states


def roles_by_response(
    session: Session, wave_id: int, answers: Mapping[int, dict | None] | None = None
) -> dict[int, list[str]]:
    """Return per response of a wave the roles of the contacts whose answers stand in it
    (who changed each answer last), sorted; one query for the whole wave.

    answers holds the wave's stored answers per response id when the caller has read them
    already (they are read here otherwise).
    """
    session.flush()  # the session's own changes count (Core queries do not flush by themselves)
    rows = (
        session.connection()
        .execute(
            select(AnswerChange.response_id, AnswerChange.question_key, Contact.role)
            .join(Response, AnswerChange.response_id == Response.id)
            .join(Invitation, AnswerChange.invitation_id == Invitation.id)
            .join(Contact, Invitation.contact_id == Contact.id)
            .where(Response.wave_id == wave_id)
            .order_by(AnswerChange.id)
        )
        .all()
    )
    if answers is None:
        answers = dict(
            session.connection()
            .execute(select(Response.id, Response.answers).where(Response.wave_id == wave_id))
            .all()
        )
    last: dict[tuple[int, str], str] = {}
    for response_id, key, role in rows:
        last[(response_id, key)] = role
    roles: dict[int, set[str]] = {}
    for (response_id, key), role in last.items():
        if (answers.get(response_id) or {}).get(key) is not None:
            roles.setdefault(response_id, set()).add(role)
    return {response_id: sorted(found) for response_id, found in roles.items()}


def contributing_roles(session: Session, response: Response) -> list[str]:
    """Return the roles of the contacts whose answers stand in a response, sorted."""
    return roles_by_response(session, response.wave_id).get(response.id, [])


def coordinator_of(session: Session, organisation_id: int) -> Contact | None:
    """Return the organisation's coordinator: the one set, else its first active contact."""
    row = session.get(Coordinator, organisation_id)
    if row is not None and row.contact.active and not row.contact.opted_out:
        return row.contact
    return session.scalars(
        select(Contact)
        .where(
            Contact.organisation_id == organisation_id,
            Contact.active.is_(True),
            Contact.opted_out_at.is_(None),
        )
        .order_by(Contact.id)
        .limit(1)
    ).first()


def set_coordinator(session: Session, contact: Contact, by: str) -> Coordinator:
    """Make a contact the coordinator of its organisation (replacing the one before)."""
    if not contact.active or contact.opted_out:
        raise UserError(f"contact {contact.email} is not active; choose an active contact")
    row = session.get(Coordinator, contact.organisation_id)
    if row is None:
        row = Coordinator(organisation_id=contact.organisation_id, contact_id=contact.id)
        session.add(row)
    row.contact_id = contact.id
    row.contact = contact
    row.set_by = by[:320]
    row.set_at = utcnow()
    session.flush()
    return row


def may_submit(session: Session, invitation: Invitation) -> bool:
    """Tell whether an invitation may submit: always alone, only as coordinator when shared."""
    if not is_shared(invitation.wave):
        return True
    found = coordinator_of(session, invitation.contact.organisation_id)
    return found is not None and found.id == invitation.contact_id


def assignments(session: Session, wave: Wave, organisation_id: int) -> dict[str, Contact]:
    """Return the organisation's page assignments in a wave, by page key."""
    rows = session.scalars(
        select(PageAssignment).where(
            PageAssignment.wave_id == wave.id, PageAssignment.organisation_id == organisation_id
        )
    )
    return {row.page_key: row.contact for row in rows}


def assign_page(
    session: Session,
    wave: Wave,
    organisation_id: int,
    page_key: str,
    contact: Contact | None,
    by: str,
) -> None:
    """Assign a page of the wave's questionnaire to a contact of the organisation (None: nobody)."""
    from peiling.models.questionnaire_store import parsed

    questionnaire = parsed(wave.questionnaire_version)
    if page_key not in {page.key for page in questionnaire.pages}:
        raise UserError(f"the questionnaire of wave {wave.label} has no page {page_key!r}")
    if contact is not None and contact.organisation_id != organisation_id:
        raise UserError(f"contact {contact.email} does not belong to this organisation")
    row = session.scalar(
        select(PageAssignment).where(
            PageAssignment.wave_id == wave.id,
            PageAssignment.organisation_id == organisation_id,
            PageAssignment.page_key == page_key,
        )
    )
    if contact is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return
    if row is None:
        row = PageAssignment(wave_id=wave.id, organisation_id=organisation_id, page_key=page_key)
        session.add(row)
    row.contact_id = contact.id
    row.contact = contact
    row.assigned_by = by[:320]
    row.assigned_at = utcnow()
    session.flush()


def reminder_recipients(session: Session, wave: Wave, invitations: Iterable[Invitation]) -> list:
    """Keep the invitations a shared wave's reminder is for: contacts with an unfinished
    assigned page, or every contact of an organisation that assigned nothing."""
    from peiling.models.questionnaire_store import parsed

    invitations = list(invitations)
    if not is_shared(wave):
        return invitations
    questionnaire = parsed(wave.questionnaire_version)
    responses = {
        r.organisation_id: r
        for r in session.scalars(select(Response).where(Response.wave_id == wave.id))
    }
    wanted: dict[int, set[int] | None] = {}
    kept = []
    for invitation in invitations:
        org_id = invitation.contact.organisation_id
        if org_id not in wanted:
            assigned = assignments(session, wave, org_id)
            if not assigned:
                wanted[org_id] = None
            else:
                states = page_states(session, responses.get(org_id), questionnaire, assigned)
                open_pages = {s.key for s in states if not s.done}
                wanted[org_id] = {c.id for key, c in assigned.items() if key in open_pages}
        if wanted[org_id] is None or invitation.contact_id in wanted[org_id]:
            kept.append(invitation)
    return kept
