"""Dates as a person sees them: Amsterdam days, whatever the stored UTC moment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from peiling.vocabulary import TIME_ZONE


def local_day(moment: datetime) -> date:
    """Return the Amsterdam day a moment falls on."""
    return moment.astimezone(TIME_ZONE).date()


def last_day(closes_at: datetime, closed_at: datetime | None = None) -> datetime:
    """Return the last day a wave is open, in Amsterdam: a close at midnight ends the day before.

    A wave closed early (``closed_at`` before ``closes_at``) was last open on the day it closed.
    """
    moment = min(closes_at, closed_at) if closed_at else closes_at
    local = moment.astimezone(TIME_ZONE)
    if local.time() == time(0):
        local -= timedelta(days=1)
    return local
