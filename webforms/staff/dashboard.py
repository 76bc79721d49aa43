"""What the wave dashboard shows: the figures of wave_status and response_table, laid out.

No figure is counted here: the counts come from peiling.mailing.wave_status (the same as
`peiling wave status` and the closing flow's table); this module only arranges them for the
page and computes the geometry of the bar charts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from peiling.mailing.wave_status import BREAKDOWNS, response_table, wave_status
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog
from peiling.models.organisation import Organisation
from peiling.models.response import Response
from peiling.models.wave import Wave

# The funnel of a wave, in order: (key in wave_status, text key).
PROGRESS = (
    ("invited", "staff_count_invited"),
    ("sent", "staff_count_sent"),
    ("failed", "staff_count_failed"),
    ("unknown outcome", "staff_count_unknown"),
    ("opened", "staff_count_opened"),
    ("started", "staff_count_started"),
    ("submitted", "staff_count_submitted"),
    ("opted out", "staff_count_opted_out"),
)
BAR_HEIGHT = 28
LABEL_WIDTH = 230
BAR_WIDTH = 360


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, figures and where it is drawn."""

    label: str
    value: int
    total: int
    percent: float
    y: int
    width: float


def bars(rows: list[tuple[str, int, int]]) -> list[Bar]:
    """Lay out (label, value, total) rows as horizontal bars scaled to their share of total."""
    laid = []
    for i, (label, value, total) in enumerate(rows):
        share = value / total if total else 0.0
        laid.append(
            Bar(label, value, total, round(100 * share, 1), i * BAR_HEIGHT, BAR_WIDTH * share)
        )
    return laid


def chart_height(chart: list[Bar]) -> int:
    """Return the height of a chart's drawing."""
    return max(1, len(chart)) * BAR_HEIGHT


def waves(session: Session) -> list[tuple[Wave, dict]]:
    """Return every wave, newest first, with its status figures."""
    rows = session.scalars(select(Wave).order_by(Wave.opens_at.desc(), Wave.id.desc()))
    return [(wave, wave_status(session, wave)) for wave in rows]


def progress(status: dict, name: Callable[[str], str]) -> list[Bar]:
    """Return the funnel of a wave as bars, each a share of the invited, named by text key."""
    invited = status["invited"]
    return bars([(name(text), status[key], invited) for key, text in PROGRESS])


def breakdowns(
    session: Session, wave: Wave, name: Callable[[str, str], str]
) -> dict[str, tuple[list[dict], list[Bar]]]:
    """Return per breakdown the response table and its bars (submitted of active).

    ``name(by, group)`` gives the label shown for a group (a domain code becomes a word).
    """
    found = {}
    for by in BREAKDOWNS:
        table = response_table(session, wave, by)
        for row in table:
            row["label"] = name(by, row[by])
        chart = bars(
            [(row["label"], row["organisations submitted"], row["organisations"]) for row in table]
        )
        found[by] = (table, chart)
    return found


@dataclass
class NonResponder:
    """An active organisation without a submitted response, its contacts and their mail."""

    organisation: Organisation
    contacts: list[Contact]
    mail: list[MailLog]
    invited: set[int] = field(default_factory=set)  # ids of the contacts invited to the wave


def nonresponders(session: Session, wave: Wave) -> list[NonResponder]:
    """Return the active organisations that have not submitted in a wave, by name."""
    submitted = select(Response.organisation_id).where(
        Response.wave_id == wave.id, Response.submitted_at.is_not(None)
    )
    organisations = session.scalars(
        select(Organisation)
        .where(Organisation.id.not_in(submitted))
        .options(selectinload(Organisation.contacts))
        .order_by(Organisation.name, Organisation.code)
    ).all()
    active = [org for org in organisations if org.is_active()]
    mail = session.execute(
        select(Contact.organisation_id, MailLog)
        .join(Invitation, MailLog.invitation_id == Invitation.id)
        .join(Contact, Invitation.contact_id == Contact.id)
        .where(Invitation.wave_id == wave.id)
        .order_by(MailLog.claimed_at, MailLog.id)
    ).all()
    invited = set(
        session.scalars(
            select(Invitation.contact_id).where(
                Invitation.wave_id == wave.id,
                Invitation.status != InvitationStatus.WITHDRAWN.value,
            )
        )
    )
    by_org: dict[int, list[MailLog]] = {}
    for organisation_id, row in mail:
        by_org.setdefault(organisation_id, []).append(row)
    return [
        NonResponder(
            org,
            sorted(org.contacts, key=lambda c: c.name),
            by_org.get(org.id, []),
            {c.id for c in org.contacts if c.id in invited},
        )
        for org in active
    ]
