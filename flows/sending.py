"""Sending one kind and round of a wave: plan who is due, then batches, one connection each.

The plain orchestration behind the send flows (flows/mail.py) and their partitions
(flows/fanout.py); the caller holds the wave's send slot.
"""

from __future__ import annotations

import time
from collections import Counter

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from peiling.errors import UserError
from peiling.flows import context
from peiling.flows.artifacts import Progress, artifact_key, publish_send_table
from peiling.mailing import ledger, plan
from peiling.mailing.batch import NOT_TRIED, RETRY, SENT, UNKNOWN, BatchResult, Outcome, send_batch
from peiling.models.wave import Wave

# A run waits this long for another send of the same wave to end, and may take this long in all.
LOCK_WAIT_SECONDS = 2 * 3600
SEND_TIMEOUT_SECONDS = 4 * 3600
RETRY_DELAYS = (5.0, 30.0, 120.0)


class MailServerUnavailable(UserError):
    """The mail server was lost and stayed away; what was not sent is left for the next run."""


@task(name="plan-sends", cache_policy=NO_CACHE)
def plan_task(wave_id: int, kind: str, round: int) -> list[int]:
    """List the invitations due this message."""
    with context.session() as db:
        wave = db.get(Wave, wave_id)
        return plan.plan(db, wave, kind, round)


@task(name="send-batch", cache_policy=NO_CACHE)
def send_batch_task(
    invitation_ids: list[int], kind: str, round: int, retry_delays: tuple[float, ...]
) -> BatchResult:
    """Send one batch over one SMTP connection; after a lost connection, wait and send the rest.

    The retries live here rather than in Prefect's task retries so that the result holds what
    every attempt did: the run table then counts the messages sent before a connection broke.
    """
    logger = get_run_logger()
    result = BatchResult()
    left = list(invitation_ids)
    for attempt, delay in enumerate((0.0, *retry_delays)):
        if attempt:
            logger.warning("%s; trying the %d left in %.0f s", result.interrupted, len(left), delay)
            time.sleep(delay)
        result.merge(
            send_batch(
                context.engine(),
                left,
                kind,
                round,
                context.smtp_config(),
                context.mail_settings(),
            )
        )
        left = result.left(invitation_ids)
        if not result.interrupted or not left:
            result.interrupted = result.interrupted if left else None
            break
    return result


def _batches(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def send_name(kind: str, round: int, partition: int = 0, partitions: int = 1) -> str:
    """Return the name of a send (and of its artifacts), with its partition when split."""
    name = f"{kind}s" if kind == ledger.INVITATION else f"reminders-round-{round}"
    return name if partitions <= 1 else f"{name}-part-{partition + 1}-of-{partitions}"


def send_planned(
    wave, kind, round, batch_size, connections, retry_delay, partition=0, partitions=1
) -> dict:
    """Send what is due of one kind and round (of one partition); the caller holds the slot."""
    logger = get_run_logger()
    name = send_name(kind, round, partition, partitions)
    ids = [i for i in plan_task(wave.id, kind, round) if i % partitions == partition]
    what = f"{name} of {wave.survey_key} {wave.label}"
    key = artifact_key(name, wave.survey_key, wave.label)
    progress = Progress(key + "-progress", len(ids), what)
    delays = RETRY_DELAYS if retry_delay is None else (retry_delay,) * len(RETRY_DELAYS)
    run = BatchResult()
    lost: list[str] = []
    errors: list[BaseException] = []
    pending = []

    def collect(future) -> None:
        future.wait()
        if future.state.is_completed():
            result = future.result()
            run.merge(result)
            progress.advance(len(result.outcomes))
            if result.interrupted:
                lost.append(result.interrupted)
            return
        error = future.state.result(raise_on_failure=False)
        errors.append(error if isinstance(error, BaseException) else RuntimeError(str(error)))

    for batch in _batches(ids, max(1, batch_size)):
        if lost or errors:  # the mail server is gone: the next run sends the rest
            break
        pending.append(send_batch_task.submit(batch, kind, round, delays))
        if len(pending) >= max(1, connections):
            collect(pending.pop(0))
    for future in pending:
        collect(future)

    reached = {o.invitation_id for o in run.outcomes}
    outcomes = run.outcomes + [Outcome(i, "", NOT_TRIED) for i in ids if i not in reached]
    summary = dict(Counter(o.result for o in outcomes))
    summary["planned"] = len(ids)
    note = f"; stopped: {lost[0]}" if lost else ""
    publish_send_table(key, outcomes, f"{what}: {summary}{note}")
    logger.info("%s: %s%s", what, summary, note)
    unknown = summary.get(UNKNOWN, 0)
    if unknown:
        logger.warning(
            "%d message(s) of %s have an unknown outcome and are not sent again by themselves: "
            "find their Message-IDs (run table, `peiling wave status`) in the mail server's log, "
            "then `peiling wave release-unknown` those that did not arrive",
            unknown,
            what,
        )
    if errors:  # e.g. a refused login: the run fails with that reason, after the table
        raise errors[0]
    if lost:
        left = summary.get(RETRY, 0) + summary.get(NOT_TRIED, 0)
        raise MailServerUnavailable(
            f"the mail server was lost: {lost[0]}; {summary.get(SENT, 0)} sent in this run, "
            f"{left} left for the next run"
            + (
                f", {unknown} with an unknown outcome (see `peiling wave status`)"
                if unknown
                else ""
            )
            + "; run the flow again to send what is left"
        )
    return summary
