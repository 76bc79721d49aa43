"""Buttons that start the wave flows as runs of their Prefect deployments, and the runs listed."""

from __future__ import annotations

import json

import pytest

from peiling.local_services import record_file, recorded_prefect_api
from peiling.models import audit
from peiling.settings import get_settings
from peiling.webforms.staff import flow_runs
from tests import factories
from tests.webforms.conftest import location
from tests.webforms.staff import scene
from tests.webforms.staff.conftest import csrf_token


@pytest.fixture(scope="module")
def deployed(prefect_harness):
    """Register the send and close deployments on the test Prefect server (no worker runs)."""
    from peiling.flows.mail import send_reminders
    from peiling.flows.waves import close_wave, wave_cycle

    for flow, name in (
        (wave_cycle, "daily-round"),
        (send_reminders, "reminders"),
        (close_wave, "close-wave"),
    ):
        flow.to_deployment(name=name).apply()
    yield


@pytest.fixture
def no_runs(deployed):
    """Start without runs of a deployment: the Prefect server outlives a test (and serves both
    databases). The runs of flows called in the tests (no deployment) are left alone."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterDeploymentId

    deployed = FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(is_null_=False))
    with get_client(sync_client=True) as client:
        for run in client.read_flow_runs(flow_run_filter=deployed, limit=200):
            client.delete_flow_run(run.id)


@pytest.fixture
def built(db_session, settings):
    return scene.build(db_session, get_settings().data_path)


def start(client, wave_id: int, action: str):
    page = client.get(f"/beheer/golven/{wave_id}/flows")
    assert page.status_code == 200
    return client.post(
        f"/beheer/golven/{wave_id}/flows",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "action": action},
    )


def test_a_button_creates_a_run_and_a_second_send_is_refused(no_runs, as_admin, built, db_session):
    path = f"/beheer/golven/{built.wave.id}/flows"
    page = as_admin.get(path).get_data(as_text=True)
    assert "niet beschikbaar: geen deployment" in page  # clean and export are not deployed here
    assert location(start(as_admin, built.wave.id, "remind")) == path
    page = as_admin.get(path).get_data(as_text=True)
    assert "Herinnering versturen: run" in page and "is aangemaakt" in page
    assert "send-reminders/reminders" in page and "Scheduled" in page
    assert "/runs/flow-run/" in page

    start(as_admin, built.wave.id, "cycle")
    refused = as_admin.get(path).get_data(as_text=True)
    assert "Er loopt of wacht al een verzending voor deze golf" in refused
    start(as_admin, built.wave.id, "close")  # closing sends no mail: not refused
    runs, _ = flow_runs.runs(flow_runs.api_url(get_settings().data_path), built.wave)
    assert sorted(r.deployment for r in runs) == [
        "close-wave/close-wave",
        "send-reminders/reminders",
    ]
    close = next(r for r in runs if r.deployment == "close-wave/close-wave")
    assert close.state_type == "SCHEDULED"
    actions = [e["action"] for e in audit.entries(db_session)][:2]
    assert actions == ["flow.close", "flow.remind"]
    assert audit.entries(db_session)[0]["wave"] == "ess-behoeftepeiling 2026"


def test_the_runs_are_those_of_the_wave(no_runs, built, db_session):
    api = flow_runs.api_url(get_settings().data_path)
    run = flow_runs.start(api, "close", built.wave, ["2026"], "beheer@example.nl")
    other = factories.wave(db_session, built.wave.questionnaire_version, label="2027")
    db_session.commit()
    assert run.id in {r.id for r in flow_runs.runs(api, built.wave)[0]}
    assert run.id not in {r.id for r in flow_runs.runs(api, other)[0]}


def test_the_local_prefect_server_of_the_data_folder_is_found(tmp_path):
    assert recorded_prefect_api(tmp_path) is None
    record = record_file(tmp_path, "prefect")
    record.parent.mkdir()
    record.write_text(json.dumps({"pid": 1, "port": 4242}))
    assert recorded_prefect_api(tmp_path) == "http://127.0.0.1:4242/api"
    assert flow_runs.ui_url("http://127.0.0.1:4242/api") == "http://127.0.0.1:4242"


def test_the_export_runs_over_the_waves_up_to_this_one(built):
    params = flow_runs.parameters("export", built.wave, ["2025", "2026"], "beheer@example.nl")
    assert params == {
        "waves": ["2025", "2026"],
        "survey_key": "ess-behoeftepeiling",
        "requested_by": "beheer@example.nl",
    }


def test_every_button_names_a_deployment_of_prefect_yaml():
    """A button starts a deployment that `prefect deploy` makes, with the flow of that name."""
    import importlib
    from pathlib import Path

    import yaml

    from peiling.webforms.staff.flow_runs import ACTIONS

    spec = yaml.safe_load((Path(__file__).resolve().parents[3] / "prefect.yaml").read_text())
    deployed = {d["name"]: d["entrypoint"] for d in spec["deployments"]}
    for action, (name, _sends) in ACTIONS.items():
        flow_name, deployment = name.split("/")
        assert deployment in deployed, f"{action}: no deployment {deployment} in prefect.yaml"
        module, function = deployed[deployment].rsplit(".", 1)
        assert getattr(importlib.import_module(module), function).name == flow_name, action
