"""Invitation and reminder flows: plan who is due, then send in batches, one connection each."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from peiling.errors import UserError
from peiling.flows import context
from peiling.flows.fanout import fan_out
from peiling.flows.locks import one_send_per_wave
from peiling.flows.sending import LOCK_WAIT_SECONDS, SEND_TIMEOUT_SECONDS, send_planned
from peiling.mailing import ledger
from peiling.models import wave_calendar
from peiling.models.base import utcnow
from peiling.models.wave import WaveStatus


def run_sends(
    wave,
    kind: str,
    round: int,
    batch_size: int,
    connections: int,
    retry_delay: float | None,
    partitions: int = 1,
) -> dict:
    """Plan and send one kind and round, one send per wave at a time; publish table and progress.

    With partitions > 1 the send holds the wave's slot while each partition runs as its own
    flow run, on whatever worker takes it (peiling.flows.fanout).
    """
    with one_send_per_wave(wave.survey_key, wave.label, LOCK_WAIT_SECONDS):
        if partitions > 1:
            return fan_out(wave, kind, round, partitions, batch_size, connections, retry_delay)
        return send_planned(wave, kind, round, batch_size, connections, retry_delay)


@flow(
    name="send-invitations",
    task_runner=ThreadPoolTaskRunner(max_workers=8),
    timeout_seconds=SEND_TIMEOUT_SECONDS,
)
def send_invitations(
    survey: str | None = None,
    label: str | None = None,
    batch_size: int = 200,
    connections: int = 1,
    retry_delay: float | None = None,
    partitions: int = 1,
) -> dict:
    """Send the invitation to every invited contact who has not had it (safe to run again)."""
    context.require_shared_key()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    if wave.status != WaveStatus.OPEN:
        raise UserError(f"wave {wave.label} is {wave.status}; open it before inviting")
    return run_sends(wave, ledger.INVITATION, 0, batch_size, connections, retry_delay, partitions)


@flow(
    name="send-reminders",
    task_runner=ThreadPoolTaskRunner(max_workers=8),
    timeout_seconds=SEND_TIMEOUT_SECONDS,
)
def send_reminders(
    survey: str | None = None,
    label: str | None = None,
    round: int | None = None,
    batch_size: int = 200,
    connections: int = 1,
    retry_delay: float | None = None,
    partitions: int = 1,
) -> dict:
    """Remind who has not submitted, once per round; the round due today when not given."""
    context.require_shared_key()
    logger = get_run_logger()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    now = utcnow()
    if wave.status != WaveStatus.OPEN or now >= wave.closes_at:
        logger.info("wave %s is not open; no reminders", wave.label)
        return {"planned": 0}
    if round is None:
        round = wave_calendar.reminder_round_due(wave, now)
        if round == 0:
            logger.info("no reminder round of wave %s is due yet", wave.label)
            return {"planned": 0}
    if round < 1:
        raise UserError("reminder rounds count from 1")
    return run_sends(wave, ledger.REMINDER, round, batch_size, connections, retry_delay, partitions)
