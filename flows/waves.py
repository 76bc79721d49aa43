"""Wave flows: open a wave (invitations for the panel), close it, and run a whole round."""

from __future__ import annotations

from prefect import flow, get_run_logger

from peiling.flows import context
from peiling.flows.artifacts import artifact_key, publish_response_table
from peiling.flows.mail import send_invitations, send_reminders
from peiling.mailing import plan, wave_status
from peiling.models import wave_lifecycle
from peiling.models.base import utcnow
from peiling.models.wave import WaveStatus
from peiling.settings import get_settings


@flow(name="open-wave")
def open_wave(survey: str | None = None, label: str | None = None) -> dict:
    """Open a wave on its fixed questionnaire version and invite every active contact."""
    context.use_prefect_configuration()
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
    context.use_prefect_configuration()
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
) -> dict:
    """Bring a wave where its dates say: open and invite, remind when due, close when over."""
    context.use_prefect_configuration()
    logger = get_run_logger()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    survey, label, now = wave.survey_key, wave.label, utcnow()
    done: dict = {"wave": f"{survey} {label}"}
    if wave.status == WaveStatus.CLOSED:
        logger.info("wave %s is closed; nothing to do", label)
        return done
    if now < wave.opens_at:
        logger.info("wave %s opens at %s; nothing to do yet", label, wave.opens_at)
        return done
    if now >= wave.closes_at:
        done["close"] = close_wave(survey, label)
        return done
    done["open"] = open_wave(survey, label)  # also invites contacts added since the opening
    done["invitations"] = send_invitations(
        survey, label, batch_size=batch_size, connections=connections
    )
    due = plan.reminder_round_due(wave, now)
    if due:
        done["reminders"] = send_reminders(
            survey, label, round=due, batch_size=batch_size, connections=connections
        )
    return done
