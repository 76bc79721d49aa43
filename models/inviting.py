"""Invitations: create them for a wave, find one from a link token, build its links."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from peiling.models import tokens
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.organisation import Organisation
from peiling.models.wave import Wave

LINK_PATH = "/r/"
OPT_OUT_PATH = "/afmelden/"


@dataclass(frozen=True)
class InvitationCount:
    created: int
    existing: int


def eligible_contacts(session: Session, wave: Wave) -> list[Contact]:
    """Return the active, not opted-out contacts of organisations that exist when the wave opens."""
    on = wave.opens_at.date()
    contacts = session.scalars(
        select(Contact)
        .join(Contact.organisation)
        .options(contains_eager(Contact.organisation))
        .where(Contact.active.is_(True), Contact.opted_out_at.is_(None))
        .order_by(Organisation.code, Contact.id)
    ).all()
    return [c for c in contacts if c.organisation.is_active(on)]


def create_invitations(session: Session, wave: Wave, secret_key: str) -> InvitationCount:
    """Invite every eligible contact not yet invited to the wave (safe to run again)."""
    invited = set(
        session.scalars(select(Invitation.contact_id).where(Invitation.wave_id == wave.id))
    )
    new = []
    for contact in eligible_contacts(session, wave):
        if contact.id in invited:
            continue
        salt = tokens.new_salt()
        new.append(
            Invitation(
                wave_id=wave.id,
                contact_id=contact.id,
                token_salt=salt,
                token_digest=tokens.digest(tokens.token_for(secret_key, salt)),
            )
        )
    session.add_all(new)
    session.flush()
    return InvitationCount(created=len(new), existing=len(invited))


def token_of(invitation: Invitation, secret_key: str) -> str:
    """Return the link token of an invitation (derived, never stored)."""
    return tokens.token_for(secret_key, invitation.token_salt)


def link_for(invitation: Invitation, base_url: str, secret_key: str) -> str:
    """Return the personal link that opens the invitation's questionnaire."""
    return base_url.rstrip("/") + LINK_PATH + token_of(invitation, secret_key)


def opt_out_link_for(invitation: Invitation, base_url: str, secret_key: str) -> str:
    """Return the opt-out link of an invitation: its id and a token that opens nothing else."""
    token = tokens.token_for(secret_key, invitation.token_salt, tokens.OPT_OUT)
    return f"{base_url.rstrip('/')}{OPT_OUT_PATH}{invitation.id}/{token}"


def invitation_by_opt_out_token(
    session: Session, invitation_id: int, token: str, secret_key: str
) -> Invitation | None:
    """Return the invitation an opt-out link belongs to, or None (unknown or wrong token).

    A withdrawn invitation still opts its contact out: whoever got the mail may always say no.
    """
    if not tokens.looks_like_token(token) or not 0 < invitation_id < 2**31:
        return None
    invitation = session.get(Invitation, invitation_id)
    if invitation is None:
        return None
    expected = tokens.token_for(secret_key, invitation.token_salt, tokens.OPT_OUT)
    return invitation if tokens.same(token, expected) else None


def invitation_by_token(session: Session, token: str) -> Invitation | None:
    """Return the usable invitation for a token, or None (unknown, malformed or withdrawn)."""
    if not tokens.looks_like_token(token):
        return None
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_digest == tokens.digest(token))
    )
    if invitation is None or invitation.status == InvitationStatus.WITHDRAWN:
        return None
    return invitation
