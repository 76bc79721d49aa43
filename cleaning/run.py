"""Clean stored waves and keep the results: the functions behind the clean flow and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.store import (
    fingerprint,
    is_up_to_date,
    report_data,
    save_cleaned,
    wave_config,
    wave_folder,
)
from peiling.cleaning.wave import clean_wave
from peiling.models.wave import WaveStatus
from peiling.models.wave_lifecycle import get_wave, survey_waves
from peiling.vocabulary import DEFAULT_DIVISION


@dataclass
class CleaningRun:
    """What a cleaning run did: a report per cleaned wave, and the waves left as they were."""

    survey: str
    reports: list[dict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def clean_and_store(
    session: Session, survey_key: str, label: str, data_path: Path, config: CleaningConfig
) -> dict:
    """Clean one wave, store dataset and report in the data folder; return the report."""
    wave = get_wave(session, survey_key, label)
    stamp = fingerprint(session, wave, config)
    cleaned = clean_wave(session, wave, config=config)
    paths = save_cleaned(wave_folder(data_path, survey_key, label), cleaned, config, stamp)
    report = report_data(cleaned, config)
    report["files"] = {name: str(path) for name, path in paths.items()}
    return report


def clean_survey(
    session: Session,
    survey_key: str,
    data_path: Path,
    *,
    labels: list[str] | None = None,
    division: str = DEFAULT_DIVISION,
    changes: dict | None = None,
) -> CleaningRun:
    """Clean the named waves, or else every opened wave whose raw data changed since its clean.

    Each wave keeps the settings it was last cleaned with; changes (setting name: value)
    replace some of them. Waves are cleaned in the order they ran.
    """
    CleaningConfig.from_dict({**(changes or {}), "division": division})  # refuse bad settings
    if labels:
        waves = [get_wave(session, survey_key, label) for label in labels]
    else:
        waves = [w for w in survey_waves(session, survey_key) if w.status != WaveStatus.PLANNED]
    run = CleaningRun(survey_key)
    for wave in waves:
        config = wave_config(data_path, wave, division, changes)
        if not labels and is_up_to_date(session, wave, data_path, config):
            run.unchanged.append(wave.label)
            continue
        run.reports.append(clean_and_store(session, survey_key, wave.label, data_path, config))
    return run
