"""Start the wave flows as runs of their Prefect deployments, and follow those runs.

The web app only asks the Prefect API (the configured PREFECT_API_URL, else the local server
recorded in the data folder) to create runs of deployments by name; workers run them. It never
imports the flows. Starting a send for a wave while one is waiting or running is refused.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from peiling.errors import UserError
from peiling.local_services import recorded_prefect_api
from peiling.models.wave import Wave

ACTIONS = {
    # action: (deployment "flow/deployment" in prefect.yaml, sends mail)
    "cycle": ("wave-cycle/daily-round", True),
    "remind": ("send-reminders/reminders", True),
    "close": ("close-wave/close-wave", False),
    "clean": ("clean-wave/nightly-clean", False),
    "export": ("export-trends/nightly-export", False),
}
SENDS = {name for name, sends in ACTIONS.values() if sends}
BUSY = ("SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING")


class Refused(UserError):
    """A start the staff page refuses; ``key`` names the text that says why."""

    def __init__(self, key: str, message: str, **values):
        super().__init__(message)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Run:
    """A flow run of a wave, as the staff page shows it."""

    id: str
    name: str
    deployment: str
    state: str
    state_type: str
    expected: datetime | None
    link: str
    artifacts: list[tuple[str, str]]


def api_url(data_path: Path) -> str:
    """Return the Prefect API to use, or raise UserError when there is none."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value() or recorded_prefect_api(data_path)
    if not url:
        raise Refused(
            "staff_flow_no_server", "no Prefect server: set PREFECT_API_URL or start the services"
        )
    return url


def ui_url(api: str) -> str:
    """Return the Prefect UI address that belongs to an API address."""
    return api.removesuffix("/").removesuffix("/api")


def parameters(action: str, wave: Wave, labels: list[str], requested_by: str) -> dict:
    """Return the parameters of an action's deployment for a wave."""
    if action == "clean":
        return {"label": wave.label, "survey_key": wave.survey_key}
    if action == "export":
        return {"waves": labels, "survey_key": wave.survey_key, "requested_by": requested_by}
    found = {"survey": wave.survey_key, "label": wave.label}
    return {**found, "force": True} if action == "close" else found


def _concerns(run_parameters: dict, wave: Wave) -> bool:
    survey = run_parameters.get("survey") or run_parameters.get("survey_key")
    if survey and survey != wave.survey_key:
        return False
    return run_parameters.get("label") == wave.label or wave.label in (
        run_parameters.get("waves") or []
    )


@contextmanager
def _client(api: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with (
        temporary_settings(updates={PREFECT_API_URL: api}),
        get_client(sync_client=True) as client,
    ):
        yield client


def _deployments(client) -> dict:
    from prefect.exceptions import ObjectNotFound

    found = {}
    for action, (name, _) in ACTIONS.items():
        try:
            found[action] = client.read_deployment_by_name(name)
        except ObjectNotFound:
            continue
    return found


def runs(api: str, wave: Wave, limit: int = 50) -> tuple[list[Run], set[str]]:
    """Return the recent runs for a wave (newest first) and the actions with a deployment."""
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterFlowRunId,
        DeploymentFilter,
        DeploymentFilterId,
    )
    from prefect.client.schemas.sorting import FlowRunSort

    with _client(api) as client:
        deployments = _deployments(client)
        names = {d.id: ACTIONS[a][0] for a, d in deployments.items()}
        if not names:
            return [], set()
        found = [
            run
            for run in client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=list(names))),
                sort=FlowRunSort.EXPECTED_START_TIME_DESC,
                limit=limit,
            )
            if _concerns(run.parameters, wave)
        ]
        artifacts: dict = {}
        if found:
            for artifact in client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[r.id for r in found])
                )
            ):
                artifacts.setdefault(artifact.flow_run_id, []).append(
                    (
                        artifact.key or artifact.type or "artifact",
                        f"artifacts/artifact/{artifact.id}",
                    )
                )
    ui = ui_url(api)
    listed = [
        _run(
            run,
            names.get(run.deployment_id, ""),
            ui,
            [(key, f"{ui}/{path}") for key, path in artifacts.get(run.id, [])],
        )
        for run in found
    ]
    return listed, set(deployments)


def _run(run, deployment: str, ui: str, artifacts: list[tuple[str, str]]) -> Run:
    return Run(
        id=str(run.id),
        name=run.name,
        deployment=deployment,
        state=run.state.name if run.state else "",
        state_type=run.state.type.value if run.state else "",
        expected=run.expected_start_time,
        link=f"{ui}/runs/flow-run/{run.id}",
        artifacts=artifacts,
    )


def start(api: str, action: str, wave: Wave, labels: list[str], requested_by: str) -> Run:
    """Create a run of an action's deployment for a wave; refuse a second send while one runs."""
    from prefect.exceptions import ObjectNotFound

    name, sends = ACTIONS[action]
    if sends:
        busy = [r for r in runs(api, wave)[0] if r.deployment in SENDS and r.state_type in BUSY]
        if busy:
            raise Refused(
                "staff_flow_busy", f"a send for this wave is {busy[0].state}", run=busy[0].name
            )
    with _client(api) as client:
        try:
            deployment = client.read_deployment_by_name(name)
        except ObjectNotFound:
            raise Refused(
                "staff_flow_no_deployment", f"no deployment {name}", deployment=name
            ) from None
        run = client.create_flow_run_from_deployment(
            deployment.id, parameters=parameters(action, wave, labels, requested_by)
        )
    return _run(run, name, ui_url(api), [])
