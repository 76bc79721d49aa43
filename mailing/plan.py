"""Who is due a message: plan a whole send, and check one invitation again right before sending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from peiling.mailing import ledger
from peiling.models.answering import unit_key, unit_key_of
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus
from peiling.models.response import Response
from peiling.models.shared_response import is_shared, reminder_recipients
from peiling.models.wave import Wave, WaveStatus

RECEIPT = "receipt"  # the confirmation after submitting, once per invitation
# To the other contacts of a shared response: the coordinator submitted for the municipality.
SUBMITTED = "submitted"


def _submitted_units(session: Session, wave_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Response.unit_key).where(
                Response.wave_id == wave_id, Response.submitted_at.is_not(None)
            )
        )
    )


def plan(session: Session, wave: Wave, kind: str, round: int) -> list[int]:
    """Return the ids of invitations that should get this message and have not had it."""
    rows = session.execute(
        select(Invitation.id, Contact.organisation_id, MailLog.status, MailLog.smtp_code)
        .join(Contact, Invitation.contact_id == Contact.id)
        .outerjoin(
            MailLog,
            (MailLog.invitation_id == Invitation.id)
            & (MailLog.kind == kind)
            & (MailLog.round == round),
        )
        .where(
            Invitation.wave_id == wave.id,
            Invitation.status != InvitationStatus.WITHDRAWN.value,
            Contact.active.is_(True),
            Contact.opted_out_at.is_(None),
        )
        .order_by(Invitation.id)
    ).all()
    due = [r for r in rows if r.status is None or not ledger.is_final(r.status, r.smtp_code)]
    if kind == ledger.REMINDER:
        invited = set(
            session.scalars(
                select(MailLog.invitation_id)
                .join(Invitation)
                .where(
                    Invitation.wave_id == wave.id,
                    MailLog.kind == ledger.INVITATION,
                    MailLog.status == MailStatus.SENT.value,
                )
            )
        )
        submitted = _submitted_units(session, wave.id)
        due = [
            row
            for row in due
            if row.id in invited
            and unit_key_of(wave.response_unit, row.id, row.organisation_id) not in submitted
        ]
        if is_shared(wave):  # a shared response: only who still has assigned pages to finish
            ids = [row.id for row in due]
            found = session.scalars(select(Invitation).where(Invitation.id.in_(ids)))
            return sorted(i.id for i in reminder_recipients(session, wave, found))
    return [row.id for row in due]


# Built once: a statement built anew for every message costs more than running it.
_STATE = (
    select(
        Invitation.status,
        Contact.active,
        Contact.opted_out_at,
        Contact.email,
        Wave.status.label("wave_status"),
        Wave.closes_at,
    )
    .join(Contact, Invitation.contact_id == Contact.id)
    .join(Wave, Invitation.wave_id == Wave.id)
    .where(Invitation.id == bindparam("invitation_id"))
)
_SUBMITTED = select(Response.submitted_at).where(
    Response.wave_id == bindparam("wave_id"), Response.unit_key == bindparam("unit_key")
)


def why_not(
    session: Session | Connection, invitation: Invitation, kind: str, now: datetime
) -> tuple[str | None, str]:
    """Read an invitation's state right before sending; return (reason to skip or None, address)."""
    row = session.execute(_STATE, {"invitation_id": invitation.id}).one_or_none()
    if row is None:
        return "invitation no longer exists", ""
    if row.wave_status != WaveStatus.OPEN:
        return f"wave is {row.wave_status}", row.email
    if now >= row.closes_at:
        return "wave has passed its closing date", row.email
    if row.status == InvitationStatus.WITHDRAWN:
        return "invitation withdrawn", row.email
    if not row.active:
        return "contact no longer active", row.email
    if row.opted_out_at is not None:
        return "contact opted out", row.email
    if kind in (ledger.REMINDER, RECEIPT, SUBMITTED):
        submitted = session.execute(
            _SUBMITTED, {"wave_id": invitation.wave_id, "unit_key": unit_key(invitation)}
        ).scalar()
        if kind == ledger.REMINDER and submitted is not None:
            return "response already submitted", row.email
        if kind in (RECEIPT, SUBMITTED) and submitted is None:
            return "response not submitted", row.email
    return None, row.email
