"""Exports kept in shared storage, each recorded with the waves and options it was made of."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling import storage
from peiling.exports.options import ExportOptions
from peiling.exports.run import ExportResult, default_file_name
from peiling.models.export_record import ExportRecord

EXPORT_FOLDER = "exports"


def export_path(data_path: Path, survey_key: str, labels: list[str], fmt: str) -> str:
    """Return a new storage location for an export (under the storage root)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = default_file_name(survey_key, labels, fmt, stamp)
    return storage.join(storage.root(data_path), EXPORT_FOLDER, survey_key, name)


def record_export(
    session: Session,
    data_path: Path,
    survey_key: str,
    labels: list[str],
    result: ExportResult,
    options: ExportOptions,
    division: str,
    created_by: str = "",
) -> ExportRecord:
    """Store a record of an export and its options; its path relative to the storage root."""
    stored = storage.relative(result.path, storage.root(data_path))
    record = ExportRecord(
        survey_key=survey_key,
        waves=list(labels),
        format=result.format,
        path=stored,
        rows=result.rows,
        lang=options.lang,
        division=division,
        unit=options.unit,
        weights=options.weights,
        dialect=options.dialect if result.format == "csv" else None,
        contents=options.contents,
        real_codes=not options.pseudonymise,
        created_by=created_by,
    )
    session.add(record)
    session.flush()
    return record


def export_records(session: Session) -> list[ExportRecord]:
    """Return every export record, newest first."""
    return list(
        session.scalars(
            select(ExportRecord).order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
        )
    )


def record_options(record: ExportRecord) -> list[tuple[str, str]]:
    """Return the options an export was made with, as (name, value) pairs."""
    found = [("format", record.format), ("waves", ", ".join(map(str, record.waves or [])))]
    # Language, division and unit, and after them the rest, are recorded by newer exports only.
    for name in ("lang", "division", "unit", "contents", "dialect"):
        value = getattr(record, name, None)
        if value:
            found.append((name, str(value)))
    if record.weights is not None:
        found.append(("weights", "weighted" if record.weights else "unweighted (--no-weights)"))
    if record.real_codes:
        found.append(("codes", "real organisation codes (--real-codes)"))
    return found
