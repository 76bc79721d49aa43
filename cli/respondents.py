"""`peiling respondents`: import contact lists of the people to invite."""

from pathlib import Path

import click

from peiling.models.db import session_scope


@click.group()
def respondents() -> None:
    """Import the contacts who receive invitations (CSV in UTF-8 or XLSX)."""


@respondents.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
def import_(file: Path, dry_run: bool) -> None:
    """Add or update contacts by organisation and e-mail address.

    Columns: organisation_code, name, email, role (safety, social, other or veiligheid,
    sociaal, overig) and optionally language (nl or en; default nl). Every row is checked
    first; when any has a problem, all problems are listed and nothing is imported.
    Contacts that are not in the file are left alone.
    """
    from peiling.importers import import_respondents

    with session_scope() as session:
        result = import_respondents(session, file, dry_run=dry_run)
    if dry_run:
        click.echo(f"Dry run, nothing written. It would be: {result.summary()}.")
    else:
        click.echo(f"Imported {file.name}: {result.summary()}.")
    click.echo("Contacts not in the file are left alone.")
