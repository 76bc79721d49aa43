"""Merge a save into a shared response answer by answer, instead of refusing a newer version.

When an organisation's contacts share one response, a page saved by one of them is compared with
the page as it was when they loaded it (the version in the form): only the answers this person
changed are written. When another person changed one of those answers in the meantime, nothing is
written and the conflicts are returned, so the page can show both values and ask which stays.
The same person in two tabs still gets StaleResponse, as in a response of one contact.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.answering import AlreadySubmitted, StaleResponse, save_answers
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.response import AnswerChange, Response


@dataclass(frozen=True)
class Conflict:
    """One answer that someone else changed since this person loaded the page."""

    key: str
    theirs: Any
    yours: Any
    by_name: str
    by_role: str
    at: datetime


class AnswerConflict(UserError):
    """A save changed answers that another contact changed since the page was loaded."""

    def __init__(self, conflicts: list[Conflict], version: int, mine: dict, loaded_version: int):
        keys = ", ".join(c.key for c in conflicts)
        super().__init__(f"answers changed by someone else since the page was loaded: {keys}")
        self.conflicts = conflicts
        self.version = version  # settle the conflicts against this version
        self.mine = mine  # every answer this person changed, conflicting or not
        self.loaded_version = loaded_version


def changes_since(
    session: Session, response: Response, version: int, keys: Collection[str] | None = None
) -> list[AnswerChange]:
    """Return the answer changes made in saves based on a version or later, oldest first."""
    query = select(AnswerChange).where(
        AnswerChange.response_id == response.id, AnswerChange.based_on_version >= version
    )
    if keys is not None:
        query = query.where(AnswerChange.question_key.in_(list(keys)))
    return list(session.scalars(query.order_by(AnswerChange.id)))


def values_at(response: Response, later: list[AnswerChange], keys: Collection[str]) -> dict:
    """Return the answers of some keys as they were before the given later changes."""
    values = {key: (response.answers or {}).get(key) for key in keys}
    seen: set[str] = set()
    for change in later:
        if change.question_key in values and change.question_key not in seen:
            values[change.question_key] = change.old_value
            seen.add(change.question_key)
    return values


def merge_answers(
    session: Session,
    response: Response,
    posted: Mapping[str, Any],
    *,
    loaded_version: int,
    by: Invitation,
    keep_theirs: Collection[str] = (),
    page_key: str | None = None,
) -> dict:
    """Write the answers this person changed since loading the page; return them by key.

    posted holds every answer of the page as submitted (None for an empty one). keep_theirs
    names keys whose conflict was settled in favour of the stored answer. Raises StaleResponse
    when this same person saved in between (another tab), AnswerConflict when someone else
    changed one of the same answers to something else.
    """
    if response.submitted:
        raise AlreadySubmitted()
    later = changes_since(session, response, loaded_version)
    if any(change.invitation_id == by.id for change in later):
        raise StaleResponse(response)
    keys = list(posted)
    base = values_at(response, [c for c in later if c.question_key in posted], keys)
    mine = {k: v for k, v in posted.items() if v != base[k] and k not in keep_theirs}
    current = response.answers or {}
    last_by_other = {c.question_key: c for c in later if c.question_key in mine}
    conflicts = []
    for key, change in last_by_other.items():
        if current.get(key) == mine[key]:
            continue
        who = session.get(Invitation, change.invitation_id) if change.invitation_id else None
        contact: Contact | None = who.contact if who else None
        conflicts.append(
            Conflict(
                key=key,
                theirs=current.get(key),
                yours=mine[key],
                by_name=contact.name if contact else "",
                by_role=contact.role if contact else "",
                at=change.changed_at,
            )
        )
    if conflicts:
        raise AnswerConflict(conflicts, response.version, mine, loaded_version)
    save_answers(
        session,
        response,
        mine,
        expected_version=response.version,
        page_key=page_key,
        changed_by=by,
    )
    return mine
