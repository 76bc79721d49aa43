"""`peiling questionnaire`: check questionnaire files and store their versions."""

from pathlib import Path

import click

from models.db import session_scope
from peiling.errors import UserError


@click.group()
def questionnaire() -> None:
    """Check and load versioned questionnaire files."""


@questionnaire.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Report every problem in one or more questionnaire files, with line and key."""
    from models.questionnaire import check_file

    problems = [problem for path in files for problem in check_file(path)]
    if problems:
        raise UserError(f"{len(problems)} problem(s) found:", [str(p) for p in problems])
    click.echo(f"OK: {', '.join(str(f) for f in files)}")


@questionnaire.command()
@click.argument("file", type=click.Path(path_type=Path))
def load(file: Path) -> None:
    """Store a questionnaire version (refused when a wave uses a different text of it)."""
    from models.questionnaire import load_version

    with session_scope() as session:
        version = load_version(session, file)
        click.echo(
            f"Stored {version.survey_key} version {version.version} ({version.checksum[:12]})."
        )
