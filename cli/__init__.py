"""The `peiling` command: one group per concern, each in its own module."""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

from peiling import __version__
from peiling.cli import (
    clean,
    db,
    demo,
    export,
    organisations,
    questionnaire,
    respondents,
    retention,
    serve,
    services,
    settings_cmd,
    simulate,
    users,
    wave,
)
from peiling.errors import UserError
from peiling.settings import get_settings

COMMANDS = [
    settings_cmd.settings,
    db.db,
    questionnaire.questionnaire,
    organisations.organisations,
    respondents.respondents,
    clean.clean,
    export.export,
    simulate.simulate,
    serve.serve,
    demo.demo,
    wave.wave,
    services.services,
    services.mailcatcher,
    users.users,
    retention.retention,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peiling")
def cli() -> None:
    """peiling: run yearly needs surveys of municipalities and compare their waves."""


for command in COMMANDS:
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; errors a user can cause end in one message and exit code 1."""
    try:
        get_settings()  # a bad PEILING_* value stops here, with its name
        cli.main(args=argv, prog_name="peiling", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UserError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        click.echo(f"Error: the database cannot be used: {reason}", err=True)
        click.echo("Check PEILING_DATABASE_URL (`peiling settings`).", err=True)
        sys.exit(1)
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        click.echo(f"Error: {exc.strerror}: {exc.filename}", err=True)
        sys.exit(1)
