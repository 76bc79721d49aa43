"""Send a contact's personal link again: a new round of the invitation, through the ledger.

The first invitation is round 0 of kind "invitation"; each resend takes the next round, so the
ledger keeps every resend to one message (pressing twice at once sends one) and the wave's
figures still count the first invitation only.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.mailing import ledger
from peiling.mailing.batch import Outcome
from peiling.mailing.direct import send_now
from peiling.models.base import utcnow
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.mail_log import MailLog
from peiling.models.wave import Wave, WaveStatus


class ResendRefused(UserError):
    """A resend that is not allowed; key names the text that says why."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def invitation_of(session: Session, wave: Wave, contact: Contact) -> Invitation:
    """Return the contact's invitation to the wave, or refuse when a link may not go out."""
    if contact.opted_out_at is not None:
        raise ResendRefused("opted_out", f"{contact.email} opted out: no more mail")
    if not contact.active:
        raise ResendRefused("inactive", f"{contact.email} is no longer active")
    if wave.status != WaveStatus.OPEN or utcnow() >= wave.closes_at:
        raise ResendRefused("not_open", f"wave {wave.label} is not open")
    invitation = session.scalar(
        select(Invitation).where(
            Invitation.wave_id == wave.id,
            Invitation.contact_id == contact.id,
            Invitation.status != InvitationStatus.WITHDRAWN.value,
        )
    )
    if invitation is None:
        raise ResendRefused("not_invited", f"{contact.email} has no invitation to {wave.label}")
    return invitation


def next_round(session: Session, invitation: Invitation) -> int:
    """Return the round of the next resend: one after the invitation's highest (at least 1)."""
    highest = session.scalar(
        select(func.max(MailLog.round)).where(
            MailLog.invitation_id == invitation.id, MailLog.kind == ledger.INVITATION
        )
    )
    return max(1, (highest or 0) + 1)


def resend_link(session: Session, wave: Wave, contact: Contact) -> Outcome:
    """Send the contact's personal link of the wave again now; return what happened to it."""
    invitation = invitation_of(session, wave, contact)
    round_ = next_round(session, invitation)
    session.commit()  # the send claims its ledger row on its own connection
    return send_now(session.get_bind(), invitation.id, ledger.INVITATION, round_)
