"""Slow down password guessing without letting anyone lock someone else out.

Failed logins are counted in the database throttle table (shared by every web process) under
three keys. An address that fails too often is refused for a while, and so is one account from
one address: both only ever stop the guesser. Failures on an account from *all* addresses never
refuse; they only make each further attempt on that account wait a little longer (up to a few
seconds), so a spread-out attack is slowed while the owner can still log in.
"""

from __future__ import annotations

import hashlib
import time

from flask import current_app, request

from peiling.models.db import engine_for
from peiling.webforms import throttle

MAX_DELAY_SECONDS = 4.0
FREE_FAILURES = 3


def _keys(email: str) -> dict[str, str]:
    address = (request.remote_addr or "unknown")[:45]
    # The account by a digest: no address is kept in the throttle table, and keys stay short.
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]
    return {
        "address": f"login:address:{address}",
        "account_address": f"login:account:{account}:{address}",
        "account": f"login:account:{account}",
    }


def _limit() -> throttle.Limit:
    return throttle.parse_limit(current_app.config["LOGIN_RATE_LIMIT"])


def _engine():
    return engine_for(current_app.config["DATABASE_URL"])


def refused(email: str) -> bool:
    """Tell whether this address (or this account from this address) has failed too often."""
    keys, limit, engine = _keys(email), _limit(), _engine()
    return any(
        throttle.is_blocked(engine, keys[name], limit) for name in ("address", "account_address")
    )


def delay_for(failures: float) -> float:
    """Return how long an attempt waits after a number of recent failures on its account."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_SECONDS, 0.25 * 2 ** (failures - FREE_FAILURES))


def slow_down(email: str) -> float:
    """Wait as long as the account's recent failures ask; return the seconds waited."""
    failures = throttle.attempts(_engine(), _keys(email)["account"], _limit())
    seconds = min(delay_for(failures), current_app.config["LOGIN_MAX_DELAY"])
    if seconds > 0:
        time.sleep(seconds)
    return seconds


def failed(email: str) -> None:
    """Count one failed login under each of its keys."""
    engine, limit = _engine(), _limit()
    for key in _keys(email).values():
        throttle.record(engine, key, limit)


def retry_minutes() -> int:
    """Return the minutes after which a refused address may try again."""
    return max(1, _limit().seconds // 60)
