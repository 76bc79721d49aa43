"""The send ledger over MailLog: claim a row, send, then mark it sent or failed.

A row is unique per (invitation, kind, round). It is claimed and committed before the message goes
out, so a crash or a retry never sends a message that is marked sent, claimed by another run, or
failed permanently (5xx). Only transient failures (4xx, connection lost before the server's reply)
may be claimed again. A row left "claimed" by a crash has an unknown outcome; it is not resent
automatically (at most once), `release_unknown` hands it back on purpose.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from peiling.models.base import utcnow
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus

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


def _insert(db: Session | Connection):
    dialect = db.dialect.name if isinstance(db, Connection) else db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"the send ledger supports PostgreSQL and SQLite, not {dialect}")
    return insert(MailLog)


def claim_many(
    db: Session | Connection, items: list[tuple[int, str, str]], kind: str, round: int
) -> dict[int, int]:
    """Claim messages given as (invitation id, recipient, Message-ID); return row ids by invitation.

    Two statements for any number of messages: insert the rows that do not exist, then take over
    those whose last attempt failed for a transient reason. Whatever is missing from the result
    is sent, claimed elsewhere, or failed for good.
    """
    if not items:
        return {}
    now = utcnow()
    inserted = db.execute(
        _insert(db)
        .values(
            [
                {
                    "invitation_id": invitation_id,
                    "kind": kind,
                    "round": round,
                    "recipient": recipient,
                    "message_id": message_id,
                    "status": MailStatus.CLAIMED.value,
                    "attempts": 1,
                    "claimed_at": now,
                    "updated_at": now,
                }
                for invitation_id, recipient, message_id in items
            ]
        )
        .on_conflict_do_nothing(index_elements=["invitation_id", "kind", "round"])
        .returning(MailLog.invitation_id, MailLog.id)
    ).all()
    claimed = {invitation_id: row_id for invitation_id, row_id in inserted}
    others = [invitation_id for invitation_id, _, _ in items if invitation_id not in claimed]
    if others:
        retaken = db.execute(
            update(MailLog)
            .execution_options(synchronize_session=False)
            .where(
                MailLog.invitation_id.in_(others),
                MailLog.kind == kind,
                MailLog.round == round,
                MailLog.status == MailStatus.FAILED.value,
                or_(MailLog.smtp_code.is_(None), MailLog.smtp_code < 500),
            )
            .values(
                status=MailStatus.CLAIMED.value,
                attempts=MailLog.attempts + 1,
                claimed_at=now,
                updated_at=now,
            )
            .returning(MailLog.invitation_id, MailLog.id)
        ).all()
        claimed.update({invitation_id: row_id for invitation_id, row_id in retaken})
    return claimed


def claim(
    db: Session | Connection,
    invitation_id: int,
    recipient: str,
    kind: str,
    round: int,
    message_id: str,
) -> int | None:
    """Claim the right to send one message; return the ledger row id, or None when it is done."""
    return claim_many(db, [(invitation_id, recipient, message_id)], kind, round).get(invitation_id)


_MARK_SENT = (
    update(MailLog.__table__)
    .where(MailLog.__table__.c.id == bindparam("row_id"))
    .values(
        status=MailStatus.SENT.value,
        recipient=bindparam("to"),
        smtp_code=bindparam("code"),
        smtp_reply=bindparam("reply"),
        sent_at=bindparam("at"),
        updated_at=bindparam("at"),
    )
)


def mark_sent_many(db: Session | Connection, sent: list[dict], kind: str) -> None:
    """Record accepted messages, each a dict of row_id, invitation_id, to, reply and at."""
    if not sent:
        return
    rows = [
        {
            "row_id": s["row_id"],
            "to": s["to"],
            "code": int(s["reply"][:3]),
            "reply": s["reply"][:2000],
            "at": s["at"],
        }
        for s in sent
    ]
    db.execute(_MARK_SENT, rows)
    if kind == INVITATION:
        db.execute(
            update(Invitation)
            .execution_options(synchronize_session=False)
            .where(Invitation.id.in_([s["invitation_id"] for s in sent]))
            .values(
                status=InvitationStatus.SENT.value,
                sent_at=func.coalesce(Invitation.sent_at, sent[-1]["at"]),
            )
        )


def mark_sent(
    db: Session | Connection, row_id: int, invitation_id: int, kind: str, reply: str, now: datetime
) -> None:
    """Record that the server accepted one message, with its reply."""
    recipient = db.execute(select(MailLog.recipient).where(MailLog.id == row_id)).scalar()
    mark_sent_many(
        db,
        [
            {
                "row_id": row_id,
                "invitation_id": invitation_id,
                "to": recipient,
                "reply": reply,
                "at": now,
            }
        ],
        kind,
    )


def mark_failed(
    session: Session | Connection,
    row_id: int,
    invitation_id: int,
    kind: str,
    code: int | None,
    reply: str,
) -> None:
    """Record a failed attempt; a 5xx code makes it final, anything else may be retried."""
    session.execute(
        update(MailLog)
        .execution_options(synchronize_session=False)
        .where(MailLog.id == row_id)
        .values(
            status=MailStatus.FAILED.value,
            smtp_code=code,
            smtp_reply=reply[:2000],
            updated_at=utcnow(),
        )
    )
    if kind == INVITATION and code is not None and code >= 500:
        session.execute(
            update(Invitation)
            .execution_options(synchronize_session=False)
            .where(Invitation.id == invitation_id)
            .values(status=InvitationStatus.FAILED.value)
        )


def release(session: Session | Connection, row_id: int) -> None:
    """Hand back a claim that was not used: as if never claimed (or failed, after earlier tries)."""
    session.execute(
        delete(MailLog)
        .execution_options(synchronize_session=False)
        .where(
            MailLog.id == row_id,
            MailLog.status == MailStatus.CLAIMED.value,
            MailLog.attempts == 1,
        )
    )
    session.execute(
        update(MailLog)
        .execution_options(synchronize_session=False)
        .where(MailLog.id == row_id, MailLog.status == MailStatus.CLAIMED.value)
        .values(
            status=MailStatus.FAILED.value,
            smtp_code=None,
            smtp_reply="not attempted",
            updated_at=utcnow(),
        )
    )


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
