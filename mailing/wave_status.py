"""Wave status and response tables: plain counts over invitations, the ledger and responses."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling.mailing import ledger
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus
from peiling.models.organisation import Organisation
from peiling.models.response import Response
from peiling.models.wave import ResponseUnit, Wave


def _mail_counts(session: Session, wave: Wave) -> Counter:
    rows = session.execute(
        select(MailLog.kind, MailLog.round, MailLog.status, MailLog.smtp_code, func.count())
        .join(Invitation)
        .where(Invitation.wave_id == wave.id)
        .group_by(MailLog.kind, MailLog.round, MailLog.status, MailLog.smtp_code)
    ).all()
    counts: Counter = Counter()
    for kind, round_, status, code, n in rows:
        if status == MailStatus.FAILED:
            status = "failed" if code is not None and code >= 500 else "retry"
        counts[(kind, round_, status)] += n
    return counts


def wave_status(session: Session, wave: Wave) -> dict:
    """Count invited, sent, failed, opened, started and submitted, and the response rate."""
    invitations = session.execute(
        select(Invitation.contact_id, Invitation.first_opened_at, Contact.organisation_id)
        .join(Contact)
        .where(Invitation.wave_id == wave.id, Invitation.status != InvitationStatus.WITHDRAWN)
    ).all()
    mail = _mail_counts(session, wave)
    responses = session.execute(
        select(Response.submitted_at).where(Response.wave_id == wave.id)
    ).all()
    if wave.response_unit == ResponseUnit.ORGANISATION:
        units = len({row.organisation_id for row in invitations})
    else:
        units = len(invitations)
    submitted = sum(1 for r in responses if r.submitted_at is not None)
    opted_out = session.scalar(
        select(func.count())
        .select_from(Invitation)
        .join(Contact)
        .where(Invitation.wave_id == wave.id, Contact.opted_out_at.is_not(None))
    )
    reminders = {
        round_: n
        for (kind, round_, status), n in sorted(mail.items())
        if kind == ledger.REMINDER and status == "sent"
    }
    return {
        "wave": f"{wave.survey_key} {wave.label}",
        "status": wave.status,
        "invited": len(invitations),
        "sent": mail[(ledger.INVITATION, 0, "sent")],
        "failed": mail[(ledger.INVITATION, 0, "failed")],
        "to retry": mail[(ledger.INVITATION, 0, "retry")],
        "unknown outcome": sum(n for (_, _, s), n in mail.items() if s in ledger.UNKNOWN_STATUSES),
        "reminders sent": reminders,
        "opened": sum(1 for row in invitations if row.first_opened_at is not None),
        "started": len(responses),
        "submitted": submitted,
        "opted out": opted_out or 0,
        "response units": units,
        "response rate": round(100 * submitted / units, 1) if units else 0.0,
    }


def unknown_messages(session: Session, wave: Wave) -> list[dict]:
    """List the wave's messages of unknown outcome with their Message-IDs and what happened."""
    return [
        {
            "kind": row.kind if row.kind == ledger.INVITATION else f"{row.kind} {row.round}",
            "recipient": row.recipient,
            "message_id": row.message_id,
            "what": row.smtp_reply
            if row.status == MailStatus.UNKNOWN
            else f"claimed {row.updated_at:%Y-%m-%d %H:%M} UTC by a send that stopped "
            "(or is still running) before recording its result",
        }
        for row in ledger.unknown_outcomes(session, wave.id)
    ]


def response_table(session: Session, wave: Wave) -> list[dict]:
    """Return invited, started and submitted per province, with the response rate."""
    invited = session.execute(
        select(Organisation.province, func.count(func.distinct(Organisation.id)), func.count())
        .select_from(Invitation)
        .join(Contact)
        .join(Organisation)
        .where(Invitation.wave_id == wave.id, Invitation.status != InvitationStatus.WITHDRAWN)
        .group_by(Organisation.province)
    ).all()
    answered = session.execute(
        select(
            Organisation.province,
            func.count(),
            func.count(Response.submitted_at),
        )
        .select_from(Response)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.wave_id == wave.id)
        .group_by(Organisation.province)
    ).all()
    by_org = wave.response_unit == ResponseUnit.ORGANISATION
    done = {row[0]: (row[1], row[2]) for row in answered}
    table = []
    for province, organisations, contacts in sorted(invited, key=lambda r: r[0] or ""):
        units = organisations if by_org else contacts
        started, submitted = done.get(province, (0, 0))
        table.append(
            {
                "province": province or "(unknown)",
                "invited": units,
                "started": started,
                "submitted": submitted,
                "response rate %": round(100 * submitted / units, 1) if units else 0.0,
            }
        )
    return table
