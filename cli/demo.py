"""`peiling demo`: prepare the embedded defaults and serve the app (what `make run` runs).

It starts the local mail catcher and a local Prefect server, plants a small synthetic panel when
no contacts were imported, opens a demo wave, sends its invitations to the catcher and prints one
personal link, so a new user can open the questionnaire at once.
"""

from __future__ import annotations

import time
from datetime import timedelta

import click
from sqlalchemy import func, select

from peiling.cli import background
from peiling.models import migrate
from peiling.models.db import session_scope
from peiling.questionnaires.shipped import shipped_files
from peiling.settings import get_settings
from peiling.vocabulary import DEFAULT_SURVEY

DEMO_LABEL = "2026"


def prepare() -> None:
    """Create the data folder and schema, and store the bundled questionnaire versions."""
    from peiling.models.questionnaire_store import load_version

    settings = get_settings()
    settings.data_path.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    with session_scope() as session:
        for path in shipped_files():
            version = load_version(session, path)
            click.echo(f"Questionnaire {version.survey_key} {version.version} ready.")


HISTORY_LABELS = ["2024", "2025"]
DEMO_ORGANISATIONS = 350


def simulate_demo_history(session, secret_key: str):
    """On an empty panel: simulate a synthetic panel and its earlier, closed waves."""
    from peiling.models import Contact
    from peiling.simulation.history import simulate_history

    if session.scalar(select(func.count()).select_from(Contact)):
        return None
    return simulate_history(
        session,
        secret_key=secret_key,
        labels=HISTORY_LABELS,
        organisations=DEMO_ORGANISATIONS,
        fast=True,
    )


def ensure_demo_wave(session) -> tuple[str, str]:
    """Plan the demo wave (open from today for six weeks) unless a wave exists; return its key."""
    from peiling.models import Wave
    from peiling.models.base import utcnow
    from peiling.models.questionnaire_store import latest_version
    from peiling.models.wave_lifecycle import create_wave

    existing = session.scalars(
        select(Wave).where(Wave.status != "closed").order_by(Wave.opens_at.desc())
    ).first()
    if existing is not None:
        return existing.survey_key, existing.label
    version = latest_version(session, DEFAULT_SURVEY)
    now = utcnow()
    wave = create_wave(
        session,
        version=version,
        label=DEMO_LABEL,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=42),
        reminder_days=[7, 14],
    )
    return wave.survey_key, wave.label


def _timed(what: str, call):
    started = time.perf_counter()
    result = call()
    click.echo(f"{what} ({time.perf_counter() - started:.1f} s)")
    return result


def run_demo_wave(settings) -> None:
    """Open the demo wave and send its invitations through Prefect to the mail catcher."""
    from peiling.flows.mail import send_invitations
    from peiling.flows.waves import open_wave
    from peiling.models import Invitation
    from peiling.models.inviting import link_for

    with session_scope() as session:
        history = simulate_demo_history(session, settings.effective_secret_key)
        if history is not None:
            click.echo(f"Simulated a synthetic panel of {history.contacts_added} contacts")
            for w in history.waves:
                click.echo(
                    f"  wave {w.label} (questionnaire {w.version}, closed): {w.invited} invited,"
                    f" {w.started} started, {w.submitted} submitted"
                )
        survey, label = ensure_demo_wave(session)
    with background.prefect_api(settings) as api:
        opened = _timed("Opened the wave", lambda: open_wave(survey, label))
        sent = _timed("Sent the invitations", lambda: send_invitations(survey, label))
    click.echo(f"Wave {survey} {label}: {opened['created']} new invitations, {sent}.")
    with session_scope() as session:
        first = session.scalars(
            select(Invitation).where(Invitation.status == "sent").order_by(Invitation.id)
        ).first()
        if first is not None:
            link = link_for(first, settings.base_url, settings.effective_secret_key)
            click.echo(f"Invitation of {first.contact.name}, {first.contact.organisation.name}:")
            click.echo(f"  {link}")
    if not background.configured_prefect_api():
        click.echo(f"Prefect UI (flow runs, artifacts): {api.removesuffix('/api')}")
        click.echo("The local Prefect server and mail catcher keep running for the `peiling wave`")
        click.echo("commands; `peiling services stop` ends them.")


@click.command()
@click.option("--no-serve", is_flag=True, help="Prepare everything, then stop instead of serving.")
@click.option("--no-wave", is_flag=True, help="Skip the demo panel, wave and invitations.")
def demo(no_serve: bool, no_wave: bool) -> None:
    """Prepare the embedded defaults (SQLite, questionnaires, demo wave) and serve the app."""
    settings = get_settings()
    if not no_wave and not background.configured_prefect_api():
        background.start_prefect_server(settings, wait=False)  # starts while we prepare
    folder = background.start_catcher(settings)
    prepare()
    click.echo(f"Data folder: {settings.data_path}")
    if folder:
        click.echo(f"Mail goes to the local catcher: {folder}/*.eml")
    if not no_wave:
        background.quiet_prefect()
        run_demo_wave(settings)
    if no_serve:
        return
    click.echo(f"Open {settings.base_url}/ in a browser. Stop with Ctrl-C.")
    from peiling.webforms.server import run_gunicorn

    run_gunicorn(bind=settings.effective_bind, workers=settings.web_workers)
