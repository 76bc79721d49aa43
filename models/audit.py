"""The audit log: record a staff action, list the log, and write it as CSV rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.models.organisation import Organisation
from peiling.models.staff import AuditEntry, StaffUser
from peiling.models.wave import Wave

COLUMNS = ("at", "actor", "action", "wave", "organisation", "detail", "address")


def record(
    session: Session,
    user: StaffUser | None,
    action: str,
    *,
    actor: str = "",
    wave: Wave | None = None,
    organisation: Organisation | None = None,
    detail: str = "",
    address: str = "",
) -> AuditEntry:
    """Append one staff action to the log (who, what, when, which wave or organisation)."""
    entry = AuditEntry(
        staff_user_id=user.id if user else None,
        actor=user.email if user else actor,
        action=action,
        wave_id=wave.id if wave else None,
        organisation_id=organisation.id if organisation else None,
        detail=detail[:2000],
        address=address[:64],
    )
    session.add(entry)
    session.flush()
    return entry


def entries(session: Session, limit: int | None = None) -> list[dict]:
    """Return the log, newest first, each entry with its wave and organisation named."""
    query = (
        select(AuditEntry, Wave.survey_key, Wave.label, Organisation.code, Organisation.name)
        .outerjoin(Wave, AuditEntry.wave_id == Wave.id)
        .outerjoin(Organisation, AuditEntry.organisation_id == Organisation.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        {
            "at": entry.at,
            "actor": entry.actor,
            "action": entry.action,
            "wave": f"{survey} {label}" if label else "",
            "organisation": f"{code} {name}" if code else "",
            "detail": entry.detail,
            "address": entry.address,
        }
        for entry, survey, label, code, name in session.execute(query)
    ]
