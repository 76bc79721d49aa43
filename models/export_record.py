"""Records of the exports written into the data folder, with the options they were made with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peiling.models.base import Base, utcnow


class ExportRecord(Base):
    """One export file: which survey and waves, format and options, who asked and when.

    The options (language, division, unit; weights, CSV dialect, contents, real codes) are
    empty for exports recorded before they were kept. ``dialect`` is set for CSV files only;
    ``contents`` is tables, microdata or restricted (ExportOptions).
    """

    __tablename__ = "export_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    waves: Mapped[list] = mapped_column(default=list)
    format: Mapped[str] = mapped_column(String(16))
    path: Mapped[str] = mapped_column(String(500))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    lang: Mapped[str | None] = mapped_column(String(8))
    division: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(16))
    weights: Mapped[bool | None] = mapped_column(Boolean)  # design weights (False: --no-weights)
    dialect: Mapped[str | None] = mapped_column(String(16))
    contents: Mapped[str | None] = mapped_column(String(16))
    real_codes: Mapped[bool | None] = mapped_column(Boolean)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
