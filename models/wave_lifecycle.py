"""Waves: create, open and close a yearly round of a survey."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.dates import closing_moment, local_day, opening_moment
from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.inviting import InvitationCount, create_invitations
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.wave import ResponseUnit, Wave, WaveStatus
from peiling.models.wave_calendar import wave_due_today


class WaveRefused(UserError):
    """A wave that cannot be planned or changed as asked; field names the input at fault."""

    def __init__(self, field: str, key: str, message: str, **values):
        super().__init__(message)
        self.field, self.key, self.values = field, key, values


def _check_dates(label: str, opens_at: datetime, closes_at: datetime, days: list[int]) -> None:
    if closes_at <= opens_at:
        raise WaveRefused(
            "closes",
            "close_before_open",
            f"wave {label}: it must close after it opens ({opens_at} .. {closes_at})",
        )
    if any(d <= 0 for d in days):
        raise WaveRefused(
            "reminders",
            "reminder_not_after_opening",
            f"wave {label}: reminder days count from the opening and must be > 0",
        )


def _check_typed_dates(label: str, opens_at: datetime, closes_at: datetime, days: list[int]):
    """Check days as a person typed them: also no reminder on or after the closing."""
    _check_dates(label, opens_at, closes_at, days)
    # Counted in Amsterdam days: a wave across the change to summer time is an hour short.
    length = (local_day(closes_at) - local_day(opens_at)).days
    late = [d for d in days if d >= length]
    if late:
        raise WaveRefused(
            "reminders",
            "reminder_after_closing",
            f"wave {label}: reminder day {late[0]} is not before the wave closes "
            f"(it is open {length} days)",
            day=late[0],
            days=length,
        )


def create_wave(
    session: Session,
    *,
    version: QuestionnaireVersion,
    label: str,
    opens_at: datetime,
    closes_at: datetime,
    reminder_days: list[int] | None = None,
    response_unit: str = ResponseUnit.CONTACT.value,
) -> Wave:
    """Plan a wave of the version's survey; the label (e.g. 2026) is unique per survey."""
    label = label.strip()
    if not label or len(label) > 32:
        raise WaveRefused("label", "label_length", "a wave label has 1 to 32 characters")
    days = sorted(set(reminder_days if reminder_days is not None else [7, 14]))
    _check_dates(label, opens_at, closes_at, days)
    if response_unit not in {u.value for u in ResponseUnit}:
        raise WaveRefused(
            "unit", "unit", f"wave {label}: response unit must be 'contact' or 'organisation'"
        )
    if find_wave(session, version.survey_key, label) is not None:
        raise WaveRefused(
            "label",
            "label_taken",
            f"wave {label} of {version.survey_key} exists already",
            survey=version.survey_key,
        )
    wave = Wave(
        survey_key=version.survey_key,
        label=label,
        questionnaire_version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        reminder_days=days,
        response_unit=response_unit,
    )
    session.add(wave)
    session.flush()
    return wave


def plan_wave(
    session: Session,
    *,
    version: QuestionnaireVersion,
    label: str,
    first_day: date,
    last_day: date,
    reminders: str = "7,14",
    response_unit: str = ResponseUnit.CONTACT.value,
) -> Wave:
    """Plan a wave from its first to its last day (Amsterdam), reminders typed as days or dates."""
    opens_at, closes_at = opening_moment(first_day), closing_moment(last_day)
    days = sorted(set(reminder_days(reminders, first_day)))
    _check_typed_dates(label.strip(), opens_at, closes_at, days)
    return create_wave(
        session,
        version=version,
        label=label,
        opens_at=opens_at,
        closes_at=closes_at,
        reminder_days=days,
        response_unit=response_unit,
    )


def change_dates(
    session: Session, wave: Wave, first_day: date, last_day: date, reminders: str
) -> str:
    """Move a wave that is not closed to new days; return what changed, in words."""
    if wave.status == WaveStatus.CLOSED:
        raise WaveRefused("", "closed", f"wave {wave.label} is closed; its dates stay as they are")
    opens_at, closes_at = opening_moment(first_day), closing_moment(last_day)
    days = sorted(set(reminder_days(reminders, first_day)))
    _check_typed_dates(wave.label, opens_at, closes_at, days)
    before = _dates_text(wave)
    wave.opens_at, wave.closes_at, wave.reminder_days = opens_at, closes_at, days
    session.flush()
    return f"{before} -> {_dates_text(wave)}"


