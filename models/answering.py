"""Responses: start, save and submit answers; the one path for the web app and the simulator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, case, cast, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.response import AnswerChange, Response
from peiling.models.wave import ResponseUnit, Wave


class StaleResponse(UserError):
    """A save was based on an older version of the response than the stored one."""

    def __init__(self, response: Response):
        super().__init__(
            "Deze antwoorden zijn intussen elders gewijzigd (bijvoorbeeld in een ander tabblad)."
        )
        self.response = response


class AlreadySubmitted(UserError):
    """The response was submitted; it can no longer change."""

    def __init__(self) -> None:
        super().__init__("Deze vragenlijst is al verzonden en kan niet meer worden gewijzigd.")


def unit_key(invitation: Invitation) -> str:
    """Return the response unit key of an invitation under its wave's response unit."""
    wave, contact = invitation.wave, invitation.contact
    return unit_key_of(wave.response_unit, invitation.id, contact.organisation_id)


def unit_key_of(response_unit: str, invitation_id: int, organisation_id: int) -> str:
    """Return the response unit key from the ids alone (no objects loaded)."""
    if response_unit == ResponseUnit.ORGANISATION:
        return f"organisation:{organisation_id}"
    return f"contact:{invitation_id}"


def unit_key_column() -> ColumnElement[str]:
    """Return unit_key as SQL, for a query that joins Invitation, its Contact and its Wave."""
    return case(
        (
            Wave.response_unit == ResponseUnit.ORGANISATION.value,
            literal("organisation:") + cast(Contact.organisation_id, String),
        ),
        else_=literal("contact:") + cast(Invitation.id, String),
    )


def find_response(session: Session, invitation: Invitation) -> Response | None:
    """Return the response an invitation answers, or None when nothing was started."""
    return session.scalar(
        select(Response).where(
            Response.wave_id == invitation.wave_id, Response.unit_key == unit_key(invitation)
        )
    )


def start_response(session: Session, invitation: Invitation) -> Response:
    """Return the invitation's response, creating it (empty) on first use."""
    response = find_response(session, invitation)
    if response is None:
        response = Response(
            wave_id=invitation.wave_id,
            unit_key=unit_key(invitation),
            organisation_id=invitation.contact.organisation_id,
            invitation_id=invitation.id,
            answers={},
        )
        session.add(response)
        session.flush()
    return response


def apply_changes(answers: dict, changes: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """Apply changed answers to answers in place (None removes one); return (key, old, new)."""
    applied = []
    for key, value in changes.items():
        old = answers.get(key)
        if old == value:
            continue
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
        applied.append((key, old, value))
    return applied


def save_answers(
    session: Session,
    response: Response,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    page_key: str | None = None,
    changed_by: Invitation | None = None,
) -> Response:
    """Apply changed answers (None removes one), record who changed what, bump the version.

    A save based on another version than the stored one raises StaleResponse, so an outdated
    tab never silently overwrites newer answers.
    """
    if response.submitted:
        raise AlreadySubmitted()
    if expected_version is not None and expected_version != response.version:
        raise StaleResponse(response)
    answers = dict(response.answers or {})
    now = utcnow()
    based_on = response.version
    for key, old, value in apply_changes(answers, changes):
        session.add(
            AnswerChange(
                response_id=response.id,
                invitation_id=changed_by.id if changed_by else None,
                question_key=key,
                old_value=old,
                new_value=value,
                changed_at=now,
                based_on_version=based_on,
            )
        )
    response.answers = answers
    if page_key is not None:
        response.current_page = page_key
    response.updated_at = now
    session.flush()  # the version counter rises here; a concurrent writer gets StaleDataError
    return response


def submit_response(
    session: Session,
    response: Response,
    questionnaire,
    *,
    expected_version: int | None = None,
    changed_by: Invitation | None = None,
) -> bool:
    """Submit once: drop answers to hidden questions and stamp the time; False if already done."""
    if response.submitted:
        return False
    if expected_version is not None and expected_version != response.version:
        raise StaleResponse(response)
    from peiling.questionnaires.conditions import visible_questions

    keep = {k for q in visible_questions(questionnaire, response.answers) for k in q.storage_keys()}
    hidden = {k: None for k in response.answers if k not in keep}
    if hidden:
        save_answers(
            session, response, hidden, expected_version=response.version, changed_by=changed_by
        )
    response.submitted_at = utcnow()
    session.flush()
    return True
