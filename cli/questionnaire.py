"""`peiling questionnaire`: check questionnaire files, compare versions, store them."""

from pathlib import Path

import click

from peiling.errors import UserError
from peiling.models.db import session_scope


@click.group()
def questionnaire() -> None:
    """Check, compare and load versioned questionnaire files."""


@questionnaire.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="The previous version's file (default: the file beside it with that version).",
)
def check(files: tuple[Path, ...], previous: Path | None) -> None:
    """Report every problem in questionnaire files, including changes that break a trend."""
    from peiling.questionnaires import check_file

    problems = [problem for path in files for problem in check_file(path, previous)]
    if problems:
        raise UserError(f"{len(problems)} problem(s) found:", [str(p) for p in problems])
    click.echo(f"OK: {', '.join(str(f) for f in files)}")


@questionnaire.command()
@click.argument("older")
@click.argument("newer")
@click.option("--survey", help="Survey key, when OLDER and NEWER name stored versions.")
def diff(older: str, newer: str, survey: str | None) -> None:
    """Print how each question of NEWER compares with OLDER (files or stored version names)."""
    from peiling.models.questionnaire_store import resolve
    from peiling.questionnaires.diff_report import diff_lines

    with session_scope() as session:
        old_q = resolve(session, older, survey)
        new_q = resolve(session, newer, survey or old_q.survey)
    lines, problems = diff_lines(old_q, new_q)
    for line in lines:
        click.echo(line)
    if problems:
        raise UserError(
            f"{len(problems)} change(s) would silently break a trend:",
            [f"{key}: {message}" for key, message in problems],
        )


@questionnaire.command()
@click.argument("file", type=click.Path(path_type=Path))
def load(file: Path) -> None:
    """Store a questionnaire version (refused when a wave uses a different text of it)."""
    from peiling.models.questionnaire_store import load_version

    with session_scope() as session:
        version = load_version(session, file)
        click.echo(
            f"Stored {version.survey_key} version {version.version} ({version.checksum[:12]})."
        )
