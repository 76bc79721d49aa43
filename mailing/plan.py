"""Who is due a message: plan a whole send, and check one invitation again right before sending."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from peiling.mailing import ledger
from peiling.models.answering import unit_key
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus
from peiling.models.response import Response
from peiling.models.shared_response import reminder_recipients
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
        select(Invitation, MailLog)
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
    due = [inv for inv, log in rows if not ledger.is_done(log)]
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
        due = [i for i in due if i.id in invited and unit_key(i) not in submitted]
        due = reminder_recipients(session, wave, due)
    return [i.id for i in due]


def why_not(
    session: Session | Connection, invitation: Invitation, kind: str, now: datetime
) -> tuple[str | None, str]:
    """Read an invitation's state right before sending; return (reason to skip or None, address)."""
    row = session.execute(
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
        .where(Invitation.id == invitation.id)
    ).one_or_none()
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
        submitted = session.scalar(
            select(Response.submitted_at).where(
                Response.wave_id == invitation.wave_id, Response.unit_key == unit_key(invitation)
            )
        )
        if kind == ledger.REMINDER and submitted is not None:
            return "response already submitted", row.email
        if kind in (RECEIPT, SUBMITTED) and submitted is None:
            return "response not submitted", row.email
    return None, row.email
