"""`peiling clean WAVE`: clean a wave into the data folder, with a report per rule."""

from __future__ import annotations

import click

from peiling.cli.options import division_option
from peiling.vocabulary import DEFAULT_SURVEY


@click.command()
@click.argument("wave")
@click.option("--survey", default=DEFAULT_SURVEY, show_default=True, help="Survey key.")
@division_option
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Keep a partial response when it answered at least this share of its questions.",
)
@click.option("--no-partial", is_flag=True, help="Count submitted responses only.")
@click.option(
    "--speeder-share",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Flag as speeder below this share of the median completion time.",
)
def clean(
    wave: str, survey: str, division: str, min_share: float, no_partial: bool, speeder_share: float
) -> None:
    """Clean WAVE (its label, e.g. 2026) into the data folder (the clean flow, without Prefect)."""
    from peiling.cleaning.config import CleaningConfig
    from peiling.cleaning.run import clean_and_store
    from peiling.cleaning.store import report_markdown
    from peiling.models.db import session_scope
    from peiling.settings import get_settings

    config = CleaningConfig(
        keep_partial=not no_partial,
        min_share_answered=min_share,
        speeder_share_of_median=speeder_share,
        division=division,
    )
    with session_scope() as session:
        report = clean_and_store(session, survey, wave, get_settings().data_path, config)
    click.echo(report_markdown(report))
    click.echo(f"Stored: {report['files']['data']}")
    click.echo(f"Report: {report['files']['report']}")
