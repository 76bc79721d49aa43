"""One form for e-mail addresses: checked, normalised and lower case (contacts and staff alike)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from peiling.errors import UserError


def normalise_email(email: str) -> str:
    """Return an address in the one form it is stored under, or raise UserError."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise UserError(f"{email!r} is not an e-mail address: {exc}") from None
