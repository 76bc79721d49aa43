"""The export flow: write a trend export of the survey's waves under the data folder, recorded."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from peiling.errors import UserError
from peiling.exports.options import ExportOptions
from peiling.exports.source import check_labels
from peiling.flows import context
from peiling.flows.artifacts import artifact_key
from peiling.vocabulary import (
    CSV_DIALECTS,
    DEFAULT_DIVISION,
    DIVISIONS,
    EXPORT_FORMATS,
    EXPORT_UNITS,
    LANGUAGES,
)


@task(cache_policy=NO_CACHE)
def export_task(
    survey: str | None,
    labels: list[str],
    fmt: str,
    lang: str,
    division: str,
    unit: str,
    requested_by: str,
    microdata: bool = False,
    restricted: bool = False,
    weights: bool = True,
    dialect: str = "standard",
) -> dict:
    """Export the waves (default: the survey's closed waves) into the data folder; record it."""
    from peiling.exports.make import make_export, waves_to_export
    from peiling.settings import get_settings

    settings = get_settings()
    options = ExportOptions.from_settings(
        settings,
        lang=lang,
        unit=unit,
        made_by=requested_by,
        microdata=microdata,
        restricted=restricted,
        weights=weights,
        dialect=dialect,
    )
    with context.session() as db, db.begin():
        key = context.survey(db, survey)
        labels = waves_to_export(db, key, labels)
        if not labels:
            return {"survey": key, "waves": [], "id": None}
        made = make_export(
            db,
            key,
            labels,
            fmt,
            options,
            settings.data_path,
            division=division,
            requested_by=requested_by,
        )
    return {
        "survey": key,
        "waves": labels,
        "id": made.record_id,
        "path": str(made.result.path),
        "format": fmt,
        "rows": made.result.rows,
    }


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


@task(cache_policy=NO_CACHE)
def notify_task(export_id: int) -> dict:
    """Mail the survey's subscribers a link to the new export; show the link as artifacts.

    A mail that cannot go out is logged and shown, and never fails the export.
    """
    from peiling.mailing.export_notice import notify_subscribers
    from peiling.models.export_record import ExportRecord
    from peiling.settings import get_settings

    logger = get_run_logger()
    with context.session() as db:
        record = db.get(ExportRecord, export_id)
        notified = notify_subscribers(db, record, get_settings())
        name = record.path.rsplit("/", 1)[-1]
        key = artifact_key("export", record.survey_key)
    create_link_artifact(
        link=notified.link,
        link_text=name,
        key=key,
        description=f"Export {export_id} in the staff area (download after logging in)",
    )
    for notice in notified.failed:
        logger.warning(
            "No mail about export %s to %s: %s", export_id, notice.recipient, notice.failure
        )
    lines = [f"# Export {export_id}", "", f"[{name}]({notified.link})", ""]
    if notified.notices:
        lines += ["| subscriber | mail |", "| --- | --- |"]
        lines += [
            f"| {n.recipient} | {_cell('not sent: ' + n.failure) if n.failure else 'sent'} |"
            for n in notified.notices
        ]
    else:
        lines.append("No subscribers to mail.")
    create_markdown_artifact(
        markdown="\n".join(lines) + "\n",
        key=f"{key}-mail",
        description="Subscribers told of the new export",
    )
    return {
        "link": notified.link,
        "mailed": len(notified.notices) - len(notified.failed),
        "failed": len(notified.failed),
    }


@flow(name="export-trends", log_prints=True)
def export_trends_flow(
    waves: list[str] | None = None,
    survey: str | None = None,
    format: str = "xlsx",
    lang: str = "nl",
    division: str = DEFAULT_DIVISION,
    unit: str = "response",
    requested_by: str = "",
    microdata: bool = False,
    restricted: bool = False,
    weights: bool = True,
    dialect: str = "standard",
) -> dict:
    """Write the trend workbook (or long CSV / SPSS file) of waves and record the export.

    Without waves, the export holds every closed wave of the survey, oldest first. The tables
    are the default; microdata (pseudonymised) and the restricted file are asked for apart.
    """
    context.require_shared_key()
    labels = check_labels([str(label) for label in waves or []], required=False)
    for value, allowed, what in (
        (format, EXPORT_FORMATS, "format"),
        (lang, LANGUAGES, "language"),
        (unit, EXPORT_UNITS, "unit"),
        (division, DIVISIONS, "division"),
        (dialect, CSV_DIALECTS, "CSV dialect"),
    ):
        if value not in allowed:
            raise UserError(f"unknown {what} {value!r}; choose one of {', '.join(allowed)}")
    result = export_task(
        survey,
        labels,
        format,
        lang,
        division,
        unit,
        requested_by,
        microdata,
        restricted,
        weights,
        dialect,
    )
    if not result["waves"]:
        print(f"Survey {result['survey']} has no closed wave yet; nothing to export")
        return result
    print(
        f"Export {result['id']} of waves {', '.join(result['waves'])}: "
        f"{result['rows']} rows written to {result['path']}"
    )
    if not restricted:  # the personal answers are fetched on purpose, not pushed
        result["notice"] = notify_task(result["id"])
        print(
            f"Subscribers mailed a link: {result['notice']['mailed']}, "
            f"not reached: {result['notice']['failed']}"
        )
    return result
