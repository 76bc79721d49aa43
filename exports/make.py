"""Make an export of some waves: the one function behind the export flow and the CLI."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from peiling import storage
from peiling.exports.options import ExportOptions
from peiling.exports.records import export_path, record_export
from peiling.exports.run import ExportResult, write_export
from peiling.exports.source import load_trend_input
from peiling.models.wave_lifecycle import closed_waves
from peiling.vocabulary import DEFAULT_DIVISION


@dataclass
class MadeExport:
    """An export written: the file, the waves in it (label, version, responses), its record."""

    result: ExportResult
    waves: list[tuple[str, str, int]]
    record_id: int | None


def waves_to_export(session: Session, survey_key: str, labels: list[str] | None) -> list[str]:
    """Return the given wave labels, or else the survey's closed waves, oldest first."""
    return list(labels) if labels else [w.label for w in closed_waves(session, survey_key)]


def make_export(
    session: Session,
    survey_key: str,
    labels: list[str],
    fmt: str,
    options: ExportOptions,
    data_path: Path,
    *,
    division: str = DEFAULT_DIVISION,
    requested_by: str = "",
    out: Path | None = None,
) -> MadeExport:
    """Load the cleaned waves, write the export and record it (unless written to out)."""
    source = load_trend_input(session, survey_key, labels, division, data_path)
    if out is not None:
        result = write_export(source, out, fmt, options)
        record_id = None
    else:
        result = _write_to_storage(
            source, export_path(data_path, survey_key, labels, fmt), fmt, options
        )
        record = record_export(
            session, data_path, survey_key, labels, result, options, division, requested_by
        )
        record_id = record.id
    waves = [(w.label, w.version, len(w.data)) for w in source.waves]
    return MadeExport(result, waves, record_id)


def _write_to_storage(source, location: str, fmt: str, options: ExportOptions) -> ExportResult:
    """Write the export into a local scratch folder, then store it at location."""
    with tempfile.TemporaryDirectory(prefix="peiling-export-") as scratch:
        local = Path(scratch) / location.rsplit("/", 1)[-1]
        result = write_export(source, local, fmt, options)
        storage.upload(local, location)
    return replace(result, path=location)
