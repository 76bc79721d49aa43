"""The respondent's journey: found from the signed session only, never from the URL or form."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import session

from models.invitation import Invitation, InvitationStatus
from models.response import Response
from models.responses import find_response, start_response
from models.wave import Wave
from webforms.database import get_session

SESSION_KEY = "invitation_id"
_cache: dict[tuple[int, str], object] = {}
_cache_lock = threading.Lock()


@dataclass
class Journey:
    """One respondent's invitation, wave, questionnaire and (once started) response."""

    invitation: Invitation
    wave: Wave
    questionnaire: object
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


def questionnaire_of(wave: Wave):
    """Return the parsed questionnaire of a wave (parsed once per process and version)."""
    version = wave.questionnaire_version
    key = (version.id, version.checksum)
    found = _cache.get(key)
    if found is None:
        from models.questionnaire import parse_questionnaire

        found = parse_questionnaire(version.source_text, f"{version.survey_key}-{version.version}")
        with _cache_lock:
            _cache[key] = found
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
