"""Two small versions of a survey with facts carried forward; version 2 recodes an option."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from peiling.models.invitation import Invitation
from peiling.models.response import Response
from peiling.models.wave_lifecycle import open_wave
from tests import factories

VERSION_1 = """
survey: feiten
version: "1"
title: {nl: Feiten, en: Facts}
languages: [nl, en]
pages:
  - key: beleid
    title: {nl: Beleid, en: Policy}
    questions:
      - key: plan
        type: single_choice
        text: {nl: "Is er een beleidsplan?", en: "Is there a policy plan?"}
        options:
          - {code: 1, label: {nl: Ja, en: "Yes"}}
          - {code: 2, label: {nl: Nee, en: "No"}}
          - {code: 3, label: {nl: In voorbereiding, en: Being prepared}}
      - key: jaar
        type: number
        integer: true
        min: 2000
        max: 2030
        text: {nl: "In welk jaar vastgesteld?", en: "Adopted in which year?"}
      - key: mening
        type: likert
        text: {nl: "Werkt het plan?", en: "Does the plan work?"}
        options:
          - {code: 1, label: {nl: Nee, en: "No"}}
          - {code: 2, label: {nl: Ja, en: "Yes"}}
"""

VERSION_2 = """
survey: feiten
version: "2"
previous_version: "1"
title: {nl: Feiten, en: Facts}
languages: [nl, en]
pages:
  - key: beleid
    title: {nl: Beleid, en: Policy}
    questions:
      - key: plan
        type: single_choice
        carried_forward: true
        change:
          status: recoded
          code_map: {1: 1, 2: 2, 3: 4}
          note: In voorbereiding heeft nu code 4; code 3 is concept.
        text: {nl: "Is er een beleidsplan?", en: "Is there a policy plan?"}
        options:
          - {code: 1, label: {nl: Ja, en: "Yes"}}
          - {code: 2, label: {nl: Nee, en: "No"}}
          - {code: 3, label: {nl: Concept, en: Draft}}
          - {code: 4, label: {nl: In voorbereiding, en: Being prepared}}
      - key: jaar
        type: number
        carried_forward: true
        integer: true
        min: 2000
        max: 2030
        text: {nl: "In welk jaar vastgesteld?", en: "Adopted in which year?"}
      - key: mening
        type: likert
        text: {nl: "Werkt het plan?", en: "Does the plan work?"}
        options:
          - {code: 1, label: {nl: Nee, en: "No"}}
          - {code: 2, label: {nl: Ja, en: "Yes"}}
"""


def two_waves(session):
    """Return last year's wave (version 1) and this year's (version 2) of the facts survey."""
    first = factories.wave(
        session,
        factories.version(session, survey="feiten", number="1", text=VERSION_1),
        label="1",
        opened_days_ago=400,
    )
    second = factories.wave(
        session,
        factories.version(session, survey="feiten", number="2", text=VERSION_2),
        label="2",
    )
    return first, second


def answered(session, wave, org, answers, *, submitted=True, invitation=None):
    """Store a response of an organisation in a wave (submitted unless told otherwise)."""
    session.add(
        Response(
            wave_id=wave.id,
            unit_key=f"organisation:{org.id}",
            organisation_id=org.id,
            invitation_id=invitation.id if invitation is not None else None,
            answers=answers,
            submitted_at=datetime.now(UTC) if submitted else None,
        )
    )
    session.flush()


def answered_by_contacts(session, wave, given: dict):
    """Invite a contact per organisation to an open wave and store their submitted answers."""
    for org in given:
        factories.contact(session, org, email=f"info@{org.code.lower()}.nl")
    open_wave(session, wave, "test-secret-key")
    invited = {i.contact.organisation_id: i for i in session.scalars(select(Invitation))}
    for org, answers in given.items():
        answered(session, wave, org, answers, invitation=invited[org.id])
    session.commit()
