"""Fixtures for the exports: the shipped questionnaires and seeded synthetic cleaned waves."""

from __future__ import annotations

from pathlib import Path

import pytest

from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.synthetic import synthetic_waves
from peiling.exports.xlsx.workbook import write_trend_workbook
from peiling.questionnaires import parse_questionnaire, shipped
from peiling.questionnaires.comparability import wave_comparability

QUESTIONNAIRES = shipped.FOLDER
PLAN = [("2024", "2025"), ("2025", "2025"), ("2026", "2026")]


@pytest.fixture(scope="session")
def versions() -> dict:
    """Return the shipped questionnaire versions, parsed, by version."""
    result = {}
    for path in sorted(QUESTIONNAIRES.glob("ess-*.yaml")):
        questionnaire = parse_questionnaire(path.read_text(encoding="utf-8"), path.name)
        result[questionnaire.version] = questionnaire
    return result


def make_input(versions, responses=240, seed=7, plan=PLAN, organisations=None) -> TrendInput:
    """Return a trend input of synthetic cleaned waves."""
    waves = synthetic_waves(versions, plan, responses, seed=seed, organisations=organisations)
    return TrendInput(waves, versions, wave_comparability(waves, versions))


@pytest.fixture(scope="session")
def trend_input(versions) -> TrendInput:
    """Return three synthetic waves (2024 and 2025 in version 2025, 2026 in version 2026)."""
    return make_input(versions)


@pytest.fixture(scope="session")
def workbook_path(trend_input, tmp_path_factory) -> Path:
    """Return the trend workbook of the synthetic waves, written once for the session."""
    path = tmp_path_factory.mktemp("workbook") / "trends.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(small_cell_k=5))
    return path


@pytest.fixture(scope="session")
def microdata_path(trend_input, tmp_path_factory) -> Path:
    """Return the microdata workbook of the synthetic waves, with the real organisation codes."""
    path = tmp_path_factory.mktemp("microdata") / "microdata.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(microdata=True, pseudonymise=False))
    return path
