"""Waves: one yearly round of a survey with a fixed questionnaire version."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, utcnow
from peiling.models.questionnaire_version import QuestionnaireVersion


class WaveStatus(enum.StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class ResponseUnit(enum.StrEnum):
    """Who a response belongs to: each invited contact, or the organisation as a whole."""

    CONTACT = "contact"
    ORGANISATION = "organisation"


class Wave(Base):
    """A round of a survey, e.g. label 2026, open between two dates."""

    __tablename__ = "wave"
    __table_args__ = (UniqueConstraint("survey_key", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(32))
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    opens_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    reminder_days: Mapped[list] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default=WaveStatus.PLANNED.value)
    response_unit: Mapped[str] = mapped_column(String(16), default=ResponseUnit.CONTACT.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()

    def is_open(self, at: datetime | None = None) -> bool:
        """Tell whether respondents may answer at a moment (now when not given)."""
        at = at or utcnow()
        if self.status == WaveStatus.CLOSED:
            return False
        return self.opens_at <= at < self.closes_at

    def __repr__(self) -> str:
        return f"<Wave {self.survey_key} {self.label}>"
