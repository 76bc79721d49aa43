"""Waves: create, open and close a yearly round of a survey."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.inviting import InvitationCount, create_invitations
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.wave import ResponseUnit, Wave, WaveStatus
from peiling.models.wave_calendar import wave_due_today


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
    if closes_at <= opens_at:
        raise UserError(f"wave {label}: it must close after it opens ({opens_at} .. {closes_at})")
    if response_unit not in {u.value for u in ResponseUnit}:
        raise UserError(f"wave {label}: response unit must be 'contact' or 'organisation'")
    days = sorted(set(reminder_days if reminder_days is not None else [7, 14]))
    if any(d <= 0 for d in days):
        raise UserError(f"wave {label}: reminder days count from the opening and must be > 0")
    if find_wave(session, version.survey_key, label) is not None:
        raise UserError(f"wave {label} of {version.survey_key} exists already")
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
