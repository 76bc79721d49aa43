"""The one place an export touches the database: load the cleaned waves and the versions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.exports.options import TrendInput
from peiling.questionnaires.comparability import wave_comparability


def parse_labels(text: str) -> list[str]:
    """Return the wave labels of a comma-separated list, refusing an empty or doubled one."""
    return check_labels(text.split(","))


def check_labels(labels: list[str], required: bool = True) -> list[str]:
    """Return wave labels stripped, refusing a doubled one (and none at all when required)."""
    labels = [label.strip() for label in labels if label.strip()]
    if required and not labels:
        raise UserError("give at least one wave label, e.g. --waves 2024,2025,2026")
    doubled = sorted({label for label in labels if labels.count(label) > 1})
    if doubled:
        raise UserError(f"wave label(s) given twice: {', '.join(doubled)}")
    return labels


def load_trend_input(
    session: Session,
    survey_key: str,
    labels: list[str],
    division: str = "current",
    data_path: Path | None = None,
) -> TrendInput:
    """Return the cleaned waves (stored ones when current), their versions and comparability."""
    from peiling.cleaning.store import load_cleaned_waves
    from peiling.models.questionnaire_store import survey_versions

    waves = load_cleaned_waves(session, survey_key, labels, division, data_path=data_path)
    versions = survey_versions(session, survey_key)
    targets = {w.target_version for w in waves}
    if len(targets) > 1:
        raise UserError(
            "the cleaned waves use different questionnaire versions as target: "
            + ", ".join(sorted(targets))
        )
    from sqlalchemy import select

    from peiling.exports.disclosure import name_parts
    from peiling.exports.population import municipalities_on
    from peiling.models.contact import Contact

    names = name_parts(list(session.scalars(select(Contact.name))))
    populations = {w.label: municipalities_on(session, w.opens_at.date(), division) for w in waves}
    return TrendInput(
        waves, versions, wave_comparability(waves, versions), division, names, populations
    )
