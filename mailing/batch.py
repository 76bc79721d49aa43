"""Send one batch of messages over one SMTP connection, through the ledger."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.policy import SMTP
from email.utils import parseaddr

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, joinedload

from mailing import ledger, smtp
from mailing.compose import MailSettings, build_message, message_id
from mailing.plan import why_not
from models.base import utcnow
from models.contact import Contact
from models.invitation import Invitation

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


def _load(session: Session, invitation_id: int) -> Invitation | None:
    """Load an invitation with its contact and wave as they are now in the database."""
    return session.scalar(
        select(Invitation)
        .options(joinedload(Invitation.contact).joinedload(Contact.organisation))
        .options(joinedload(Invitation.wave))
        .where(Invitation.id == invitation_id)
        .execution_options(populate_existing=True)
    )


def send_batch(
    engine: Engine,
    invitation_ids: Sequence[int],
    kind: str,
    round: int,
    config: smtp.SmtpConfig,
    mail: MailSettings,
    on_sent: Callable[[int], None] | None = None,
) -> BatchResult:
    """Send a batch: re-check, claim, send and record each message; stop on a lost connection."""
    result = BatchResult()
    conn: smtplib.SMTP | None = None
    with Session(engine, expire_on_commit=False) as session:
        try:
            for invitation_id in invitation_ids:
                outcome, conn = _send_one(session, invitation_id, kind, round, mail, config, conn)
                result.outcomes.append(outcome)
                if outcome.result == SENT and on_sent is not None:
                    on_sent(invitation_id)
                if outcome.result == RETRY and outcome.reason.startswith("connection"):
                    result.interrupted = outcome.reason
                    break
        finally:
            if conn is not None:
                smtp.close(conn)
    return result


def _send_one(session, invitation_id, kind, round, mail, config, conn):
    """Send one message; return its outcome and the connection to use for the next one."""
    invitation = _load(session, invitation_id)
    if invitation is None:
        session.rollback()
        return Outcome(invitation_id, "", SKIPPED, "invitation no longer exists"), conn
    recipient = invitation.contact.email
    now = utcnow()
    reason = why_not(session, invitation, kind, now)
    if reason is not None:
        session.rollback()
        return Outcome(invitation_id, recipient, SKIPPED, reason), conn
    msgid = message_id(invitation, kind, round, mail.mail_from)
    row = ledger.claim(session, invitation, kind, round, msgid)
    if row is None:
        session.rollback()
        return Outcome(invitation_id, recipient, ALREADY), conn
    data = build_message(invitation, kind, round, mail, now).as_bytes(policy=SMTP)
    session.commit()  # the claim is durable before the message leaves
    try:
        if conn is None:
            conn = smtp.connect(config)
        reply = smtp.deliver(conn, _address(mail.mail_from), recipient, data)
    except smtp.SmtpLoginRefused:
        ledger.mark_failed(session, row, None, "not sent: the mail server refused the login")
        session.commit()
        raise
    except smtp.SmtpConnectionLost as exc:
        ledger.mark_failed(session, row, exc.code, exc.text)
        session.commit()
        if conn is not None:
            conn.close()
        return Outcome(invitation_id, recipient, RETRY, f"connection: {exc.text}"), None
    except smtp.SmtpFailure as exc:
        ledger.mark_failed(session, row, exc.code, exc.text)
        session.commit()
        outcome = FAILED if exc.permanent else RETRY
        return Outcome(invitation_id, recipient, outcome, f"{exc.code}: {exc.text}"), conn
    ledger.mark_sent(session, row, reply.code, f"{reply.code} {reply.text}", utcnow())
    session.commit()
    return Outcome(invitation_id, recipient, SENT, f"{reply.code} {reply.text}"), conn


def _address(mail_from: str) -> str:
    return parseaddr(mail_from)[1]
