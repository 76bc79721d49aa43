"""Forwarding: a respondent who is not the right person invites a colleague of their organisation.

The colleague becomes a contact of that organisation (or an existing one is found by address) and
gets an invitation of their own to the same wave, marked as forwarded from the first; the first
invitation stays valid.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling.control_chars import first_control
from peiling.errors import UserError
from peiling.models import tokens
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation
from peiling.vocabulary import language_or_default

MAX_FORWARDS = 3  # per invitation: enough for a wrong guess or two, too few to spam with
NAME_MAX = 200


class ForwardRefused(UserError):
    """The colleague cannot be invited; ``reason`` names which text to show."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_name(raw: str) -> str:
    """Return a colleague's name as typed, or refuse an empty, too long or garbled one."""
    name = " ".join((raw or "").split())
    if not name:
        raise ForwardRefused("name_missing")
    if len(name) > NAME_MAX or first_control(name) is not None:
        raise ForwardRefused("name_invalid")
    return name


def clean_email(raw: str) -> str:
    """Return a colleague's address normalised, or refuse one that is not an address."""
    try:
        return validate_email((raw or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ForwardRefused("email_invalid") from None


def forward_invitation(
    session: Session, invitation: Invitation, name: str, email: str, language: str, secret_key: str
) -> Invitation:
    """Invite a colleague of the same organisation to the wave; return the new invitation."""
    name, email = clean_name(name), clean_email(email)
    forwarded = session.scalar(
        select(func.count()).where(Invitation.forwarded_from_id == invitation.id)
    )
    if forwarded >= MAX_FORWARDS:
        raise ForwardRefused("too_many")
    organisation_id = invitation.contact.organisation_id
    contact = session.scalar(
        select(Contact).where(
            Contact.organisation_id == organisation_id, func.lower(Contact.email) == email
        )
    )
    if contact is None:
        contact = Contact(
            organisation_id=organisation_id,
            name=name,
            email=email,
            language=language_or_default(language),
        )
        session.add(contact)
        session.flush()
    elif contact.opted_out:
        raise ForwardRefused("opted_out")
    if contact.id == invitation.contact_id:
        raise ForwardRefused("same_person")
    existing = session.scalar(
        select(Invitation).where(
            Invitation.wave_id == invitation.wave_id, Invitation.contact_id == contact.id
        )
    )
    if existing is not None:  # invited already (or withdrawn by staff, who decide on that)
        raise ForwardRefused("already_invited")
    salt = tokens.new_salt()
    new = Invitation(
        wave_id=invitation.wave_id,
        contact_id=contact.id,
        token_salt=salt,
        token_digest=tokens.digest(tokens.token_for(secret_key, salt)),
        forwarded_from_id=invitation.id,
    )
    session.add(new)
    session.flush()
    return new
