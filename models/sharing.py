"""Shared responses: the coordinator of an organisation and the pages assigned to its contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, utcnow
from peiling.models.contact import Contact


class Coordinator(Base):
    """The one contact of an organisation who submits a shared response for it."""

    __tablename__ = "coordinator"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    set_by: Mapped[str] = mapped_column(String(320), default="")
    set_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()


class PageAssignment(Base):
    """A questionnaire page of a wave that one contact of an organisation is asked to answer."""

    __tablename__ = "page_assignment"
    __table_args__ = (UniqueConstraint("wave_id", "organisation_id", "page_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    page_key: Mapped[str] = mapped_column(String(64))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id"))
    assigned_by: Mapped[str] = mapped_column(String(320), default="")
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    contact: Mapped[Contact] = relationship()
