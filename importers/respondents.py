"""Import contact lists: check every row, then upsert contacts by organisation and e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.importers.cells import RowReader, length_of
from peiling.importers.mergers import current_successor
from peiling.importers.problems import Change, ImportErrors, ImportResult
from peiling.importers.tables import check_columns, read_table
from peiling.models.contact import Contact
from peiling.models.organisation import Organisation
from peiling.vocabulary import LANGUAGES

REQUIRED = ("organisation_code", "name", "email", "role")
OPTIONAL = ("language",)
ROLES = {
    "safety": "safety",
    "social": "social",
    "other": "other",
    "veiligheid": "safety",
    "sociaal": "social",
    "overig": "other",
}


@dataclass(frozen=True)
class Respondent:
    """One checked row of a contact list."""

    row: int
    organisation: Organisation
    name: str
    email: str
    role: str
    language: str


def read_respondents(session: Session, path: Path, on: date | None = None) -> list[Respondent]:
    """Read and check a contact list against the organisations; raise ImportErrors."""
    on = on or date.today()
    table = read_table(path)
    problems = table.problems + check_columns(table, REQUIRED, OPTIONAL)
    if problems:
        raise ImportErrors(table.file, problems)
    organisations = {org.code.upper(): org for org in session.scalars(select(Organisation))}
    respondents, first_rows = [], {}
    for row in table.rows:
        cells = RowReader(table, row, problems)
        code = cells.text("organisation_code").upper()
        name = cells.text("name", max_length=length_of(Contact.name))
        email, role = cells.text("email"), cells.text("role")
        language = cells.text("language", required=False).lower() or "nl"
        org = organisations.get(code)
        if code and org is None:
            cells.add("organisation_code", f"unknown organisation code {code}")
        elif org is not None and not org.is_active(on):
            cells.add("organisation_code", _not_active(session, org, on))
        if email:
            try:
                email = validate_email(email, check_deliverability=False).normalized.lower()
            except EmailNotValidError as exc:
                cells.add("email", f"{email!r} is not a valid e-mail address: {exc}")
        if role and role.lower() not in ROLES:
            choices = "safety, social or other (or veiligheid, sociaal, overig)"
            cells.add("role", f"unknown role {role!r}; use {choices}")
        if language not in LANGUAGES:
            cells.add("language", f"unknown language {language!r}; use {' or '.join(LANGUAGES)}")
        if cells.ok and (code, email) in first_rows:
            first = first_rows[code, email]
            message = f"{email} of {code} appears twice (rows {first} and {row.number})"
            cells.add("email", message)
        if cells.ok:
            first_rows[code, email] = row.number
            respondents.append(
                Respondent(row.number, org, name, email, ROLES[role.lower()], language)
            )
    if problems:
        raise ImportErrors(table.file, problems)
    return respondents


def _not_active(session: Session, org: Organisation, on: date) -> str:
    if org.valid_from and org.valid_from > on:
        return f"{org.code} ({org.name}) exists only from {org.valid_from.isoformat()}"
    until = org.valid_until.isoformat()
    if org.successor is None:
        return f"{org.code} ({org.name}) no longer exists since {until}"
    message = f"{org.code} ({org.name}) was merged into {org.successor.code} {org.successor.name}"
    current = current_successor(session, org.code, on)
    if current is not org.successor:
        message += f" on {until}, which is now part of {current.code} {current.name}"
        return message
    return f"{message} on {until}"


def import_respondents(
    session: Session, path: Path, dry_run: bool = False, on: date | None = None
) -> ImportResult:
    """Add or update the contacts of a list; contacts not in the list are left alone."""
    respondents = read_respondents(session, path, on)
    ids = {respondent.organisation.id for respondent in respondents}
    existing: dict[tuple[int, str], Contact] = {}
    query = select(Contact).where(Contact.organisation_id.in_(ids)).order_by(Contact.id)
    for contact in session.scalars(query):
        existing.setdefault((contact.organisation_id, contact.email.lower()), contact)
    result = ImportResult(dry_run=dry_run)
    for respondent in respondents:
        fields = {"name": respondent.name, "role": respondent.role, "language": respondent.language}
        contact = existing.get((respondent.organisation.id, respondent.email))
        org = respondent.organisation
        record = f"{org.code} {org.name}: {respondent.email}"
        if contact is None:
            result.count(added=True, changed=False)
            shown = tuple((key, "", value) for key, value in fields.items())
            result.changes.append(Change(respondent.row, "added", record, shown))
            if not dry_run:
                session.add(
                    Contact(organisation=respondent.organisation, email=respondent.email, **fields)
                )
            continue
        changes = {key: value for key, value in fields.items() if getattr(contact, key) != value}
        result.count(added=False, changed=bool(changes))
        if changes:
            shown = tuple((key, getattr(contact, key), value) for key, value in changes.items())
            result.changes.append(Change(respondent.row, "updated", record, shown))
        if not dry_run:
            for key, value in changes.items():
                setattr(contact, key, value)
    if not dry_run:
        session.flush()
    return result
