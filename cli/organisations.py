"""`peiling organisations`: import the CBS municipality list and the mergers between them."""

from pathlib import Path

import click

from peiling.models.db import session_scope

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group()
def organisations() -> None:
    """Import municipalities and mergers (CSV in UTF-8 or XLSX)."""


@organisations.command("import")
@click.argument("file", type=FILE)
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
def import_(file: Path, dry_run: bool) -> None:
    """Add or update municipalities by code from a CBS list; others are left alone.

    Columns: code, name, province, population, safety_region_code, safety_region
    (or veiligheidsregio_code, veiligheidsregio); other columns are ignored. Nothing is
    imported when any row has a problem.
    """
    from peiling.importers import import_organisations

    with session_scope() as session:
        result = import_organisations(session, file, dry_run=dry_run)
    prefix = "Dry run, nothing written. It would be: " if dry_run else f"Imported {file.name}: "
    click.echo(f"{prefix}{result.summary()}.")


@organisations.command()
@click.argument("file", type=FILE)
def mergers(file: Path) -> None:
    """Record mergers and retire each old municipality in favour of its successor.

    Columns: year, date, old_code, old_name, new_code, new_name; other columns are ignored.
    Unknown municipalities are created. Nothing is imported when any row has a problem.
    """
    from peiling.importers import import_mergers

    with session_scope() as session:
        result = import_mergers(session, file)
    click.echo(f"Imported {file.name}: {result.summary()}.")
