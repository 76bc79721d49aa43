"""One send per wave at a time: a Prefect global concurrency limit per survey and wave."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from peiling.errors import UserError
from peiling.flows.artifacts import artifact_key

# A holder renews its lease while it runs; the slot of a run killed with its host is free again
# at most this many seconds later.
LEASE_SECONDS = 60


def send_limit_name(survey: str, label: str) -> str:
    """Return the name of the concurrency limit that guards the sends of one wave."""
    return artifact_key("send", survey, label)


def _ensure_limit(name: str) -> None:
    """Create the limit with one slot unless it exists (an operator may have changed it)."""
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run created it a moment ago
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=1)
                )


@contextmanager
def one_send_per_wave(survey: str, label: str, wait_seconds: float) -> Iterator[str]:
    """Hold the wave's send slot for the block; wait for another send of the wave to end first."""
    name = send_limit_name(survey, label)
    _ensure_limit(name)
    with ExitStack() as stack:
        try:
            stack.enter_context(
                concurrency(
                    name, timeout_seconds=wait_seconds, lease_duration=LEASE_SECONDS, strict=True
                )
            )
        except TimeoutError:
            raise UserError(
                f"another send of {survey} {label} has been running for over {wait_seconds:.0f} "
                f"seconds (Prefect concurrency limit {name}); try again when it has finished"
            ) from None
        yield name
