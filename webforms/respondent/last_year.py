"""Last year's facts on a questionnaire page: prefill carried-forward questions and say so."""

from __future__ import annotations

from peiling.models.carry_forward import last_year_facts
from peiling.webforms import questions as registry
from peiling.webforms.database import get_session


def last_year_on(journey, page) -> dict:
    """Return last year's answers of the journey's municipality to the page's carried questions."""
    if not any(question.carried_forward for question in page.questions):
        return {}
    organisation_id = journey.invitation.contact.organisation_id
    facts = last_year_facts(get_session(), journey.wave, [organisation_id])[organisation_id]
    keys = {k for q in page.questions if q.carried_forward for k in q.storage_keys()}
    return {key: value for key, value in facts.items() if key in keys}


def prefilled(journey, facts: dict) -> dict:
    """Return the saved answers with last year's filled in where nothing is saved yet."""
    return {**facts, **journey.answers}


def last_year_notes(page, facts: dict, lang: str) -> dict[str, str]:
    """Return per question key last year's answer as text, for the note beside the question."""
    notes = {}
    for question in page.questions:
        if not question.carried_forward or not any(k in facts for k in question.storage_keys()):
            continue
        lines = registry.handler_for(question).display(question, facts, lang)
        notes[question.key] = "; ".join(
            f"{label}: {value}" if label else value for label, value in lines if value
        )
    return notes
