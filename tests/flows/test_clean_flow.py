"""The cleaning flow, run for real under a Prefect test server."""

from __future__ import annotations

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from peiling.errors import UserError
from peiling.flows.clean import clean_flow
from peiling.simulation import simulate_history


async def artifact(key: str):
    async with get_client() as client:
        found = await client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    return found


def test_the_flow_cleans_a_wave_and_publishes_its_report(prefect_harness, db_session, settings):
    simulate_history(db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=4)
    db_session.commit()
    report = clean_flow("2025", settings={"min_share_answered": 0.4})
    assert report["wave"] == "2025" and report["target_version"] == "2026"
    assert report["settings"]["min_share_answered"] == 0.4
    folder = settings.data_path / "cleaned" / "ess-behoeftepeiling" / "2025"
    assert (folder / "cleaned-current.pkl").is_file()
    assert (folder / "report-current.json").is_file()
    published = asyncio.run(artifact("cleaning-ess-behoeftepeiling-2025"))
    assert published and "Cleaning report" in published[0].data


def test_the_flow_refuses_unknown_settings(prefect_harness, settings):
    with pytest.raises(UserError, match="unknown cleaning setting"):
        clean_flow("2025", settings={"min_share": 0.4})
