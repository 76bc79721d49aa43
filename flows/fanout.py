"""Fan-out: a big send split by invitation id into partitions, each its own flow run."""

from __future__ import annotations

import time
from collections import Counter

from prefect import flow, get_run_logger
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
from prefect.task_runners import ThreadPoolTaskRunner
from sqlalchemy import func, select

from peiling.errors import UserError
from peiling.flows import context
from peiling.flows.sending import SEND_TIMEOUT_SECONDS, send_planned
from peiling.models.invitation import Invitation
from peiling.models.mail_log import MailLog

# The deployment of send_partition in prefect.yaml (flow name/deployment name).
PARTITION_DEPLOYMENT = "send-partition/partition"
POLL_SECONDS = 2.0


@flow(
    name="send-partition",
    task_runner=ThreadPoolTaskRunner(max_workers=8),
    timeout_seconds=SEND_TIMEOUT_SECONDS,
)
def send_partition(
    survey: str,
    label: str,
    kind: str,
    round: int,
    partition: int,
    partitions: int,
    batch_size: int = 200,
    connections: int = 1,
    retry_delay: float | None = None,
) -> dict:
    """Send the due messages of the invitations whose id modulo partitions is partition.

    The send that started it holds the wave's concurrency slot; the ledger makes sure no
    message goes twice, whoever else sends.
    """
    context.require_shared_key()
    with context.session() as db:
        wave = context.find_current_wave(db, survey, label)
    args = (wave, kind, round, batch_size, connections, retry_delay)
    return send_planned(*args, partition=partition, partitions=partitions)


def fan_out(
    wave, kind: str, round: int, partitions: int, batch_size, connections, retry_delay
) -> dict:
    """Start one send-partition run per partition, wait for all; return the ledger's counts."""
    logger = get_run_logger()
    runs = [
        run_deployment(
            PARTITION_DEPLOYMENT,
            parameters={
                "survey": wave.survey_key,
                "label": wave.label,
                "kind": kind,
                "round": round,
                "partition": k,
                "partitions": partitions,
                "batch_size": batch_size,
                "connections": connections,
                "retry_delay": retry_delay,
            },
            timeout=0,  # start them all; any worker of the pool takes each
        )
        for k in range(partitions)
    ]
    names = ", ".join(run.name for run in runs)
    logger.info("started %d partitions of the %ss of %s: %s", partitions, kind, wave.label, names)
    states = _wait([run.id for run in runs])
    summary = _ledger_counts(wave.id, kind, round)
    summary["partitions"] = dict(Counter(states.values()))
    bad = {str(k): s for k, s in states.items() if s != "COMPLETED"}
    if bad:
        raise UserError(
            f"{len(bad)} of {partitions} partitions of the {kind}s of {wave.label} did not "
            f"complete ({bad}); sent so far: {summary}. Run the send again to send what is left."
        )
    return summary


def _wait(run_ids) -> dict:
    """Wait until every flow run is final; return each run's final state type."""
    final: dict = {}
    with get_client(sync_client=True) as client:
        while len(final) < len(run_ids):
            for run_id in run_ids:
                if run_id not in final:
                    state = client.read_flow_run(run_id).state
                    if state is not None and state.is_final():
                        final[run_id] = state.type.value
            if len(final) < len(run_ids):
                time.sleep(POLL_SECONDS)
    return final


def _ledger_counts(wave_id: int, kind: str, round: int) -> dict:
    """Count the ledger's rows of one kind and round of a wave by status."""
    with context.session() as db:
        rows = db.execute(
            select(MailLog.status, func.count())
            .join(Invitation, Invitation.id == MailLog.invitation_id)
            .where(Invitation.wave_id == wave_id, MailLog.kind == kind, MailLog.round == round)
            .group_by(MailLog.status)
        ).all()
    return {str(status): count for status, count in rows}
