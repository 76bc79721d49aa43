"""`peiling export trends`: the trend workbook (or long CSV / SPSS file) of some waves."""

from __future__ import annotations

from pathlib import Path

import click

from peiling.cli.options import division_option, survey_option
from peiling.vocabulary import CSV_DIALECTS, EXPORT_FORMATS, EXPORT_UNITS, LANGUAGES


@click.group()
def export() -> None:
    """Write exports for researchers."""


@export.command()
@survey_option
@click.option(
    "--waves",
    default=None,
    help="Wave labels in order, comma-separated: 2024,2025. Default: every closed wave.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write. Without it the file goes to the data folder's exports and is "
    "recorded with its options, as the export flow does.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="xlsx",
    show_default=True,
    help="Workbook, long CSV (one line per answer), SPSS or Stata.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="nl",
    show_default=True,
    help="Language of headings, questions and labels.",
)
@division_option
@click.option(
    "--unit",
    type=click.Choice(EXPORT_UNITS),
    default="response",
    show_default=True,
    help="Figures over every kept response, or one (primary) response per municipality.",
)
@click.option(
    "--microdata",
    is_flag=True,
    help="xlsx: the row-level data sheets and codebook (organisation codes pseudonymised) "
    "instead of the tables.",
)
@click.option(
    "--restricted",
    is_flag=True,
    help="xlsx: the personal answers and open text as given, for the follow-up team only.",
)
@click.option(
    "--real-codes",
    is_flag=True,
    help="Row-level data (microdata, CSV, SPSS) with the real organisation codes and names.",
)
@click.option(
    "--no-weights",
    is_flag=True,
    help="Unweighted figures, every answer independent (no non-response weights, "
    "finite-population correction or clustering by municipality).",
)
@click.option(
    "--dialect",
    type=click.Choice(CSV_DIALECTS),
    default="standard",
    show_default=True,
    help="csv: comma and decimal point, or nl (semicolon, decimal comma) for Dutch Excel.",
)
def trends(
    survey: str | None,
    waves: str | None,
    out: Path | None,
    fmt: str,
    lang: str,
    division: str,
    unit: str,
    microdata: bool = False,
    restricted: bool = False,
    real_codes: bool = False,
    no_weights: bool = False,
    dialect: str = "standard",
) -> None:
    """Compare waves: respons, trends, themes, breakdowns, open answers, data and codebook."""
    from peiling.errors import UserError
    from peiling.exports.make import make_export, waves_to_export
    from peiling.exports.options import ExportOptions
    from peiling.exports.source import parse_labels
    from peiling.models.db import session_scope
    from peiling.models.wave_lifecycle import resolve_survey
    from peiling.settings import get_settings

    settings = get_settings()
    labels = parse_labels(waves) if waves is not None else []
    options = ExportOptions.from_settings(
        settings,
        lang=lang,
        unit=unit,
        microdata=microdata,
        restricted=restricted,
        real_codes=real_codes,
        weights=not no_weights,
        dialect=dialect,
    )
    with session_scope() as session:
        key = resolve_survey(session, survey, "with --survey")
        labels = waves_to_export(session, key, labels)
        if not labels:
            raise UserError(f"survey {key} has no closed wave; name the waves with --waves")
        made = make_export(
            session, key, labels, fmt, options, settings.data_path, division=division, out=out
        )
    for label, version, responses in made.waves:
        click.echo(f"Wave {label} (version {version}): {responses} responses")
    click.echo(f"Written: {made.result.path} ({made.result.format}, {made.result.rows} rows)")


@export.command("list")
def list_exports() -> None:
    """List the recorded exports, newest first, with the options they were made with."""
    from peiling.exports.records import export_records, record_options
    from peiling.models.db import session_scope

    with session_scope() as session:
        records = export_records(session)
        if not records:
            click.echo("No exports recorded.")
        for record in records:
            options = " · ".join(f"{name}: {value}" for name, value in record_options(record))
            when = record.created_at.strftime("%Y-%m-%d %H:%M")
            click.echo(f"{record.id}  {when}  {record.survey_key}  {options}  {record.path}")
