"""Clean a stored wave and keep the result: the one function behind the flow and the CLI."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from peiling.cleaning.config import CleaningConfig
from peiling.cleaning.store import fingerprint, report_data, save_cleaned, wave_folder
from peiling.cleaning.wave import clean_wave
from peiling.models.wave_lifecycle import get_wave


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
