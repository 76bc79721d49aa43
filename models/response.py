"""Responses: answers by question key, with a version counter and an audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, JSONType, utcnow
from peiling.models.invitation import Invitation
from peiling.models.organisation import Organisation
from peiling.models.wave import Wave


class Response(Base):
    """The answers of one response unit in a wave.

    unit_key is ``contact:<invitation id>`` when each contact answers alone, or
    ``organisation:<organisation id>`` when an organisation's contacts share one response;
    it is unique per wave, so both shapes fit the same table.
    """

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("wave_id", "unit_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    unit_key: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    answers: Mapped[dict] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)
    current_page: Mapped[str | None] = mapped_column(String(64))
    # The furthest page the respondent was sent to (REVIEW_PAGE: the review); resume goes there.
    furthest_page: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))

    wave: Mapped[Wave] = relationship()
    organisation: Mapped[Organisation] = relationship()
    invitation: Mapped[Invitation | None] = relationship(foreign_keys=[invitation_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    def __repr__(self) -> str:
        return f"<Response {self.unit_key} wave={self.wave_id}>"


class AnswerChange(Base):
    """One answer changed in a response, and by which invitation (who), and when."""

    __tablename__ = "answer_change"
    __table_args__ = (Index("ix_answer_change_response_key", "response_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"))
    question_key: Mapped[str] = mapped_column(String(128))
    old_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The response version the save was based on: changes made after a page was loaded at
    # version v are those based on v or later (None for changes stored before this was kept).
    based_on_version: Mapped[int | None] = mapped_column(Integer)
