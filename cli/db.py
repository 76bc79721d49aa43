"""`peiling db`: create or upgrade the database schema."""

import click

from peiling.models import migrate
from peiling.models.db import engine_for
from peiling.settings import get_settings


@click.group()
def db() -> None:
    """Manage the database schema."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Create the schema or bring it up to date (safe to run again)."""
    settings = get_settings()
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        settings.data_path.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(url, revision)
    click.echo(f"Database at revision {migrate.current_revision(engine_for(url))}.")


@db.command()
def current() -> None:
    """Print the schema revision of the database and the newest one available."""
    url = get_settings().effective_database_url
    click.echo(f"database: {migrate.current_revision(engine_for(url)) or '(empty)'}")
    click.echo(f"newest:   {migrate.head_revision()}")
