"""`peiling clean [WAVE...]`: clean waves into the data folder, with a report per rule."""

from __future__ import annotations

import click

from peiling.cli.options import division_option, survey_option


@click.command()
@click.argument("waves", nargs=-1)
@survey_option
@division_option
@click.option(
    "--min-share",
    type=click.FloatRange(0, 1),
    default=None,
    help="Keep a partial response when it answered at least this share of its questions "
    "[default: as last cleaned, else 0.5].",
)
@click.option(
    "--partial/--no-partial",
    default=None,
    help="Count partial responses too, or submitted ones only [default: as last cleaned, "
    "else --partial].",
)
@click.option(
    "--speeder-share",
    type=click.FloatRange(0, 1),
    default=None,
    help="Flag as speeder below this share of the median completion time "
    "[default: as last cleaned, else 0.3].",
)
def clean(
    waves: tuple[str, ...],
    survey: str | None,
    division: str,
    min_share: float | None,
    partial: bool | None,
    speeder_share: float | None,
) -> None:
    """Clean WAVES (labels, e.g. 2025 2026) into the data folder, as the clean flow does.

    Without WAVES, every opened wave of the survey whose raw data changed since its last
    clean is cleaned; the others are left as they are. Settings not given stay as the wave
    was last cleaned with.
    """
    from peiling.cleaning.run import clean_survey
    from peiling.cleaning.store import report_markdown
    from peiling.models.db import session_scope
    from peiling.models.wave_lifecycle import resolve_survey
    from peiling.settings import get_settings

    given = {
        "keep_partial": partial,
        "min_share_answered": min_share,
        "speeder_share_of_median": speeder_share,
    }
    with session_scope() as session:
        key = resolve_survey(session, survey, "with --survey")
        run = clean_survey(
            session,
            key,
            get_settings().data_path,
            labels=list(waves),
            division=division,
            changes={name: value for name, value in given.items() if value is not None},
        )
    for report in run.reports:
        click.echo(report_markdown(report))
        click.echo(f"Stored: {report['files']['data']}")
        click.echo(f"Report: {report['files']['report']}")
    if run.unchanged:
        click.echo(f"Unchanged since their last clean: {', '.join(run.unchanged)}")
    if not run.reports and not run.unchanged:
        click.echo(f"Survey {key} has no wave that has been opened; nothing to clean.")
