"""Wave status and response tables: plain counts over invitations, the ledger and responses."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.mailing import ledger
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog, MailStatus
from peiling.models.organisation import Organisation
from peiling.models.response import Response
from peiling.models.wave import ResponseUnit, Wave
from peiling.vocabulary import SIZE_CLASSES


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


UNKNOWN_GROUP = "(unknown)"
# The breakdowns of the response: each a column of an organisation or of the contact invited.
BREAKDOWNS = ("province", "size_class", "safety_region", "domain")


def _size_class(population):
    return case(
        *[
            (
                and_(population >= low, population < high) if high else population >= low,
                label,
            )
            for low, high, label in SIZE_CLASSES
        ],
        else_=None,
    )


def _breakdown(by: str):
    if by not in BREAKDOWNS:
        raise UserError(f"no breakdown {by!r}; choose one of {', '.join(BREAKDOWNS)}")
    return {
        "province": Organisation.province,
        "size_class": _size_class(Organisation.population),
        "safety_region": Organisation.safety_region,
        "domain": Contact.role,
    }[by]


def _active_organisations(session: Session, by: str, on: date) -> dict:
    group = _breakdown(by)
    query = select(group, func.count(func.distinct(Organisation.id))).where(
        or_(Organisation.valid_from.is_(None), Organisation.valid_from <= on),
        or_(Organisation.valid_until.is_(None), Organisation.valid_until > on),
    )
    if by == "domain":
        query = query.join(Contact).where(Contact.active.is_(True))
    return dict(session.execute(query.group_by(group)).all())


def response_table(session: Session, wave: Wave, by: str = "province") -> list[dict]:
    """Return invited, started and submitted per group (province by default), with the rates.

    Each row also counts the organisations active today in the group and how many of them
    submitted, so "n of all municipalities" reads from the same table.
    """
    group = _breakdown(by)
    invited = session.execute(
        select(group, func.count(func.distinct(Organisation.id)), func.count())
        .select_from(Invitation)
        .join(Contact)
        .join(Organisation)
        .where(Invitation.wave_id == wave.id, Invitation.status != InvitationStatus.WITHDRAWN)
        .group_by(group)
    ).all()
    answered = session.execute(
        select(
            group,
            func.count(),
            func.count(Response.submitted_at),
            func.count(func.distinct(case((Response.submitted_at.is_not(None), Organisation.id)))),
        )
        .select_from(Response)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .outerjoin(Invitation, Response.invitation_id == Invitation.id)
        .outerjoin(Contact, Invitation.contact_id == Contact.id)
        .where(Response.wave_id == wave.id)
        .group_by(group)
    ).all()
    active = _active_organisations(session, by, date.today())
    by_org = wave.response_unit == ResponseUnit.ORGANISATION
    done = {row[0]: tuple(row[1:]) for row in answered}
    counts = {key: (organisations, contacts) for key, organisations, contacts in invited}
    order = {label: i for i, (_, _, label) in enumerate(SIZE_CLASSES)}
    table = []
    for key in sorted(counts | active, key=lambda k: (order.get(k, len(order)), k or "")):
        organisations, contacts = counts.get(key, (0, 0))
        units = organisations if by_org else contacts
        started, submitted, responded = done.get(key, (0, 0, 0))
        table.append(
            {
                by: key or UNKNOWN_GROUP,
                "invited": units,
                "started": started,
                "submitted": submitted,
                "response rate %": round(100 * submitted / units, 1) if units else 0.0,
                "organisations": active.get(key, 0),
                "organisations submitted": responded,
            }
        )
    return table
