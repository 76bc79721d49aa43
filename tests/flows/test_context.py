"""What every flow needs: a deployment run refuses to start without the shared secret key."""

from pathlib import Path

import pytest

from peiling import settings as peiling_settings
from peiling.errors import UserError
from peiling.flows.waves import open_wave
from tests.mailing.servers import make_panel, make_wave

SURVEY = "ess-behoeftepeiling"


@pytest.fixture
def wave(db_session, prefect_harness):
    """A planned wave with a panel of 4 contacts."""
    make_panel(db_session, organisations=2, per_organisation=2)
    planned = make_wave(db_session)
    db_session.commit()
    return planned


def test_a_deployment_run_without_a_secret_key_refuses_to_start(wave, settings, monkeypatch):
    monkeypatch.setenv("PREFECT__RUNTIME__DEPLOYMENT__ID", "8a1e7c1e-2d5b-4a43-9d3c-5b0e2f6f0c11")
    peiling_settings.override(secret_key="")
    with pytest.raises(UserError, match="no secret key.*peiling-secret-key.*PEILING_SECRET_KEY"):
        open_wave(SURVEY, wave.label)
    assert not (settings.data_path / "secret_key").exists()  # it made no key of its own
    peiling_settings.override(secret_key="the-shared-key")
    assert open_wave(SURVEY, wave.label)["created"] == 4


def test_a_run_outside_a_deployment_may_keep_its_key_in_the_data_folder(wave, settings):
    peiling_settings.override(secret_key="")
    assert open_wave(SURVEY, wave.label)["created"] == 4
    assert (settings.data_path / "secret_key").exists()


def test_the_harness_server_starts_on_a_copy_of_the_migrated_database(prefect_harness):
    """tests/conftest.py puts the migrated database where prefect_test_harness looks for it."""
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    database = Path(PREFECT_SERVER_DATABASE_CONNECTION_URL.value().split("///", 1)[1])
    assert database.parent.name.startswith("peiling-prefect-harness-")
    assert database.stat().st_size > 100_000  # the tables, not an empty file


def test_a_run_of_a_deployment_without_a_secret_key_refuses_to_start(wave, settings):
    """The run's own record names its deployment: no runtime override, no key, no run."""
    from prefect import get_client
    from prefect.flow_engine import run_flow

    with get_client(sync_client=True) as client:
        flow_id = client.create_flow(open_wave)
        deployment_id = client.create_deployment(flow_id=flow_id, name="open-wave-test")
        run = client.create_flow_run_from_deployment(
            deployment_id, parameters={"survey": SURVEY, "label": wave.label}
        )
    peiling_settings.override(secret_key="")
    with pytest.raises(UserError, match="no secret key"):
        run_flow(open_wave, flow_run=run, parameters={"survey": SURVEY, "label": wave.label})
    assert not (settings.data_path / "secret_key").exists()
