"""`peiling demo`: prepare the embedded defaults and serve the app (what `make run` runs)."""

from __future__ import annotations

from pathlib import Path

import click

from models import migrate
from models.db import session_scope
from peiling.settings import get_settings

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


def prepare() -> None:
    """Create the data folder and schema, and store the bundled questionnaire versions."""
    from models.questionnaire import load_version

    settings = get_settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    with session_scope() as session:
        for path in sorted(QUESTIONNAIRES.glob("*.yaml")):
            version = load_version(session, path)
            click.echo(f"Questionnaire {version.survey_key} {version.version} ready.")


@click.command()
@click.option("--no-serve", is_flag=True, help="Prepare everything, then stop instead of serving.")
def demo(no_serve: bool) -> None:
    """Prepare the embedded defaults (SQLite, questionnaires) and serve the app."""
    settings = get_settings()
    prepare()
    click.echo(f"Data folder: {settings.data_path}")
    if no_serve:
        return
    click.echo(f"Open {settings.base_url}/ in a browser. Stop with Ctrl-C.")
    from webforms.server import run_gunicorn

    run_gunicorn(bind=settings.effective_bind, workers=settings.int_value("web_workers"))
