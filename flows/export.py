"""The export flow: write a trend export of some waves under the data folder and record it."""

from __future__ import annotations

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from peiling.errors import UserError
from peiling.exports.options import ExportOptions
from peiling.vocabulary import DEFAULT_SURVEY, DIVISIONS, EXPORT_FORMATS, EXPORT_UNITS, LANGUAGES


@task(cache_policy=NO_CACHE)
def write_export_task(
    survey_key: str,
    labels: list[str],
    fmt: str,
    lang: str,
    division: str,
    unit: str,
    requested_by: str,
) -> dict:
    """Load the cleaned waves, write the export under the data folder and record it."""
    from peiling.exports.records import export_path, record_export
    from peiling.exports.run import write_export
    from peiling.exports.source import load_trend_input
    from peiling.models.db import session_scope
    from peiling.settings import get_settings

    settings = get_settings()
    options = ExportOptions(
        lang=lang,
        small_cell_k=settings.small_cell_k,
        unit=unit,
        made_by=requested_by,
    )
    with session_scope() as session:
        source = load_trend_input(session, survey_key, labels, division, settings.data_path)
        path = export_path(settings.data_path, survey_key, labels, fmt)
        result = write_export(source, path, fmt, options)
        record = record_export(
            session, settings.data_path, survey_key, labels, result, requested_by
        )
        return {"id": record.id, "path": str(result.path), "format": fmt, "rows": result.rows}


@flow(name="export-trends", log_prints=True)
def export_trends_flow(
    waves: list[str],
    survey_key: str = DEFAULT_SURVEY,
    format: str = "xlsx",
    lang: str = "nl",
    division: str = "current",
    unit: str = "response",
    requested_by: str = "",
) -> dict:
    """Write the trend workbook (or long CSV / SPSS file) of waves and record the export."""
    labels = [str(label).strip() for label in waves if str(label).strip()]
    if not labels:
        raise UserError("give at least one wave label")
    for value, allowed, what in (
        (format, EXPORT_FORMATS, "format"),
        (lang, LANGUAGES, "language"),
        (unit, EXPORT_UNITS, "unit"),
        (division, DIVISIONS, "division"),
    ):
        if value not in allowed:
            raise UserError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}")
    result = write_export_task(survey_key, labels, format, lang, division, unit, requested_by)
    print(f"Export {result['id']}: {result['rows']} rows written to {result['path']}")
    return result
