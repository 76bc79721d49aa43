"""Options that several commands share, defined once."""

import click

division_option = click.option(
    "--division",
    type=click.Choice(["current", "historical"]),
    default="current",
    show_default=True,
    help="Municipalities as today (merged ones under their successor) or as they were.",
)
