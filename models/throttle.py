"""Attempt counters per key and time window, shared by every web process through the database."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peiling.models.base import Base


class ThrottleCount(Base):
    """How many attempts one key (e.g. a client address) made in one fixed time window."""

    __tablename__ = "throttle_count"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
