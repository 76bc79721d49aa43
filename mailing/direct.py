"""Send one message at once, outside a flow, through the ledger: a receipt, a forwarded invitation.

The web app calls this right after the respondent's action; the ledger keeps it to one message
per invitation and kind, so pressing again or a second process never sends a second copy.
"""

from __future__ import annotations

from sqlalchemy import Engine

from peiling.errors import UserError
from peiling.mailing.batch import Outcome, send_batch
from peiling.mailing.compose import MailSettings
from peiling.mailing.smtp import configured_smtp
from peiling.settings import get_settings


def send_now(engine: Engine, invitation_id: int, kind: str, round: int = 0) -> Outcome:
    """Send one invitation's message of a kind and round now; return what happened to it."""
    outcomes = send_now_to(engine, [invitation_id], kind, round)
    if not outcomes:
        raise UserError(f"no message of kind {kind} was tried for invitation {invitation_id}")
    return outcomes[0]


def send_now_to(
    engine: Engine, invitation_ids: list[int], kind: str, round: int = 0
) -> list[Outcome]:
    """Send a few invitations' message of a kind and round now, over one connection."""
    if not invitation_ids:
        return []
    settings = get_settings()
    config = configured_smtp(settings)
    result = send_batch(
        engine, invitation_ids, kind, round, config, MailSettings.from_settings(settings)
    )
    return result.outcomes
