"""Clean a stored wave: read its rows, relate its version to the newest, apply the rules."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cleaning.config import CleaningConfig
from cleaning.dataset import CleanedWave
from cleaning.harmonise import comparison_chain
from cleaning.pipeline import WaveInfo, clean_frames
from cleaning.raw import load_invitations, load_organisations, load_responses
from models.questionnaire.store import latest_version, parsed
from models.questionnaire_version import QuestionnaireVersion
from models.wave import Wave


def survey_versions(session: Session, survey_key: str) -> dict:
    """Return every stored version of a survey, parsed, by version name."""
    rows = session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.survey_key == survey_key)
    ).all()
    return {row.version: parsed(row) for row in rows}


def clean_wave(
    session: Session,
    wave: Wave,
    *,
    config: CleaningConfig | None = None,
    target_version: str | None = None,
    on: date | None = None,
) -> CleanedWave:
    """Return the cleaned dataset of a stored wave, in the newest version's keys and codes."""
    versions = survey_versions(session, wave.survey_key)
    source = wave.questionnaire_version.version
    target = target_version or latest_version(session, wave.survey_key).version
    questionnaire = versions[source]
    invitations = load_invitations(session, wave)
    return clean_frames(
        load_responses(session, wave, invitations),
        invitations,
        load_organisations(session),
        wave=WaveInfo(wave.survey_key, wave.label, wave.opens_at, wave.closes_at),
        questionnaire=questionnaire,
        target=versions[target],
        comparison=comparison_chain(versions, source, target),
        config=config,
        on=on,
    )
