"""`peiling export trends`: the trend workbook (or long CSV / SPSS file) of some waves."""

from __future__ import annotations

from pathlib import Path

import click

from peiling.cli.options import division_option
from peiling.errors import UserError
from peiling.vocabulary import DEFAULT_SURVEY, EXPORT_UNITS, LANGUAGES


@click.group()
def export() -> None:
    """Write exports for researchers."""


@export.command()
@click.option("--survey", default=DEFAULT_SURVEY, show_default=True, help="Survey key.")
@click.option("--waves", required=True, help="Wave labels in order, comma-separated: 2024,2025.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write. Without it the file goes to the data folder and is recorded "
    "for the staff area, like the export flow does.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "csv", "sav"]),
    default="xlsx",
    show_default=True,
    help="Workbook, long CSV (one line per answer) or SPSS.",
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
def trends(
    survey: str,
    waves: str,
    out: Path | None,
    fmt: str,
    lang: str,
    division: str,
    unit: str,
    microdata: bool = False,
    restricted: bool = False,
    real_codes: bool = False,
) -> None:
    """Compare WAVES: respons, trends, themes, breakdowns, open answers, data and codebook."""
    from peiling.exports.options import ExportOptions
    from peiling.exports.records import export_path, record_export
    from peiling.exports.run import write_export
    from peiling.exports.source import load_trend_input, parse_labels
    from peiling.models.db import session_scope
    from peiling.settings import get_settings

    settings = get_settings()
    labels = parse_labels(waves)
    if microdata and restricted:
        raise UserError("choose --microdata or --restricted, not both")
    options = ExportOptions(
        lang=lang,
        small_cell_k=settings.small_cell_k,
        unit=unit,
        microdata=microdata,
        restricted=restricted,
        pseudonymise=not real_codes,
        pseudonym_key=settings.effective_secret_key.encode("utf-8"),
    )
    with session_scope() as session:
        source = load_trend_input(session, survey, labels, division, settings.data_path)
        path = out or export_path(settings.data_path, survey, labels, fmt)
        result = write_export(source, path, fmt, options)
        if out is None:
            record_export(session, settings.data_path, survey, labels, result)
    for wave in source.waves:
        click.echo(f"Wave {wave.label} (version {wave.version}): {len(wave.data)} responses")
    click.echo(f"Written: {result.path} ({result.format}, {result.rows} rows)")
