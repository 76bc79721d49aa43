"""Options that several commands share, defined once."""

import click

from peiling.vocabulary import DEFAULT_DIVISION, DIVISIONS

division_option = click.option(
    "--division",
    type=click.Choice(DIVISIONS),
    default=DEFAULT_DIVISION,
    show_default=True,
    help="Municipalities as today (merged ones under their successor) or as they were.",
)

survey_option = click.option(
    "--survey", default=None, help="Survey key; default: the only survey in the database."
)
