"""Artifacts the flows publish: the per-run send table, send progress, the response table."""

from __future__ import annotations

import re
from collections import Counter
from uuid import UUID

from prefect.artifacts import (
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)

from peiling.mailing.batch import NOT_TRIED, SENT, Outcome

MAX_DETAIL_ROWS = 500


def artifact_key(*parts: str) -> str:
    """Return a valid artifact key (lowercase letters, digits and dashes) from parts."""
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")


def send_table(outcomes: list[Outcome]) -> list[dict]:
    """Return the run table: one total row per result, then every message tried but not sent."""
    totals = Counter(o.result for o in outcomes)
    rows = [
        {"result": r, "count": n, "recipient": "", "reason": "", "message_id": ""}
        for r, n in totals.items()
    ]
    others = [o for o in outcomes if o.result not in (SENT, NOT_TRIED)][:MAX_DETAIL_ROWS]
    rows += [
        {
            "result": o.result,
            "count": 1,
            "recipient": o.recipient,
            "reason": o.reason,
            "message_id": o.message_id,
        }
        for o in others
    ]
    return rows


def publish_send_table(key: str, outcomes: list[Outcome], description: str) -> None:
    """Publish the table of one send run."""
    create_table_artifact(table=send_table(outcomes), key=key, description=description)


class Progress:
    """A progress artifact updated as batches finish."""

    def __init__(self, key: str, total: int, description: str):
        self.total = total
        self.done = 0
        self.id: UUID = create_progress_artifact(0.0, key=key, description=description)

    def advance(self, count: int) -> None:
        """Count finished messages and update the artifact."""
        self.done += count
        share = 100.0 if not self.total else min(100.0, 100.0 * self.done / self.total)
        update_progress_artifact(self.id, share)


def publish_response_table(key: str, rows: list[dict], description: str) -> None:
    """Publish the wave's response table."""
    create_table_artifact(table=rows, key=key, description=description)
