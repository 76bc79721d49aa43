"""The exports staff may download: listed from their records, served only from the data folder."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.models.export_record import ExportRecord

EXPORT_FOLDER = "exports"


def records(session: Session) -> list[ExportRecord]:
    """Return every export record, newest first."""
    return list(
        session.scalars(
            select(ExportRecord).order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
        )
    )


def file_of(record: ExportRecord, data_path: Path) -> Path | None:
    """Return the file of an export when it exists inside the data folder's exports, else None."""
    root = (Path(data_path) / EXPORT_FOLDER).resolve()
    path = Path(record.path)
    path = (path if path.is_absolute() else Path(data_path) / path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def options(record: ExportRecord) -> list[tuple[str, str]]:
    """Return the options an export was made with, as (name, value) pairs."""
    found = [("format", record.format), ("waves", ", ".join(map(str, record.waves or [])))]
    # Language, division and unit are recorded by newer exports only.
    for name in ("lang", "division", "unit"):
        value = getattr(record, name, None)
        if value:
            found.append((name, str(value)))
    return found
