"""`peiling settings`: print every setting with its current value (secrets masked)."""

import click

from peiling.settings import get_settings


@click.command()
def settings() -> None:
    """Print every setting, its current value and what it is for."""
    for name, value, help_text in get_settings().describe():
        click.echo(f"{name}={value}")
        click.echo(f"    {help_text}")
