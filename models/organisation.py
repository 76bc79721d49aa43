"""Organisations (municipalities) and the mergers between them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peiling.models.base import Base, utcnow


class Organisation(Base):
    """A municipality (or other body) that is surveyed; code is the CBS code for municipalities."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="municipality")
    province: Mapped[str | None] = mapped_column(String(100))
    population: Mapped[int | None] = mapped_column(Integer)
    safety_region_code: Mapped[str | None] = mapped_column(String(16))
    safety_region: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    successor: Mapped[Organisation | None] = relationship(remote_side=[id])
    contacts: Mapped[list["Contact"]] = relationship(back_populates="organisation")  # noqa: F821, UP037

    def is_active(self, on: date | None = None) -> bool:
        """Tell whether the organisation exists on a day (today when not given)."""
        on = on or date.today()
        if self.valid_from and self.valid_from > on:
            return False
        return not (self.valid_until and self.valid_until <= on)

    def __repr__(self) -> str:
        return f"<Organisation {self.code} {self.name}>"


class Merger(Base):
    """One dissolved municipality and the one that took it over, from a given date."""

    __tablename__ = "merger"
    __table_args__ = (UniqueConstraint("old_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    old_code: Mapped[str] = mapped_column(String(16), index=True)
    old_name: Mapped[str] = mapped_column(String(200))
    new_code: Mapped[str] = mapped_column(String(16), index=True)
    new_name: Mapped[str] = mapped_column(String(200))
