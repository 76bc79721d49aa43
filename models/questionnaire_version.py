"""Stored questionnaire versions: the source text as loaded, immutable once a wave uses it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peiling.models.base import Base, utcnow


class QuestionnaireVersion(Base):
    """One version of one survey's questionnaire, as its YAML source."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("survey_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300), default="")
    source_text: Mapped[str] = mapped_column(Text)
    checksum: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<QuestionnaireVersion {self.survey_key} {self.version}>"
