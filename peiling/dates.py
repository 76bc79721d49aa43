"""Dates as a person sees them: Amsterdam days in words, whatever the stored UTC moment.

One rule for mail, web and command line: a day is written with its weekday, e.g. "zondag 10
januari 2027"; a wave is open up to and including its last day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from peiling.vocabulary import DEFAULT_LANGUAGE, TIME_ZONE

MONTHS = {
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "en": "January February March April May June July August September October November December",
}
WEEKDAYS = {
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
}
AT = {"nl": "om", "en": "at"}


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


def day_in_words(day: date | datetime, lang: str, weekday: bool = True) -> str:
    """Write a day in words, e.g. 'zondag 10 januari 2027'; a moment gives its Amsterdam day."""
    if isinstance(day, datetime):
        day = local_day(day)
    lang = lang if lang in MONTHS else DEFAULT_LANGUAGE
    month = MONTHS[lang].split()[day.month - 1]
    words = f"{day.day} {month} {day.year}"
    return f"{WEEKDAYS[lang].split()[day.weekday()]} {words}" if weekday else words


def moment_in_words(moment: datetime, lang: str) -> str:
    """Write a moment as its Amsterdam day and time, e.g. 'zondag 10 januari 2027 om 14:05'."""
    at = AT.get(lang, AT[DEFAULT_LANGUAGE])
    return f"{day_in_words(moment, lang)} {at} {moment.astimezone(TIME_ZONE):%H:%M}"


def opening_moment(first_day: date) -> datetime:
    """Return the moment a wave opens: the start of its first day in Amsterdam."""
    return datetime.combine(first_day, time(0), TIME_ZONE)


def closing_moment(last: date) -> datetime:
    """Return the moment a wave closes: the end of its last day in Amsterdam."""
    return datetime.combine(last + timedelta(days=1), time(0), TIME_ZONE)
