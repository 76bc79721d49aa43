"""Invitation and reminder flows: plan who is due, then send in batches, one connection each."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from peiling.errors import UserError
from peiling.flows import context
from peiling.flows.artifacts import Progress, artifact_key, publish_send_table
from peiling.mailing import ledger, plan
from peiling.mailing.batch import SENT, BatchResult, Outcome, send_batch
from peiling.models.base import utcnow
from peiling.models.wave import Wave, WaveStatus


class MailServerUnavailable(UserError):
    """A batch lost its connection to the mail server; retrying it later is safe."""


def _retry_on_connection_loss(task, task_run, state) -> bool:
    """Retry a batch only when its connection was lost, never after a refusal or a bug."""
    return isinstance(state.result(raise_on_failure=False), MailServerUnavailable)


@task(name="plan-sends", cache_policy=NO_CACHE)
def plan_task(wave_id: int, kind: str, round: int) -> list[int]:
    """List the invitations due this message."""
    with context.session() as db:
        wave = db.get(Wave, wave_id)
        return plan.plan(db, wave, kind, round)


@task(
    name="send-batch",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[5, 30, 120],
    retry_condition_fn=_retry_on_connection_loss,
)
def send_batch_task(invitation_ids: list[int], kind: str, round: int) -> BatchResult:
    """Send one batch over one SMTP connection; a lost connection fails the task for a retry."""
    result = send_batch(
        context.engine(),
        invitation_ids,
        kind,
        round,
        context.smtp_config(),
        context.mail_settings(),
    )
    if result.interrupted:
        sent = result.count(SENT)
        raise MailServerUnavailable(f"{result.interrupted} (after {sent} sent in this batch)")
    return result


def _batches(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def run_sends(
    wave, kind: str, round: int, batch_size: int, connections: int, retry_delay: float | None
) -> dict:
    """Plan and send one kind and round for a wave; publish the run table and progress."""
    logger = get_run_logger()
    ids = plan_task(wave.id, kind, round)
    name = f"{kind}s" if kind == ledger.INVITATION else f"reminders-round-{round}"
    key = artifact_key(name, wave.survey_key, wave.label)
    progress = Progress(key + "-progress", len(ids), f"{name} of {wave.survey_key} {wave.label}")
    sender = send_batch_task
    if retry_delay is not None:
        sender = send_batch_task.with_options(retry_delay_seconds=retry_delay)
    outcomes: list[Outcome] = []
    lost: list[str] = []
    errors: list[BaseException] = []
    pending = []

    def collect(future) -> None:
        future.wait()
        state = future.state
        if state.is_completed():
            result = future.result()
            outcomes.extend(result.outcomes)
            progress.advance(len(result.outcomes))
            return
        error = state.result(raise_on_failure=False)
        if isinstance(error, MailServerUnavailable):
            lost.append(str(error))
        else:
            errors.append(error if isinstance(error, BaseException) else RuntimeError(str(error)))

    for batch in _batches(ids, max(1, batch_size)):
        if lost or errors:  # the mail server is gone: the next run sends the rest
            break
        pending.append(sender.submit(batch, kind, round))
        if len(pending) >= max(1, connections):
            collect(pending.pop(0))
    for future in pending:
        collect(future)

    summary = {r: sum(1 for o in outcomes if o.result == r) for r in {o.result for o in outcomes}}
    summary["planned"] = len(ids)
    publish_send_table(
        key, outcomes, f"{name} of {wave.survey_key} {wave.label}: {summary}; stopped: {lost}"
    )
    logger.info("%s of %s %s: %s", name, wave.survey_key, wave.label, summary)
    if errors:  # e.g. a refused login: the run fails with that reason, after the table
        raise errors[0]
    if lost:
        raise MailServerUnavailable(
            f"the mail server could not be reached: {lost[0]}; "
            "run the flow again to send the rest (nothing is sent twice)"
        )
    return summary


@flow(name="send-invitations", task_runner=ThreadPoolTaskRunner(max_workers=8))
def send_invitations(
    survey: str | None = None,
    label: str | None = None,
    batch_size: int = 200,
    connections: int = 1,
    retry_delay: float | None = None,
) -> dict:
    """Send the invitation to every invited contact who has not had it (safe to run again)."""
    context.use_prefect_configuration()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    if wave.status != WaveStatus.OPEN:
        raise UserError(f"wave {wave.label} is {wave.status}; open it before inviting")
    return run_sends(wave, ledger.INVITATION, 0, batch_size, connections, retry_delay)


@flow(name="send-reminders", task_runner=ThreadPoolTaskRunner(max_workers=8))
def send_reminders(
    survey: str | None = None,
    label: str | None = None,
    round: int | None = None,
    batch_size: int = 200,
    connections: int = 1,
    retry_delay: float | None = None,
) -> dict:
    """Remind who has not submitted, once per round; the round due today when not given."""
    context.use_prefect_configuration()
    logger = get_run_logger()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    now = utcnow()
    if wave.status != WaveStatus.OPEN or now >= wave.closes_at:
        logger.info("wave %s is not open; no reminders", wave.label)
        return {"planned": 0}
    if round is None:
        round = plan.reminder_round_due(wave, now)
        if round == 0:
            logger.info("no reminder round of wave %s is due yet", wave.label)
            return {"planned": 0}
    if round < 1:
        raise UserError("reminder rounds count from 1")
    return run_sends(wave, ledger.REMINDER, round, batch_size, connections, retry_delay)
