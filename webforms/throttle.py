"""Throttle link attempts per client address, with counters in the database.

The counters live in a table, not in process memory, so every gunicorn worker and every web
process behind a load balancer sees the same count. Windows are fixed (``window_no`` = time //
seconds); a request is refused when the current window's count plus the share of the previous
window still inside the last ``seconds`` reaches the limit (a sliding-window estimate, so a burst
at a window boundary does not get twice the allowance).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from peiling.models.throttle import ThrottleCount
from peiling.settings import parse_rate_limit


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per ``seconds``."""

    count: int
    seconds: int


def parse_limit(text: str) -> Limit:
    """Read a limit written as COUNT/SECONDS, e.g. 20/300."""
    return Limit(*parse_rate_limit(text))


def _stored(key: str, limit: Limit) -> str:
    # Window numbers of different lengths do not compare: each length keeps its own rows.
    return f"{key}/{limit.seconds}"


def attempts(engine: Engine, key: str, limit: Limit, now: float | None = None) -> float:
    """Return the estimated number of attempts by a key within the last ``limit.seconds``."""
    now = time.time() if now is None else now
    key = _stored(key, limit)
    current = int(now // limit.seconds)
    with engine.connect() as conn:
        rows = dict(
            conn.execute(
                select(ThrottleCount.window_no, ThrottleCount.count).where(
                    ThrottleCount.key == key, ThrottleCount.window_no.in_([current - 1, current])
                )
            ).all()
        )
    elapsed = (now % limit.seconds) / limit.seconds
    return rows.get(current, 0) + rows.get(current - 1, 0) * (1 - elapsed)


def is_blocked(engine: Engine, key: str, limit: Limit, now: float | None = None) -> bool:
    """Tell whether a key has used up its attempts."""
    return attempts(engine, key, limit, now) >= limit.count


def record(engine: Engine, key: str, limit: Limit, now: float | None = None) -> None:
    """Count one attempt by a key in the current window (safe under concurrent writers)."""
    now = time.time() if now is None else now
    key = _stored(key, limit)
    current = int(now // limit.seconds)
    bump = (
        update(ThrottleCount)
        .where(ThrottleCount.key == key, ThrottleCount.window_no == current)
        .values(count=ThrottleCount.count + 1)
    )
    with engine.begin() as conn:
        if conn.execute(bump).rowcount:
            return
        try:
            with conn.begin_nested():
                conn.execute(insert(ThrottleCount).values(key=key, window_no=current, count=1))
        except IntegrityError:  # another process inserted the row first: count on it
            conn.execute(bump)
            return
        # A new window started for this key: forget windows nobody will read again.
        conn.execute(
            delete(ThrottleCount).where(
                ThrottleCount.window_no < current - 1,
                ThrottleCount.key.endswith(f"/{limit.seconds}", autoescape=True),
            )
        )
