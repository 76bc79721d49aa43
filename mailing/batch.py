"""Send one batch of messages over one SMTP connection, through the ledger."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, joinedload

from mailing import ledger, smtp
from mailing.compose import MailSettings, as_bytes, build_message
from mailing.plan import why_not
from models.base import utcnow
from models.contact import Contact
from models.invitation import Invitation
from models.questionnaire_version import QuestionnaireVersion  # noqa: F401 - loaded with waves
from models.wave import Wave

SENT = "sent"
ALREADY = "already sent"
SKIPPED = "skipped"
FAILED = "failed"
RETRY = "failed, will retry"


@dataclass(frozen=True)
class Outcome:
    """What happened to one invitation in a batch."""

    invitation_id: int
    recipient: str
    result: str
    reason: str = ""


@dataclass
class BatchResult:
    """The outcomes of a batch; interrupted names the connection problem that stopped it."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: str | None = None

    def count(self, result: str) -> int:
        return sum(1 for o in self.outcomes if o.result == result)


def _preload(session: Session, invitation_ids: Sequence[int]) -> dict[int, Invitation]:
    """Load a batch's invitations with everything the messages show, in one query."""
    rows = session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.contact).joinedload(Contact.organisation))
        .options(joinedload(Invitation.wave).joinedload(Wave.questionnaire_version))
        .where(Invitation.id.in_(list(invitation_ids)))
    ).all()
    return {row.id: row for row in rows}


def send_batch(
    engine: Engine,
    invitation_ids: Sequence[int],
    kind: str,
    round: int,
    config: smtp.SmtpConfig,
    mail: MailSettings,
) -> BatchResult:
    """Send a batch: re-check, claim, send and record each message; stop on a lost connection.

    The claim is committed before a message leaves; its result is committed together with the
    next claim (or at the end), so a crash at any point never sends a second copy of a message
    the server accepted - at worst it leaves one row with an unknown outcome.
    """
    result = BatchResult()
    sender = parseaddr(mail.mail_from)[1]
    conn: smtplib.SMTP | None = None
    with Session(engine, expire_on_commit=False) as session:
        invitations = _preload(session, invitation_ids)
    with engine.connect() as db:
        try:
            for invitation_id in invitation_ids:
                invitation = invitations.get(invitation_id)
                if invitation is None:
                    result.outcomes.append(Outcome(invitation_id, "", SKIPPED, "no invitation"))
                    continue
                outcome, conn = _send_one(db, invitation, kind, round, mail, config, conn, sender)
                result.outcomes.append(outcome)
                if outcome.result == RETRY and conn is None:
                    result.interrupted = outcome.reason
                    break
        finally:
            db.commit()  # the result of the last message
            if conn is not None:
                smtp.close(conn)
    return result


def _send_one(db: Connection, invitation, kind, round, mail, config, conn, sender):
    """Send one message; return its outcome and the connection for the next (None when lost)."""
    now = utcnow()
    reason, recipient = why_not(db, invitation, kind, now)
    if reason is not None:
        return Outcome(invitation.id, recipient, SKIPPED, reason), conn
    message = build_message(invitation, kind, round, mail, now, recipient=recipient)
    row_id = ledger.claim(db, invitation.id, recipient, kind, round, message["Message-ID"])
    if row_id is None:
        return Outcome(invitation.id, recipient, ALREADY), conn
    db.commit()  # the claim is durable before the message leaves
    try:
        data = as_bytes(message)
        if conn is None:
            conn = smtp.connect(config)
        reply = smtp.deliver(conn, sender, recipient, data)
    except smtp.SmtpLoginRefused:
        ledger.mark_failed(db, row_id, invitation.id, kind, None, "not sent: login refused")
        db.commit()
        raise
    except smtp.SmtpConnectionLost as exc:
        ledger.mark_failed(db, row_id, invitation.id, kind, exc.code, exc.text)
        db.commit()
        if conn is not None:
            conn.close()
        return Outcome(invitation.id, recipient, RETRY, f"connection: {exc.text}"), None
    except smtp.SmtpFailure as exc:
        ledger.mark_failed(db, row_id, invitation.id, kind, exc.code, exc.text)
        outcome = FAILED if exc.permanent else RETRY
        return Outcome(invitation.id, recipient, outcome, f"{exc.code}: {exc.text}"), conn
    text = f"{reply.code} {reply.text}"
    ledger.mark_sent(db, row_id, invitation.id, kind, text, utcnow())
    return Outcome(invitation.id, recipient, SENT, text), conn