def _dates_text(wave: Wave) -> str:
    from peiling.dates import last_day

    first, last = local_day(wave.opens_at), last_day(wave.closes_at).date()
    return f"{first} .. {last}, reminders {list(wave.reminder_days or [])}"


def reminder_days(text: str, first_day: date) -> list[int]:
    """Read reminders typed as days after the opening (7,14) or as dates (2026-12-06)."""
    days = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        if item.isascii() and item.isdigit() and len(item) <= 4:
            days.append(int(item))
            continue
        try:
            days.append((date.fromisoformat(item) - first_day).days)
        except ValueError:
            raise WaveRefused(
                "reminders",
                "reminder_format",
                f"reminders are whole days like 7,14 or dates like 2026-12-06, not {item!r}",
                item=item,
            ) from None
    return days


def survey_keys(session: Session) -> list[str]:
    """Return the keys of every survey with a stored questionnaire version, sorted."""
    return list(
        session.scalars(
            select(QuestionnaireVersion.survey_key)
            .distinct()
            .order_by(QuestionnaireVersion.survey_key)
        )
    )


def resolve_survey(session: Session, named: str | None, hint: str = "") -> str:
    """Return the named survey, else the only survey in the database, else raise a UserError.

    hint says how the caller names a survey (e.g. "with --survey"); it ends the error message.
    """
    if named:
        return named
    keys = survey_keys(session)
    if len(keys) == 1:
        return keys[0]
    known = f"known: {', '.join(keys)}" if keys else "none is stored; load a questionnaire"
    raise UserError(f"name the survey{' ' + hint if hint else ''} ({known})")


def current_wave(session: Session, survey_key: str, now: datetime | None = None) -> Wave:
    """Return the survey's current wave: the latest that is open, or planned and due to open."""
    wave = wave_due_today(session, survey_key, now or utcnow())
    if wave is None:
        raise UserError(f"survey {survey_key} has no wave that is open or due to open")
    return wave


def closed_waves(session: Session, survey_key: str) -> list[Wave]:
    """Return the survey's closed waves, oldest first."""
    return list(
        session.scalars(
            select(Wave)
            .where(Wave.survey_key == survey_key, Wave.status == WaveStatus.CLOSED.value)
            .order_by(Wave.opens_at, Wave.label)
        )
    )


def survey_waves(session: Session, survey_key: str) -> list[Wave]:
    """Return every wave of the survey, oldest first."""
    return list(
        session.scalars(
            select(Wave).where(Wave.survey_key == survey_key).order_by(Wave.opens_at, Wave.label)
        )
    )


def find_wave(session: Session, survey_key: str, label: str) -> Wave | None:
    """Return a survey's wave by label, or None."""
    return session.scalar(select(Wave).where(Wave.survey_key == survey_key, Wave.label == label))


def get_wave(session: Session, survey_key: str, label: str) -> Wave:
    """Return a survey's wave by label, or raise a UserError naming the known labels."""
    wave = find_wave(session, survey_key, label)
    if wave is None:
        known = session.scalars(select(Wave.label).where(Wave.survey_key == survey_key)).all()
        raise UserError(
            f"no wave {label!r} of survey {survey_key!r}; known: {', '.join(known) or 'none'}"
        )
    return wave


def open_wave(session: Session, wave: Wave, secret_key: str) -> InvitationCount:
    """Open a wave and invite every eligible contact (running it again adds only new contacts)."""
    if wave.status == WaveStatus.CLOSED:
        raise UserError(f"wave {wave.label} is closed; it cannot be opened again")
    wave.status = WaveStatus.OPEN.value
    return create_invitations(session, wave, secret_key)


def close_wave(session: Session, wave: Wave, now: datetime | None = None) -> None:
    """Close a wave: respondents can no longer answer; earlier links stop working."""
    wave.status = WaveStatus.CLOSED.value
    wave.closed_at = now or utcnow()
    session.flush()
