"""`peiling demo`: prepare the embedded defaults and serve the app (what `make run` runs).

It starts the data folder's mail catcher and a local Prefect server, plants a small synthetic
panel with two closed waves when no contacts were imported, opens a demo wave, sends its
invitations to the catcher, lets the simulator answer part of them, cleans the waves and makes
the trend workbook. It prints the staff area with a demo admin login (made on a database
without staff accounts; its password is printed only then) and one personal link to the open
wave, so a new user can try both sides at once.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

import click
from sqlalchemy import func, select

from peiling.cli import background
from peiling.errors import UserError
from peiling.models import migrate
from peiling.models.db import session_scope
from peiling.questionnaires.shipped import shipped_files
from peiling.settings import get_settings
from peiling.vocabulary import DEFAULT_SURVEY

DEMO_LABEL = "2026"
DEMO_ADMIN = "demo-beheer@example.org"
ANSWERED_SHARE = 0.5  # of the open wave's invitations, the simulator answers about this share


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
        # Opened three days ago, so the simulated answers spread over some days.
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=39),
        reminder_days=[7, 14],
    )
    return wave.survey_key, wave.label


def _timed(what: str, call):
    started = time.perf_counter()
    result = call()
    click.echo(f"{what} ({time.perf_counter() - started:.1f} s)")
    return result


def answer_part(session, survey: str, label: str) -> int:
    """Let the simulator answer part of the open wave's invitations, once; return how many."""
    from peiling.models import Response
    from peiling.models.base import utcnow
    from peiling.models.wave_lifecycle import find_wave
    from peiling.simulation.history import answer_wave

    wave = find_wave(session, survey, label)
    given = select(func.count()).select_from(Response).where(Response.wave_id == wave.id)
    if session.scalar(given):
        return 0
    planned = answer_wave(
        session,
        wave,
        index=len(HISTORY_LABELS),
        seed=1,
        opens_at=wave.opens_at,
        closes_at=utcnow() + timedelta(days=1),  # responses start between opening and now
        fast=True,
        share=ANSWERED_SHARE,
    )
    return len(planned)


def open_wave_link(session, survey: str, label: str, settings) -> str | None:
    """Return the personal link of a sent invitation of the wave that nobody answered yet."""
    from peiling.models import Invitation, Response
    from peiling.models.inviting import link_for
    from peiling.models.wave_lifecycle import find_wave

    wave = find_wave(session, survey, label)
    answered = select(Response.invitation_id).where(Response.invitation_id.is_not(None))
    first = session.scalars(
        select(Invitation)
        .where(
            Invitation.wave_id == wave.id,
            Invitation.status == "sent",
            Invitation.id.not_in(answered),
        )
        .order_by(Invitation.id)
    ).first()
    if first is None:
        return None
    click.echo(f"Invitation of {first.contact.name}, {first.contact.organisation.name}:")
    return link_for(first, settings.base_url, settings.effective_secret_key)


def ensure_demo_admin(session) -> str | None:
    """Add the demo admin when the database has no staff account; return its new password."""
    from peiling.models import audit
    from peiling.models.staff import StaffUser
    from peiling.models.staff_accounts import add_user

    if session.scalar(select(func.count()).select_from(StaffUser)):
        return None
    password = secrets.token_urlsafe(12)
    add_user(session, DEMO_ADMIN, "admin", password)
    audit.record(session, None, "user.add", actor="demo", detail=f"{DEMO_ADMIN} (admin)")
    return password


def trend_workbook(session, survey: str, settings) -> str | None:
    """Clean the changed waves and make the trend workbook of all three, once; return its name."""
    from peiling.cleaning.run import clean_survey
    from peiling.exports.make import make_export
    from peiling.exports.options import ExportOptions
    from peiling.models.export_record import ExportRecord

    labels = [*HISTORY_LABELS, DEMO_LABEL]
    if session.scalar(select(func.count()).select_from(ExportRecord)):
        return None
    clean_survey(session, survey, settings.data_path, labels=[])
    options = ExportOptions.from_settings(settings)
    made = make_export(
        session, survey, labels, "xlsx", options, settings.data_path, requested_by="demo"
    )
    return str(made.result.path).rsplit("/", 1)[-1]  # a file or a shared-storage address


def run_demo_wave(settings) -> None:
    """Open the demo wave, send its invitations to the catcher, answer part, make the workbook."""
    from peiling.flows.mail import send_invitations
    from peiling.flows.waves import open_wave

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
        answered = answer_part(session, survey, label)
        if answered:
            click.echo(f"Simulated respondents answered {answered} invitations of wave {label}.")
        if label == DEMO_LABEL:
            made = _timed("Cleaned the waves", lambda: trend_workbook(session, survey, settings))
            if made:
                click.echo(f"Trend workbook {made}: in the staff area under Downloads.")
    with session_scope() as session:
        link = open_wave_link(session, survey, label, settings)
    if link:
        click.echo(f"  {link}")
    if not background.configured_prefect_api():
        click.echo(f"Prefect UI (flow runs, artifacts): {api.removesuffix('/api')}")
        click.echo("The local Prefect server and mail catcher keep running for the `peiling wave`")
        click.echo("commands; `peiling services stop` ends them.")


def staff_login(settings) -> None:
    """Print the staff area's address, and the demo admin's login when it was just made."""
    with session_scope() as session:
        password = ensure_demo_admin(session)
    click.echo(f"Staff area: {settings.base_url.rstrip('/')}/beheer/")
    if password:
        click.echo(f"  log in as {DEMO_ADMIN} with password {password}")
        click.echo("  (shown only now; `peiling users add` makes more accounts)")
    else:
        click.echo("  log in with a staff account (`peiling users list` shows them)")


def check_port_free(settings) -> None:
    """Refuse to go on when the web address is taken: its links would lead elsewhere."""
    bind = settings.effective_bind
    if background.port_taken(bind):
        raise UserError(
            f"the web address {bind} is taken: another program (another `make run`?) listens "
            "there. Stop it, or give this one another port, e.g. "
            "PEILING_BASE_URL=http://127.0.0.1:8001 make run"
        )


@click.command()
@click.option("--no-serve", is_flag=True, help="Prepare everything, then stop instead of serving.")
@click.option("--no-wave", is_flag=True, help="Skip the demo panel, wave and invitations.")
def demo(no_serve: bool, no_wave: bool) -> None:
    """Prepare the embedded defaults (SQLite, questionnaires, demo wave) and serve the app."""
    settings = get_settings()
    if not no_serve:
        check_port_free(settings)
    if not no_wave and not background.configured_prefect_api():
        background.start_prefect_server(settings, wait=False)  # starts while we prepare
    folder = background.start_catcher(settings)
    prepare()
    click.echo(f"Data folder: {settings.data_path}")
    if folder:
        address = settings.effective_smtp_url
        click.echo(f"Mail goes to the data folder's catcher ({address}): {folder}/*.eml")
    if not no_wave:
        background.quiet_prefect()
        run_demo_wave(settings)
    staff_login(settings)
    if no_serve:
        return
    check_port_free(settings)
    click.echo(f"Open {settings.base_url}/ in a browser. Stop with Ctrl-C.")
    from peiling.webforms.server import run_gunicorn

    run_gunicorn(bind=settings.effective_bind, workers=settings.web_workers)
