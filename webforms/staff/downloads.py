"""The exports staff may download: served only from the data folder (listed by exports.records)."""

from __future__ import annotations

from pathlib import Path

from peiling.models.export_record import ExportRecord

EXPORT_FOLDER = "exports"


def file_of(record: ExportRecord, data_path: Path) -> Path | None:
    """Return the file of an export when it exists inside the data folder's exports, else None."""
    root = (Path(data_path) / EXPORT_FOLDER).resolve()
    path = Path(record.path)
    path = (path if path.is_absolute() else Path(data_path) / path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
