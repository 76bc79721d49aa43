"""Contacts edited one at a time by staff: add, change, deactivate, opt out."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.contact import Contact, ContactRole
from peiling.models.email_address import normalise_email
from peiling.models.organisation import Organisation
from peiling.vocabulary import LANGUAGES


def _check(session: Session, org: Organisation, email: str, role: str, language: str, own=None):
    if role not in set(ContactRole):
        raise UserError(f"unknown domain {role!r}; choose {', '.join(ContactRole)}")
    if language not in LANGUAGES:
        raise UserError(f"unknown language {language!r}; choose {', '.join(LANGUAGES)}")
    email = normalise_email(email)
    taken = session.scalar(
        select(Contact.id).where(
            Contact.organisation_id == org.id, func.lower(Contact.email) == email
        )
    )
    if taken is not None and taken != own:
        raise UserError(f"{org.name} already has a contact with address {email}")
    return email


def add_contact(
    session: Session, org: Organisation, name: str, email: str, role: str, language: str = "nl"
) -> Contact:
    """Add a contact to an organisation; refuse a second contact with the same address."""
    email = _check(session, org, email, role, language)
    contact = Contact(
        organisation=org, name=name.strip(), email=email, role=role, language=language
    )
    session.add(contact)
    session.flush()
    return contact


def change_contact(
    session: Session, contact: Contact, name: str, email: str, role: str, language: str
) -> Contact:
    """Change a contact's name, address, domain and language."""
    contact.email = _check(session, contact.organisation, email, role, language, own=contact.id)
    contact.name, contact.role, contact.language = name.strip(), role, language
    session.flush()
    return contact


def set_active(contact: Contact, active: bool) -> None:
    """Let a contact be invited again, or no longer (kept for the invitations already sent)."""
    contact.active = active


def opt_out(contact: Contact) -> None:
    """Record that a contact wants no more mail (the first time counts)."""
    if contact.opted_out_at is None:
        contact.opted_out_at = utcnow()
