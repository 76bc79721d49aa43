"""What a wave's dates say is due today: open and invite, a reminder round, or close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.models.wave import Wave, WaveStatus


@dataclass(frozen=True)
class Due:
    """The steps a daily run takes for one wave; none of them harms when taken twice."""

    open: bool = False
    invite: bool = False
    reminder_round: int = 0
    close: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.open or self.invite or self.reminder_round or self.close)


def reminder_round_due(wave: Wave, now: datetime) -> int:
    """Return the latest reminder round whose day has come (0 when none has)."""
    days = sorted(wave.reminder_days or [])
    elapsed = (now - wave.opens_at).total_seconds() / 86400
    return sum(1 for d in days if d <= elapsed)


def due(wave: Wave, now: datetime) -> Due:
    """Return what the wave's dates, as stored now, say is due at this moment."""
    if wave.status == WaveStatus.CLOSED or now < wave.opens_at:
        return Due()
    if now >= wave.closes_at:
        return Due(close=True)
    # Opening again is how contacts added since the opening get their invitation.
    return Due(open=True, invite=True, reminder_round=reminder_round_due(wave, now))


def wave_due_today(session: Session, survey_key: str, now: datetime) -> Wave | None:
    """Return the survey's wave that is not closed and whose opening day has come, if any."""
    return session.scalars(
        select(Wave)
        .where(
            Wave.survey_key == survey_key,
            Wave.status != WaveStatus.CLOSED.value,
            Wave.opens_at <= now,
        )
        .order_by(Wave.opens_at.desc())
        .limit(1)
    ).first()
