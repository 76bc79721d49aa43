"""`peiling wave`: plan, open, invite, remind, close and follow a wave; preview its mail."""

from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import select

from peiling.cli.options import survey_option
from peiling.errors import UserError
from peiling.models.db import session_scope
from peiling.settings import get_settings

SURVEY_OPTION = survey_option


def _survey(session, survey: str | None) -> str:
    from peiling.models.wave_lifecycle import resolve_survey

    return resolve_survey(session, survey, "with --survey")


def _days(wave) -> str:
    """Return a wave's first and last Amsterdam day as typed, e.g. 2026-11-29 .. 2026-12-20."""
    from peiling.dates import last_day, local_day

    return f"{local_day(wave.opens_at)} .. {last_day(wave.closes_at).date()}"


def _wave(session, survey: str | None, label: str):
    from peiling.models.wave_lifecycle import get_wave

    return get_wave(session, _survey(session, survey), label)


def _run_flow(flow, verbose: bool, **parameters) -> dict:
    """Run a flow through the Prefect API (configured, or the local server)."""
    from peiling.cli.background import prefect_api, quiet_prefect, start_catcher

    quiet_prefect(verbose)
    if flow.name in ("send-invitations", "send-reminders"):
        start_catcher(get_settings())  # the local catcher, when mail goes to this machine
    with prefect_api(get_settings()):
        return flow(**parameters)


def _show(summary: dict) -> None:
    for key, value in summary.items():
        click.echo(f"  {key:<16} {value}")


@click.group()
def wave() -> None:
    """Plan, open, invite, remind, close and follow a wave."""


