"""The send ledger over MailLog: claim a row, send, then mark it sent or failed.

A row is unique per (invitation, kind, round). It is claimed and committed before the message goes
out, so a crash or a retry never sends a message that is marked sent, claimed by another run,
failed permanently (5xx) or of unknown outcome. Only a 4xx refusal or a connection lost before
the end of the message data went out may be claimed again. A row whose data went out without a
reply ("unknown"), or that a crash left "claimed", is never resent by itself: `release_unknown`
hands it back once the mail server's log shows it did not arrive.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus

INVITATION = "invitation"
REMINDER = "reminder"


def is_final(status: str, smtp_code: int | None) -> bool:
    """Tell whether a row of this status and code allows no further attempt."""
    return status != MailStatus.FAILED or (smtp_code is not None and smtp_code >= 500)


def _dialect(db: Session | Connection) -> str:
    name = db.dialect.name if isinstance(db, Connection) else db.get_bind().dialect.name
    if name not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"the send ledger supports PostgreSQL and SQLite, not {name}")
    return name


_LOG = MailLog.__table__
_CLAIMS: dict[str, tuple] = {}


def _claim_statements(dialect: str) -> tuple:
    """Return the two claim statements of a dialect, built once (building them costs more)."""
    if dialect not in _CLAIMS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        new = (
            insert(_LOG)
            .values(
                invitation_id=bindparam("p_invitation_id"),
                kind=bindparam("p_kind"),
                round=bindparam("p_round"),
                recipient=bindparam("p_recipient"),
                message_id=bindparam("p_message_id"),
                status=MailStatus.CLAIMED.value,
                attempts=1,
                claimed_at=bindparam("p_now"),
                updated_at=bindparam("p_now"),
            )
            .on_conflict_do_nothing(index_elements=["invitation_id", "kind", "round"])
            .returning(_LOG.c.invitation_id, _LOG.c.id)
        )
        retake = (
            update(_LOG)
            .where(
                _LOG.c.invitation_id.in_(bindparam("p_others", expanding=True)),
                _LOG.c.kind == bindparam("p_kind"),
                _LOG.c.round == bindparam("p_round"),
                _LOG.c.status == MailStatus.FAILED.value,
                or_(_LOG.c.smtp_code.is_(None), _LOG.c.smtp_code < 500),
            )
            .values(
                status=MailStatus.CLAIMED.value,
                attempts=_LOG.c.attempts + 1,
                claimed_at=bindparam("p_now"),
                updated_at=bindparam("p_now"),
            )
            .returning(_LOG.c.invitation_id, _LOG.c.id)
        )
        _CLAIMS[dialect] = (new, retake)
    return _CLAIMS[dialect]


def claim_many(
    db: Session | Connection, items: list[tuple[int, str, str]], kind: str, round: int
) -> dict[int, int]:
    """Claim messages given as (invitation id, recipient, Message-ID); return row ids by invitation.

    Two statements for any number of messages: insert the rows that do not exist (one INSERT
    of many rows), then take over those whose last attempt failed for a transient reason.
    Whatever is missing from the result is sent, claimed elsewhere, or failed for good.
    """
    if not items:
        return {}
    now = utcnow()
    new, retake = _claim_statements(_dialect(db))
    rows = [
        {
            "p_invitation_id": invitation_id,
            "p_kind": kind,
            "p_round": round,
            "p_recipient": recipient,
            "p_message_id": message_id,
            "p_now": now,
        }
        for invitation_id, recipient, message_id in items
    ]
    claimed = dict(db.execute(new, rows).all())
    others = [invitation_id for invitation_id, _, _ in items if invitation_id not in claimed]
    if others:
        params = {"p_others": others, "p_kind": kind, "p_round": round, "p_now": now}
        claimed.update(dict(db.execute(retake, params).all()))
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


_INVITATIONS = Invitation.__table__
_INVITATIONS_SENT = (
    update(_INVITATIONS)
    .where(_INVITATIONS.c.id.in_(bindparam("p_ids", expanding=True)))
    .values(
        status=InvitationStatus.SENT.value,
        sent_at=func.coalesce(_INVITATIONS.c.sent_at, bindparam("p_at")),
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
        ids = [s["invitation_id"] for s in sent]
        db.execute(_INVITATIONS_SENT, {"p_ids": ids, "p_at": sent[-1]["at"]})


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


def mark_unknown(db: Session | Connection, row_id: int, reply: str) -> None:
    """Record that the message data went out but no final reply came (never retried by itself)."""
    db.execute(
        update(MailLog)
        .execution_options(synchronize_session=False)
        .where(MailLog.id == row_id)
        .values(
            status=MailStatus.UNKNOWN.value,
            smtp_code=None,
            smtp_reply=reply[:2000],
            updated_at=utcnow(),
        )
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


UNKNOWN_STATUSES = (MailStatus.CLAIMED.value, MailStatus.UNKNOWN.value)


def unknown_outcomes(session: Session, wave_id: int) -> list[MailLog]:
    """Return the rows of a wave whose outcome is unknown, or still claimed by a running send."""
    return list(
        session.scalars(
            select(MailLog)
            .join(Invitation)
            .where(Invitation.wave_id == wave_id, MailLog.status.in_(UNKNOWN_STATUSES))
            .order_by(MailLog.id)
        )
    )


def normalise_message_id(value: str) -> str:
    """Return a Message-ID in angle brackets, as the messages carry it."""
    return "<" + value.strip().strip("<>").strip() + ">"


def releasable(session: Session, wave_id: int, claimed_before: datetime) -> list[MailLog]:
    """Return the unknown outcomes that may be released: no running send can still hold them."""
    return [
        r
        for r in unknown_outcomes(session, wave_id)
        if r.status == MailStatus.UNKNOWN or r.updated_at < claimed_before
    ]


def release_unknown(
    session: Session,
    wave_id: int,
    claimed_before: datetime,
    message_ids: list[str] | None = None,
) -> list[MailLog]:
    """Hand rows of unknown outcome back for sending: the named Message-IDs, or all of them.

    A row still "claimed" counts only when claimed before `claimed_before` (a send that is
    running holds its claims). Named Message-IDs are all released or, when one of them is not
    an unknown outcome of this wave, none.
    """
    rows = releasable(session, wave_id, claimed_before)
    if message_ids is not None:
        wanted = {normalise_message_id(m) for m in message_ids if m.strip()}
        rows = [r for r in rows if r.message_id in wanted]
        missing = sorted(wanted - {r.message_id for r in rows})
        if missing:
            raise UserError(
                f"not released (none of the {len(wanted)}): {', '.join(missing)} "
                "is not an unknown outcome of this wave (sent, failed, released already, "
                "another wave, or claimed by a send that may still be running)"
            )
    for row in rows:
        row.status = MailStatus.FAILED.value
        row.smtp_code = None
        row.smtp_reply = "released after an unknown outcome"
    session.flush()
    return rows
