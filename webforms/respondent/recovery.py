"""Never throw a POST away: keep what was typed on a page until the respondent is back."""

from __future__ import annotations

from flask import request, session

PENDING_KEY = "pending"
# The session is a signed cookie (at most ~4 KB): keep what was typed only when it fits.
PENDING_LIMIT = 2500
NOT_ANSWERS = {"csrf_token", "version", "action"}


def typed_answers() -> list[tuple[str, str]]:
    """Return the posted fields that are answers (no token, version or button)."""
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_ANSWERS]


def keep_pending(page_key: str) -> bool:
    """Keep a page's typed answers in the session until the link is opened again."""
    typed = typed_answers()
    if sum(len(k) + len(v) for k, v in typed) > PENDING_LIMIT:
        return False
    session[PENDING_KEY] = {"page": page_key, "data": typed}
    return True


def pop_pending(page_key: str) -> list[tuple[str, str]] | None:
    """Return and forget answers kept for a page, or None."""
    pending = session.get(PENDING_KEY)
    if not pending or pending.get("page") != page_key:
        return None
    session.pop(PENDING_KEY, None)
    return [tuple(pair) for pair in pending["data"]]
