"""Wave flows: open a wave (invitations for the panel), close it, and run a whole round."""

from __future__ import annotations

from prefect import flow, get_run_logger

from peiling.flows import context
from peiling.flows.artifacts import artifact_key, publish_response_table
from peiling.flows.mail import send_invitations, send_reminders
from peiling.mailing import wave_status
from peiling.models import wave_calendar, wave_lifecycle
from peiling.models.base import utcnow
from peiling.models.wave import WaveStatus
from peiling.settings import get_settings


@flow(name="open-wave")
def open_wave(survey: str | None = None, label: str | None = None) -> dict:
    """Open a wave on its fixed questionnaire version and invite every active contact."""
    context.require_shared_key()
    with context.session() as db, db.begin():
        wave = context.find_current_wave(db, survey, label)
        count = wave_lifecycle.open_wave(db, wave, get_settings().effective_secret_key)
        name = f"{wave.survey_key} {wave.label}"
    get_run_logger().info(
        "wave %s is open: %d invitations created, %d existed", name, count.created, count.existing
    )
    return {"wave": name, "created": count.created, "existing": count.existing}


@flow(name="close-wave")
def close_wave(survey: str | None = None, label: str | None = None, force: bool = False) -> dict:
    """Close a wave once its closing date has passed (or now, with force); publish its table."""
    context.require_shared_key()
    with context.session() as db, db.begin():
        wave = context.find_current_wave(db, survey, label)
        due = utcnow() >= wave.closes_at
        if wave.status != WaveStatus.CLOSED and (due or force):
            wave_lifecycle.close_wave(db, wave)
        status = wave_status.wave_status(db, wave)
        publish_response_table(
            artifact_key("responses", wave.survey_key, wave.label),
            wave_status.response_table(db, wave),
            f"Responses of {wave.survey_key} {wave.label} ({wave.status})",
        )
    return status


@flow(name="wave-cycle")
def wave_cycle(
    survey: str | None = None,
    label: str | None = None,
    batch_size: int = 200,
    connections: int = 1,
    partitions: int = 1,
) -> dict:
    """Do what the wave's dates in the database say today: open and invite, remind, or close.

    Deployed to run every day, so a date changed in the database takes effect without a
    redeploy; running it twice a day sends nothing twice (each step plans only what is missing).
    """
    context.require_shared_key()
    logger = get_run_logger()
    now = utcnow()
    with context.session() as db:
        key = context.survey(db, survey)
        if label:
            wave = wave_lifecycle.get_wave(db, key, label)
        else:
            wave = wave_calendar.wave_due_today(db, key, now)
    if wave is None:
        logger.info("no wave of %s is open or due to open; nothing to do", key)
        return {"wave": None}
    survey, label = wave.survey_key, wave.label
    done: dict = {"wave": f"{survey} {label}"}
    steps = wave_calendar.due(wave, now)
    if steps.nothing:
        logger.info("wave %s (%s, opens %s): nothing due", label, wave.status, wave.opens_at)
    if steps.close:
        done["close"] = close_wave(survey, label)
    if steps.open:
        done["open"] = open_wave(survey, label)  # also invites contacts added since the opening
    if steps.invite:
        done["invitations"] = send_invitations(
            survey, label, batch_size=batch_size, connections=connections, partitions=partitions
        )
    if steps.reminder_round:
        done["reminders"] = send_reminders(
            survey,
            label,
            round=steps.reminder_round,
            batch_size=batch_size,
            connections=connections,
            partitions=partitions,
        )
    return done
