"""Send one batch of messages over one SMTP connection, through the ledger."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, joinedload, selectinload

from peiling.mailing import ledger, smtp
from peiling.mailing.compose import (
    MailSettings,
    MessageError,
    as_bytes,
    build_message,
    message_id,
)
from peiling.mailing.plan import RECEIPT, why_not
from peiling.models.base import utcnow
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.models.questionnaire_version import QuestionnaireVersion  # noqa: F401 - loaded with waves
from peiling.models.wave import Wave

SENT = "sent"
ALREADY = "already sent"
SKIPPED = "skipped"
FAILED = "failed"
RETRY = "to retry"
UNKNOWN = "unknown outcome"
NOT_TRIED = "not tried"
# Claims committed at once. Fewer commits (each one a disk sync on PostgreSQL) against the
# claims a crash can leave with an unknown outcome. No write transaction stays open while the
# messages of a chunk go out (their results are written with the next claims), so the web app's
# saves are not held up.
CLAIM_AHEAD = 20


@dataclass(frozen=True)
class Outcome:
    """What happened to one invitation in a batch."""

    invitation_id: int
    recipient: str
    result: str
    reason: str = ""
    message_id: str = ""


@dataclass
class BatchResult:
    """The outcomes of a batch; interrupted names the connection problem that stopped it."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: str | None = None

    def count(self, result: str) -> int:
        """Count the outcomes with this result."""
        return sum(1 for o in self.outcomes if o.result == result)

    def merge(self, later: BatchResult) -> None:
        """Take in a later attempt at the same messages: its outcomes replace earlier ones.

        An "already sent" never replaces what this run itself did with the message.
        """
        by_id = {o.invitation_id: o for o in self.outcomes}
        for outcome in later.outcomes:
            if outcome.result != ALREADY or outcome.invitation_id not in by_id:
                by_id[outcome.invitation_id] = outcome
        self.outcomes = list(by_id.values())
        self.interrupted = later.interrupted

    def left(self, invitation_ids: Sequence[int]) -> list[int]:
        """Return the invitations not settled yet: never tried, or to be tried again."""
        settled = {o.invitation_id for o in self.outcomes if o.result != RETRY}
        return [i for i in invitation_ids if i not in settled]


def _preload(session: Session, invitation_ids: Sequence[int], kind: str) -> dict[int, Invitation]:
    """Load a batch's invitations with everything the messages show, in a few queries.

    The wave and its questionnaire (a long text) are loaded once, not joined to every row.
    """
    query = (
        select(Invitation)
        .options(joinedload(Invitation.contact).joinedload(Contact.organisation))
        .options(selectinload(Invitation.wave).selectinload(Wave.questionnaire_version))
        .where(Invitation.id.in_(list(invitation_ids)))
    )
    if kind == RECEIPT:  # the receipt names the moment of submitting
        query = query.options(selectinload(Invitation.submitted))
    return {row.id: row for row in session.scalars(query).all()}


def send_batch(
    engine: Engine,
    invitation_ids: Sequence[int],
    kind: str,
    round: int,
    config: smtp.SmtpConfig,
    mail: MailSettings,
    claim_ahead: int = CLAIM_AHEAD,
) -> BatchResult:
    """Send a batch: claim, check, send and record each message; stop on a lost connection.

    Claims are committed before their messages leave, a few at a time (one commit per
    `claim_ahead` messages, which matters on a database that syncs every commit); each
    invitation is checked right before its message goes, and a claim that is not used is
    handed back. Results are committed with the next claims or at the end. So a crash never
    sends a second copy of an accepted message; at worst a few rows keep an unknown outcome.
    """
    result = BatchResult()
    sender = parseaddr(mail.mail_from)[1]
    conn: smtplib.SMTP | None = None
    step = max(1, claim_ahead)
    with Session(engine, expire_on_commit=False) as session:
        invitations = _preload(session, invitation_ids, kind)
    sent: list[dict] = []  # accepted messages, recorded with the next commit
    with engine.connect() as db:
        try:
            for start in range(0, len(invitation_ids), step):
                chunk = invitation_ids[start : start + step]
                ledger.mark_sent_many(db, sent, kind)
                sent.clear()
                claims = _claim_chunk(db, chunk, invitations, kind, round, mail, result)
                db.commit()  # the claims are durable before any of their messages leaves
                for n, (invitation, row_id) in enumerate(claims):
                    if result.interrupted:
                        ledger.release(db, row_id)
                        continue
                    try:
                        outcome, conn = _send_one(
                            db, invitation, row_id, kind, round, mail, config, conn, sender
                        )
                    except BaseException:  # e.g. a refused login: hand back what was not tried
                        for _, unused in claims[n + 1 :]:
                            ledger.release(db, unused)
                        raise
                    result.outcomes.append(outcome)
                    if outcome.result == SENT:
                        sent.append(
                            {
                                "row_id": row_id,
                                "invitation_id": invitation.id,
                                "to": outcome.recipient,
                                "reply": outcome.reason,
                                "at": utcnow(),
                            }
                        )
                    elif outcome.result in (RETRY, UNKNOWN) and conn is None:  # lost
                        result.interrupted = outcome.reason
                if result.interrupted:
                    break
        finally:
            ledger.mark_sent_many(db, sent, kind)
            db.commit()  # the results of the last messages
            if conn is not None:
                smtp.close(conn)
    return result


