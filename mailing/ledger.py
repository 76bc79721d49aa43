"""The send ledger over MailLog: claim a row, send, then mark it sent or failed.

A row is unique per (invitation, kind, round). It is claimed and committed before the message goes
out, so a crash or a retry never sends a message that is marked sent, claimed by another run, or
failed permanently (5xx). Only transient failures (4xx, connection lost before the server's reply)
may be claimed again. A row left "claimed" by a crash has an unknown outcome; it is not resent
automatically (at most once), `release_unknown` hands it back on purpose.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.base import utcnow
from models.invitation import Invitation, InvitationStatus
from models.mail_log import MailLog, MailStatus

INVITATION = "invitation"
REMINDER = "reminder"


def is_permanent(row: MailLog) -> bool:
    """Tell whether a failed row is final (the server answered 5xx)."""
    return row.status == MailStatus.FAILED and row.smtp_code is not None and row.smtp_code >= 500


def is_done(row: MailLog | None) -> bool:
    """Tell whether no further attempt may be made for this row."""
    if row is None:
        return False
    return row.status != MailStatus.FAILED or is_permanent(row)


def find(session: Session, invitation_id: int, kind: str, round: int) -> MailLog | None:
    """Return the ledger row of an invitation's message of one kind and round, or None."""
    return session.scalar(
        select(MailLog).where(
            MailLog.invitation_id == invitation_id, MailLog.kind == kind, MailLog.round == round
        )
    )


def claim(
    session: Session, invitation: Invitation, kind: str, round: int, message_id: str
) -> MailLog | None:
    """Claim the right to send one message; None when it is sent, claimed or failed for good."""
    row = find(session, invitation.id, kind, round)
    if row is None:
        row = MailLog(
            invitation_id=invitation.id,
            kind=kind,
            round=round,
            recipient=invitation.contact.email,
            message_id=message_id,
            status=MailStatus.CLAIMED.value,
            attempts=1,
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # another run claimed it a moment ago
            return None
        return row
    if is_done(row):
        return None
    taken = session.execute(
        update(MailLog)
        .where(MailLog.id == row.id, MailLog.status == MailStatus.FAILED.value)
        .values(
            status=MailStatus.CLAIMED.value,
            attempts=MailLog.attempts + 1,
            recipient=invitation.contact.email,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    session.refresh(row)
    return row


def mark_sent(session: Session, row: MailLog, code: int, reply: str, now: datetime) -> None:
    """Record that the server accepted the message, with its reply."""
    row.status = MailStatus.SENT.value
    row.smtp_code = code
    row.smtp_reply = reply[:2000]
    row.sent_at = now
    if row.kind == INVITATION:
        invitation = row.invitation
        invitation.status = InvitationStatus.SENT.value
        invitation.sent_at = invitation.sent_at or now


def mark_failed(session: Session, row: MailLog, code: int | None, reply: str) -> None:
    """Record a failed attempt; a 5xx code makes it final, anything else may be retried."""
    row.status = MailStatus.FAILED.value
    row.smtp_code = code
    row.smtp_reply = reply[:2000]
    if row.kind == INVITATION and is_permanent(row):
        row.invitation.status = InvitationStatus.FAILED.value


def unknown_outcomes(session: Session, wave_id: int) -> list[MailLog]:
    """Return rows left claimed by a run that stopped between claiming and recording."""
    return list(
        session.scalars(
            select(MailLog)
            .join(Invitation)
            .where(Invitation.wave_id == wave_id, MailLog.status == MailStatus.CLAIMED.value)
        )
    )


def release_unknown(session: Session, wave_id: int, older_than: datetime) -> int:
    """Hand claimed rows older than a moment back for sending (after checking the mail server)."""
    rows = [r for r in unknown_outcomes(session, wave_id) if r.updated_at < older_than]
    for row in rows:
        row.status = MailStatus.FAILED.value
        row.smtp_code = None
        row.smtp_reply = "released after an unknown outcome"
    session.flush()
    return len(rows)
