"""Clean a stored wave: read its rows, relate its version to the newest, apply the rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.dataset import CleanedWave
from peiling.cleaning.pipeline import WaveInfo, clean_frames
from peiling.cleaning.raw import (
    load_contacts,
    load_invitations,
    load_organisations,
    load_responses,
    no_collection,
)
from peiling.models.questionnaire_store import latest_version, survey_versions
from peiling.models.wave import Wave
from peiling.questionnaires.comparability import comparison_chain


def clean_wave(
    session: Session,
    wave: Wave,
    *,
    config: CleaningConfig | None = None,
    target_version: str | None = None,
    on: date | None = None,
) -> CleanedWave:
    """Return the cleaned dataset of a stored wave, in the newest version's keys and codes."""
    return clean_waves(session, [wave], config=config, target_version=target_version, on=on)[0]


def clean_waves(
    session: Session,
    waves: list[Wave],
    *,
    config: CleaningConfig | None = None,
    target_version: str | None = None,
    on: date | None = None,
) -> list[CleanedWave]:
    """Clean several waves of one survey, reading organisations, contacts and versions once."""
    return list(
        iter_clean_waves(session, waves, config=config, target_version=target_version, on=on)
    )


def iter_clean_waves(
    session: Session,
    waves: list[Wave],
    *,
    config: CleaningConfig | None = None,
    target_version: str | None = None,
    on: date | None = None,
) -> Iterator[CleanedWave]:
    """Yield the cleaned waves one by one (so only one need be in memory at a time)."""
    if not waves:
        return
    survey_key = waves[0].survey_key
    versions = survey_versions(session, survey_key)
    target = target_version or latest_version(session, survey_key).version
    organisations = load_organisations(session)
    contacts = load_contacts(session)
    for wave in waves:
        source = wave.questionnaire_version.version
        with no_collection():
            invitations = load_invitations(session, wave, contacts)
            cleaned = clean_frames(
                load_responses(session, wave, invitations),
                invitations,
                organisations,
                wave=WaveInfo(wave.survey_key, wave.label, wave.opens_at, wave.closes_at),
                questionnaire=versions[source],
                target=versions[target],
                comparison=comparison_chain(versions, source, target),
                config=config,
                on=on,
            )
        yield cleaned