def _claim_chunk(db, chunk, invitations, kind, round, mail, result):
    """Claim the next few messages; return (invitation, row id) of those to send."""
    known = []
    for invitation_id in chunk:
        invitation = invitations.get(invitation_id)
        if invitation is None:
            result.outcomes.append(Outcome(invitation_id, "", SKIPPED, "no invitation"))
        else:
            known.append(invitation)
    items = [(i.id, i.contact.email, message_id(i, kind, round, mail.mail_from)) for i in known]
    row_ids = ledger.claim_many(db, items, kind, round)
    claims = []
    for invitation in known:
        if invitation.id in row_ids:
            claims.append((invitation, row_ids[invitation.id]))
        else:
            result.outcomes.append(Outcome(invitation.id, invitation.contact.email, ALREADY))
    return claims


def _send_one(db: Connection, invitation, row_id, kind, round, mail, config, conn, sender):
    """Check again, send one claimed message; return its outcome and the connection (None: lost)."""
    now = utcnow()
    reason, recipient = why_not(db, invitation, kind, now)
    if reason is None and recipient != invitation.contact.email:
        reason = "address changed a moment ago; the next run sends it"
    if reason is not None:  # e.g. submitted since the plan was made
        ledger.release(db, row_id)
        return Outcome(invitation.id, recipient, SKIPPED, reason), conn
    try:
        data = as_bytes(build_message(invitation, kind, round, mail, now))
    except MessageError as exc:  # this contact's data: record it, go on with the others
        ledger.mark_failed(db, row_id, invitation.id, kind, None, f"not sent: {exc}")
        return Outcome(invitation.id, recipient, FAILED, f"not sent: {exc}"), conn
    except BaseException:  # a template error: nothing was sent, the claim goes back
        ledger.release(db, row_id)
        raise
    try:
        if conn is None:
            conn = smtp.connect(config)
        reply = smtp.deliver(conn, sender, recipient, data)
    except smtp.SmtpLoginRefused:
        ledger.mark_failed(db, row_id, invitation.id, kind, None, "not sent: login refused")
        raise
    except smtp.SmtpOutcomeUnknown as exc:
        ledger.mark_unknown(db, row_id, exc.text)
        if conn is not None:
            conn.close()
        msgid = message_id(invitation, kind, round, mail.mail_from)
        return Outcome(invitation.id, recipient, UNKNOWN, exc.text, msgid), None
    except smtp.SmtpConnectionLost as exc:
        ledger.mark_failed(db, row_id, invitation.id, kind, exc.code, exc.text)
        if conn is not None:
            conn.close()
        reason = f"{exc.code} {exc.text}" if exc.code else exc.text
        return Outcome(invitation.id, recipient, RETRY, reason), None
    except smtp.SmtpFailure as exc:
        ledger.mark_failed(db, row_id, invitation.id, kind, exc.code, exc.text)
        outcome = FAILED if exc.permanent else RETRY
        return Outcome(invitation.id, recipient, outcome, f"{exc.code}: {exc.text}"), conn
    return Outcome(invitation.id, recipient, SENT, f"{reply.code} {reply.text}"), conn
