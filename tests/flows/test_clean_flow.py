"""The cleaning flow, run for real under a Prefect test server."""

from __future__ import annotations

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.variables import Variable
from sqlalchemy import select

from peiling.cli import main
from peiling.errors import UserError
from peiling.flows.clean import clean_flow
from peiling.flows.context import SURVEY_VARIABLE
from peiling.models import Response
from peiling.models.base import utcnow
from peiling.models.wave_lifecycle import get_wave
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"


def change_a_response(session, label: str) -> None:
    """Change one stored answer of a wave, as a late correction would."""
    wave = get_wave(session, SURVEY, label)
    response = session.scalars(select(Response).where(Response.wave_id == wave.id)).first()
    response.answers = {**response.answers, "opmerkingen": "Later aangevuld"}
    response.updated_at = utcnow()


async def artifact(key: str):
    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    return found


def test_the_flow_cleans_a_wave_and_publishes_its_report(prefect_harness, db_session, settings):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=4, fast=True
    )
    db_session.commit()
    result = clean_flow("2025", settings={"min_share_answered": 0.4})
    [report] = result["cleaned"]
    assert report["wave"] == "2025" and report["target_version"] == "2026"
    assert report["settings"]["min_share_answered"] == 0.4
    folder = settings.data_path / "cleaned" / SURVEY / "2025"
    assert (folder / "cleaned-current.pkl").is_file()
    assert (folder / "report-current.json").is_file()
    published = asyncio.run(artifact("cleaning-ess-behoeftepeiling-2025"))
    assert published and "Cleaning report" in published[0].data


def test_without_parameters_it_cleans_every_wave_whose_data_changed(
    prefect_harness, db_session, settings
):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=5, fast=True
    )
    db_session.commit()
    first = clean_flow()
    assert first["survey"] == SURVEY
    assert [r["wave"] for r in first["cleaned"]] == ["2025", "2026"]
    stored = settings.data_path / "cleaned" / SURVEY / "2025" / "cleaned-current.pkl"
    written = stored.stat().st_mtime_ns

    again = clean_flow()
    assert again["cleaned"] == [] and again["unchanged"] == ["2025", "2026"]

    change_a_response(db_session, "2026")
    db_session.commit()
    third = clean_flow()
    assert [r["wave"] for r in third["cleaned"]] == ["2026"] and third["unchanged"] == ["2025"]
    assert stored.stat().st_mtime_ns == written

    # A change in 2025 reaches 2026 too: its carried-forward facts are compared with 2025's.
    change_a_response(db_session, "2025")
    db_session.commit()
    fourth = clean_flow()
    assert [r["wave"] for r in fourth["cleaned"]] == ["2025", "2026"]


def test_a_wave_keeps_the_settings_it_was_last_cleaned_with(prefect_harness, db_session, settings):
    simulate_history(
        db_session, secret_key="k", labels=["2025"], organisations=6, seed=6, fast=True
    )
    db_session.commit()
    clean_flow("2025", settings={"keep_partial": False})
    change_a_response(db_session, "2025")
    db_session.commit()
    [report] = clean_flow()["cleaned"]
    assert report["settings"]["keep_partial"] is False


def test_the_cli_and_the_flow_share_one_rule_for_what_changed(
    prefect_harness, db_session, settings, capsys
):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=7, fast=True
    )
    db_session.commit()
    main(["clean"])
    assert "Stored:" in capsys.readouterr().out
    result = clean_flow()
    assert result["cleaned"] == [] and result["unchanged"] == ["2025", "2026"]
    main(["clean"])
    assert "Unchanged since their last clean: 2025, 2026" in capsys.readouterr().out


def test_the_survey_comes_from_the_prefect_variable(prefect_harness, db_session, settings):
    simulate_history(
        db_session, secret_key="k", labels=["2025"], organisations=4, seed=8, fast=True
    )
    db_session.commit()
    Variable.set(SURVEY_VARIABLE, "another-survey", overwrite=True)
    try:
        result = clean_flow()
    finally:
        Variable.unset(SURVEY_VARIABLE)
    assert result == {"survey": "another-survey", "cleaned": [], "unchanged": []}


def test_the_flow_refuses_unknown_settings(prefect_harness, settings):
    with pytest.raises(UserError, match="unknown cleaning setting"):
        clean_flow("2025", settings={"min_share": 0.4})