@wave.command()
@click.argument("label")
@click.option("--opens", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day.")
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@click.option(
    "--reminders", default="7,14", show_default=True, help="Days after opening, or dates."
)
@click.option("--version", "version_label", default=None, help="Questionnaire version; latest.")
@click.option("--unit", type=click.Choice(["contact", "organisation"]), default="contact")
@SURVEY_OPTION
def create(label, opens, closes, reminders, version_label, unit, survey) -> None:
    """Plan a wave from its first to its last day (Europe/Amsterdam) on a questionnaire version."""
    from peiling.models.questionnaire_store import find_version, latest_version
    from peiling.models.wave_lifecycle import plan_wave

    with session_scope() as session:
        key = _survey(session, survey)
        if version_label:
            version = find_version(session, key, version_label)
        else:
            version = latest_version(session, key)
        if version is None:
            raise UserError(f"no questionnaire version {version_label or ''} of {key}; load one")
        created = plan_wave(
            session,
            version=version,
            label=label,
            first_day=opens.date(),
            last_day=closes.date(),
            reminders=reminders,
            response_unit=unit,
        )
        click.echo(
            f"Planned wave {key} {label} on version {version.version}: "
            f"{_days(created)}, reminders after {created.reminder_days} days."
        )


@wave.command()
@click.argument("label")
@click.option("--opens", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day.")
@click.option("--closes", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
@click.option(
    "--reminders", default="7,14", show_default=True, help="Days after opening, or dates."
)
@SURVEY_OPTION
def dates(label, opens, closes, reminders, survey) -> None:
    """Move a wave that is not closed to new days (the daily round follows the new dates)."""
    from peiling.models.wave_lifecycle import change_dates

    with session_scope() as session:
        target = _wave(session, survey, label)
        change_dates(session, target, opens.date(), closes.date(), reminders)
        click.echo(
            f"Wave {target.survey_key} {label}: {_days(target)}, "
            f"reminders after {target.reminder_days} days."
        )


@wave.command("list")
def list_waves() -> None:
    """List the waves with their dates and status."""
    from peiling.models import Wave

    with session_scope() as session:
        for row in session.scalars(select(Wave).order_by(Wave.survey_key, Wave.opens_at)):
            click.echo(f"{row.survey_key} {row.label}: {row.status}, {_days(row)}")


@wave.command("open")
@click.argument("label")
@SURVEY_OPTION
@click.option("--verbose", is_flag=True, help="Show Prefect's log.")
def open_(label, survey, verbose) -> None:
    """Open a wave: invitations for every active contact (no mail yet; see `invite`)."""
    from peiling.flows.waves import open_wave

    with session_scope() as session:
        target = _wave(session, survey, label)
        survey = target.survey_key
    summary = _run_flow(open_wave, verbose, survey=survey, label=label)
    click.echo(f"Wave {summary['wave']} is open.")
    _show({"created": summary["created"], "existing": summary["existing"]})


@wave.command()
@click.argument("label")
@SURVEY_OPTION
@click.option("--batch-size", default=200, show_default=True, help="Messages per connection.")
@click.option("--connections", default=1, show_default=True, help="Batches sent at once.")
@click.option("--retry-delay", default=5.0, show_default=True, help="Seconds between retries.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log.")
def invite(label, survey, batch_size, connections, retry_delay, verbose) -> None:
    """Send the invitation to everyone invited who has not had it (running it again is safe)."""
    from peiling.flows.mail import send_invitations

    with session_scope() as session:
        target = _wave(session, survey, label)
        survey = target.survey_key
        if target.status != "open":
            raise UserError(f"wave {label} is {target.status}; run `peiling wave open {label}`")
    summary = _run_flow(
        send_invitations,
        verbose,
        survey=survey,
        label=label,
        batch_size=batch_size,
        connections=connections,
        retry_delay=retry_delay,
    )
    click.echo(f"Invitations of {survey} {label}:")
    _show(summary)


@wave.command()
@click.argument("label")
@SURVEY_OPTION
@click.option("--round", "round_", type=int, default=None, help="Default: the round due today.")
@click.option("--batch-size", default=200, show_default=True, help="Messages per connection.")
@click.option("--connections", default=1, show_default=True, help="Batches sent at once.")
@click.option("--retry-delay", default=5.0, show_default=True, help="Seconds between retries.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log.")
def remind(label, survey, round_, batch_size, connections, retry_delay, verbose) -> None:
    """Remind who has not submitted; each round reaches a person at most once."""
    from peiling.flows.mail import send_reminders

    with session_scope() as session:
        target = _wave(session, survey, label)
        survey = target.survey_key
        if target.status != "open":
            raise UserError(f"wave {label} is {target.status}; reminders go only in an open wave")
    if round_ is not None and round_ < 1:
        raise UserError("--round counts from 1")
    summary = _run_flow(
        send_reminders,
        verbose,
        survey=survey,
        label=label,
        round=round_,
        batch_size=batch_size,
        connections=connections,
        retry_delay=retry_delay,
    )
    if summary == {"planned": 0} and round_ is None:
        click.echo("No reminder round is due yet (use --round to send one now).")
        return
    click.echo(f"Reminders of {survey} {label}:")
    _show(summary)


@wave.command()
@click.argument("label")
@SURVEY_OPTION
@click.option("--verbose", is_flag=True, help="Show Prefect's log.")
def close(label, survey, verbose) -> None:
    """Close a wave now: links stop working and no more mail goes out."""
    from peiling.flows.waves import close_wave

    with session_scope() as session:
        survey = _wave(session, survey, label).survey_key
    summary = _run_flow(close_wave, verbose, survey=survey, label=label, force=True)
    click.echo(f"Wave {summary['wave']} is closed.")


@wave.command()
@click.argument("label")
@SURVEY_OPTION
def status(label, survey) -> None:
    """Print invited, sent, failed, opened, started, submitted, the response rate and unknowns."""
    from peiling.mailing.wave_status import unknown_messages, wave_status

    with session_scope() as session:
        target = _wave(session, survey, label)
        counts = wave_status(session, target)
        unknown = unknown_messages(session, target)
        click.echo(f"Wave {counts['wave']}: {counts['status']}, {_days(target)}")
    counts.pop("wave")
    counts.pop("status")
    rounds = counts.pop("reminders sent")
    counts["response rate"] = f"{counts['response rate']}%"
    _show(counts)
    for round_, sent in rounds.items():
        click.echo(f"  reminder round {round_}: {sent} sent")
    if unknown:
        click.echo(
            "Unknown outcomes: look these Message-IDs up in the mail server's log, then "
            f"`peiling wave release-unknown {label} --message-id ID` those that did not arrive."
        )
    for row in unknown:
        click.echo(f"  {row['message_id']}  {row['kind']} to {row['recipient']}: {row['what']}")


def _ids_from_file(path: str) -> list[str]:
    """Read Message-IDs, one a line (the first <...> of a line, else the line); # comments."""
    import re
    from pathlib import Path

    ids = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = re.search(r"<[^<>\s]+>", line)
        ids.append(found.group(0) if found else line)
    return ids


@wave.command("release-unknown")
@click.argument("label")
@click.option("--message-id", "message_ids", multiple=True, help="A Message-ID to release.")
@click.option(
    "--from-file",
    type=click.Path(exists=True, dir_okay=False),
    help="A file of Message-IDs to release, one a line.",
)
@click.option("--all", "release_all", is_flag=True, help="Release every unknown outcome.")
@click.option("--yes", is_flag=True, help="With --all: do not ask for confirmation.")
@click.option(
    "--older-than",
    default=60,
    show_default=True,
    help="Minutes since a message was claimed; a younger claim may belong to a running send.",
)
@SURVEY_OPTION
def release_unknown(label, message_ids, from_file, release_all, yes, older_than, survey) -> None:
    """Let messages of unknown outcome go out again on the next run: exactly those named.

    Look each Message-ID up in the mail server's log first and release only those that did not
    arrive: a released message that did arrive is sent a second time.
    """
    from peiling.mailing import ledger
    from peiling.models.base import utcnow

    named = list(message_ids) + (_ids_from_file(from_file) if from_file else [])
    if release_all == bool(named):
        raise UserError("name the messages with --message-id or --from-file, or give --all")
    if from_file and not named:
        raise UserError(f"{from_file} holds no Message-ID")
    cutoff = utcnow() - timedelta(minutes=older_than)
    with session_scope() as session:
        target = _wave(session, survey, label)
        if release_all:
            candidates = ledger.releasable(session, target.id, cutoff)
            if not candidates:
                click.echo("No message of unknown outcome to release.")
                return
            if not yes:
                click.confirm(
                    f"Release all {len(candidates)} message(s) of unknown outcome of {label}? "
                    "Any of them that did arrive will be sent a second time",
                    abort=True,
                )
        rows = ledger.release_unknown(session, target.id, cutoff, None if release_all else named)
        for row in rows:
            click.echo(f"  {row.message_id}  {row.kind} {row.round} to {row.recipient}")
    click.echo(f"Released {len(rows)} message(s); `peiling wave invite|remind {label}` sends them.")


@wave.command("preview-mail")
@click.argument("label")
@click.option("--contact", "email", required=True, help="The contact's e-mail address.")
@click.option("--kind", type=click.Choice(["invitation", "reminder"]), default="invitation")
@click.option("--html", is_flag=True, help="Print the HTML part instead of the text.")
@SURVEY_OPTION
def preview_mail(label, email, kind, html, survey) -> None:
    """Render the invitation or reminder one contact gets, without sending it."""
    from email import message_from_bytes
    from email.policy import default

    from peiling.mailing.compose import MailSettings, as_bytes, build_message
    from peiling.models import Contact, Invitation
    from peiling.models.base import utcnow

    settings = get_settings()
    with session_scope() as session:
        target = _wave(session, survey, label)
        contact = session.scalars(select(Contact).where(Contact.email == email)).first()
        if contact is None:
            raise UserError(f"no contact with address {email}")
        invitation = session.scalar(
            select(Invitation).where(
                Invitation.wave_id == target.id, Invitation.contact_id == contact.id
            )
        )
        if invitation is None:
            click.echo("(not invited yet: the link below is an example, not a working link)")
            invitation = Invitation(id=0, wave=target, contact=contact, token_salt="preview")
        built = build_message(
            invitation,
            kind,
            1 if kind == "reminder" else 0,
            MailSettings.from_settings(settings),
            utcnow(),
        )
        message = message_from_bytes(as_bytes(built), policy=default)
        for header in ("From", "To", "Subject", "Message-ID", "List-Unsubscribe"):
            click.echo(f"{header}: {message[header]}")
        click.echo()
        part = message.get_body(("html",) if html else ("plain",))
        click.echo(part.get_content())
