"""The respondent's journey: found from the signed session only, never from the URL or form."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import session
from sqlalchemy import select

from models.invitation import Invitation, InvitationStatus
from models.questionnaire import Questionnaire, get_questionnaire
from models.questionnaire_version import QuestionnaireVersion
from models.response import Response
from models.responses import find_response, start_response
from models.wave import Wave
from webforms.database import get_session

SESSION_KEY = "invitation_id"
_cache: dict[tuple[int, str], Questionnaire] = {}
_cache_lock = threading.Lock()


@dataclass
class Journey:
    """One respondent's invitation, wave, questionnaire and (once started) response."""

    invitation: Invitation
    wave: Wave
    questionnaire: Questionnaire
    response: Response | None

    @property
    def answers(self) -> dict:
        return dict(self.response.answers or {}) if self.response else {}

    @property
    def version(self) -> int:
        return self.response.version if self.response else 0

    @property
    def submitted(self) -> bool:
        return bool(self.response and self.response.submitted)


def questionnaire_of(wave: Wave) -> Questionnaire:
    """Return the parsed questionnaire of a wave (parsed once per process and checksum).

    Only the checksum is read per request, sparing every request the version's source text.
    """
    db = get_session()
    version_id = wave.questionnaire_version_id
    checksum = db.scalar(
        select(QuestionnaireVersion.checksum).where(QuestionnaireVersion.id == version_id)
    )
    found = _cache.get((version_id, checksum))
    if found is None:
        found = get_questionnaire(db, version_id)
        with _cache_lock:
            _cache[(version_id, checksum)] = found
    return found


def load_journey() -> Journey | None:
    """Return the journey of the invitation in the session, or None (no session, withdrawn)."""
    invitation_id = session.get(SESSION_KEY)
    if not isinstance(invitation_id, int):
        return None
    db = get_session()
    invitation = db.get(Invitation, invitation_id)
    if invitation is None or invitation.status == InvitationStatus.WITHDRAWN:
        return None
    wave = invitation.wave
    return Journey(invitation, wave, questionnaire_of(wave), find_response(db, invitation))


def ensure_response(journey: Journey) -> Response:
    """Return the journey's response, creating it on the first save."""
    if journey.response is None:
        journey.response = start_response(get_session(), journey.invitation)
    return journey.response
