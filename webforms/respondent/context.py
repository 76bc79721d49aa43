"""The respondent's journey: found from the signed session only, never from the URL or form."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property

from flask import session
from sqlalchemy import bindparam, select

from peiling.models.answering import start_response, unit_key_column
from peiling.models.contact import Contact
from peiling.models.invitation import Invitation, InvitationStatus
from peiling.models.questionnaire_store import get_questionnaire
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.response import Response
from peiling.models.wave import Wave
from peiling.questionnaires import Questionnaire
from peiling.webforms.database import get_session

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

    @cached_property
    def answers(self) -> dict:
        """The saved answers (read once; a copy, never changed in place)."""
        return dict(self.response.answers or {}) if self.response else {}

    @property
    def version(self) -> int:
        """The response's version counter (0 before the first save)."""
        return self.response.version if self.response else 0

    @property
    def submitted(self) -> bool:
        """Whether the response was submitted."""
        return bool(self.response and self.response.submitted)


def questionnaire_of(wave: Wave, checksum: str | None = None) -> Questionnaire:
    """Return the parsed questionnaire of a wave (parsed once per process and checksum).

    Only the checksum is read per request, sparing every request the version's source text.
    """
    db = get_session()
    version_id = wave.questionnaire_version_id
    if checksum is None:
        checksum = db.scalar(
            select(QuestionnaireVersion.checksum).where(QuestionnaireVersion.id == version_id)
        )
    found = _cache.get((version_id, checksum))
    if found is None:
        found = get_questionnaire(db, version_id)
        with _cache_lock:
            _cache[(version_id, checksum)] = found
    return found


# Built once: constructing the statement costs more than running it. The response is found
# by its unit key (models/answering.py), as find_response does, in the same query.
_JOURNEY_QUERY = (
    select(Invitation, Wave, QuestionnaireVersion.checksum, Response)
    .join(Wave, Invitation.wave_id == Wave.id)
    .join(Contact, Invitation.contact_id == Contact.id)
    .join(QuestionnaireVersion, Wave.questionnaire_version_id == QuestionnaireVersion.id)
    .outerjoin(
        Response,
        (Response.wave_id == Invitation.wave_id) & (Response.unit_key == unit_key_column()),
    )
    .where(Invitation.id == bindparam("invitation_id"))
)


def load_journey(*, read_only: bool = False) -> Journey | None:
    """Return the journey of the invitation in the session, or None (no session, withdrawn).

    read_only: the request shows a page and writes nothing (see get_session).
    """
    invitation_id = session.get(SESSION_KEY)
    if not isinstance(invitation_id, int):
        return None
    db = get_session(read_only=read_only)
    # One query for the invitation, its wave, the questionnaire's checksum and the response.
    row = db.execute(_JOURNEY_QUERY.params(invitation_id=invitation_id)).first()
    if row is None or row.Invitation.status == InvitationStatus.WITHDRAWN:
        return None
    invitation, wave, checksum, response = row
    return Journey(invitation, wave, questionnaire_of(wave, checksum), response)


def ensure_response(journey: Journey) -> Response:
    """Return the journey's response, creating it on the first save."""
    if journey.response is None:
        journey.response = start_response(get_session(), journey.invitation)
    return journey.response
