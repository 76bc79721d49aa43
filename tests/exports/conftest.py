"""Fixtures for the exports: the shipped questionnaires and seeded synthetic cleaned waves."""

from __future__ import annotations

from pathlib import Path

import pytest

from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.synthetic import synthetic_input
from peiling.exports.xlsx.workbook import write_trend_workbook
from peiling.questionnaires import parse_questionnaire, shipped

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
    return synthetic_input(versions, plan, responses, seed=seed, organisations=organisations)


@pytest.fixture(scope="session")
def trend_input(versions) -> TrendInput:
    """Return three synthetic waves (2024 and 2025 in version 2025, 2026 in version 2026)."""
    return make_input(versions)


@pytest.fixture(scope="session")
def workbook_path(trend_input, tmp_path_factory) -> Path:
    """Return the unweighted trend workbook of the synthetic waves (recomputed by hand in tests).

    The default, design-based figures are checked in test_design.py (weighted_workbook_path).
    """
    path = tmp_path_factory.mktemp("workbook") / "trends.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(small_cell_k=5, weights=False))
    return path


@pytest.fixture(scope="session")
def weighted_workbook_path(trend_input, tmp_path_factory) -> Path:
    """Return the trend workbook with the default options: weighted, design-based figures."""
    path = tmp_path_factory.mktemp("weighted") / "trends.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions())
    return path


@pytest.fixture(scope="session")
def microdata_path(trend_input, tmp_path_factory) -> Path:
    """Return the microdata workbook of the synthetic waves, with the real organisation codes."""
    path = tmp_path_factory.mktemp("microdata") / "microdata.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(microdata=True, pseudonymise=False))
    return path
