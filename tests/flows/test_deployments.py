"""prefect.yaml for real: a Prefect server, `prefect deploy --all`, and each deployment run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx
import openpyxl
import pytest
import yaml
from sqlalchemy import select, update

from peiling.mailing.catcher import free_port
from peiling.models import ExportRecord, Invitation, Wave
from peiling.models.base import utcnow
from peiling.models.questionnaire_store import latest_version
from peiling.models.wave_lifecycle import create_wave
from peiling.simulation import simulate_history
from peiling.vocabulary import DEFAULT_SURVEY as SURVEY
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
PREFECT = Path(sys.executable).with_name("prefect")
SPEC = yaml.safe_load((ROOT / "prefect.yaml").read_text())


def _entrypoint_exists(entrypoint: str) -> bool:
    return (ROOT / entrypoint.split(":")[0]).is_file()


DEPLOYMENTS = {d["name"]: d for d in SPEC["deployments"]}
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# Colleagues' flows (cleaning, exports) may not be on this branch yet: deploy what exists.
PRESENT = [name for name, d in DEPLOYMENTS.items() if _entrypoint_exists(d["entrypoint"])]


def _prefect(args, env, timeout=180, **kw):
    result = subprocess.run(
        [str(PREFECT), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kw,
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """A real Prefect server on a free port with the process pool and every deployment."""
    require_tool(PREFECT.exists(), "the prefect command")
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_API_PORT": str(port),
    }
    log = open(home / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(api + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (home / "server.log").read_text()
            assert time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(0.5)
        _prefect(["work-pool", "create", "peiling", "--type", "process"], env)
        if len(PRESENT) == len(DEPLOYMENTS):
            _prefect(["--no-prompt", "deploy", "--all"], env)
        else:
            names = [arg for name in PRESENT for arg in ("--name", name)]
            _prefect(["--no-prompt", "deploy", *names], env)
        yield api, env
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _post(url: str, json: dict) -> httpx.Response:
    """POST to the Prefect API, waiting out a busy server (503 while its SQLite is locked)."""
    for _ in range(20):
        response = httpx.post(url, json=json, timeout=30)
        if response.status_code != 503:
            break
        time.sleep(1.5)
    response.raise_for_status()
    return response


def _deployments(api: str) -> dict[str, dict]:
    rows = _post(api + "/deployments/filter", {}).json()
    return {row["name"]: row for row in rows}


@pytest.mark.slow
def test_every_deployment_of_prefect_yaml_is_there_with_its_schedule(deployed):
    api, _ = deployed
    found = _deployments(api)
    assert set(found) == set(PRESENT)
    assert {"yearly-round", "reminders", "close-wave"} <= set(found)
    for name, row in found.items():
        spec = DEPLOYMENTS[name]
        assert row["entrypoint"] == spec["entrypoint"]
        assert row["work_pool_name"] == "peiling"
        assert row["parameters"] == spec.get("parameters", {})
        [schedule] = row["schedules"]
        assert schedule["active"] is True
        assert schedule["schedule"]["timezone"] == "Europe/Amsterdam"
        assert schedule["schedule"]["cron"] == spec["schedules"][0]["cron"]
    assert found["reminders"]["schedules"][0]["schedule"]["cron"].endswith("* * 1-5")


@pytest.fixture
def worker(deployed, db_session, smtp_server):
    """A real process worker on the pool, polling every second, with the test's database."""
    _, env = deployed
    worker_env = {
        **env,
        "PEILING_DATABASE_URL": os.environ["PEILING_DATABASE_URL"],
        "PEILING_DATA_DIR": os.environ["PEILING_DATA_DIR"],
        "PEILING_SECRET_KEY": "test-secret-key",
        "PEILING_SMTP_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_WORKER_PREFETCH_SECONDS": "0",
    }
    log_path = Path(env["PREFECT_HOME"]) / f"worker-{uuid.uuid4().hex[:8]}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(PREFECT), "worker", "start", "--pool", "peiling"],
        env=worker_env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _run(api: str, deployment: dict, log_path: Path) -> dict:
    """Create a run of a deployment as its schedule would and wait for the worker to finish it."""
    run = _post(f"{api}/deployments/{deployment['id']}/create_flow_run", {}).json()
    # Only what prefect.yaml declares: every other parameter is the flow's own default.
    declared = DEPLOYMENTS[deployment["name"]].get("parameters", {})
    assert run["parameters"] == declared, run["parameters"]
    deadline = time.monotonic() + 240
    while True:
        state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
        if state["type"] in FINAL:
            break
        assert time.monotonic() < deadline, f"{deployment['name']}: {state}\n{log_path.read_text()}"
        time.sleep(0.5)
    assert state["type"] == "COMPLETED", f"{deployment['name']}: {state}\n{log_path.read_text()}"
    return state


def _shift_wave(session, label: str, **moments) -> None:
    session.execute(update(Wave).where(Wave.label == label).values(**moments))
    session.commit()


@pytest.mark.slow
def test_a_worker_runs_every_deployment_with_its_defaults(
    deployed, worker, db_session, smtp_server, settings
):
    """Each deployment of prefect.yaml, run as scheduled (no parameters), does its job."""
    api, _ = deployed
    assert set(PRESENT) == set(DEPLOYMENTS)
    deployments = _deployments(api)
    simulate_history(db_session, secret_key="k", labels=["2024", "2025"], organisations=4, seed=9)
    now = utcnow()
    create_wave(
        db_session,
        version=latest_version(db_session, SURVEY),
        label="2026",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=30),
        reminder_days=[7],
    )
    db_session.commit()

    _run(api, deployments["yearly-round"], worker)  # opens the due wave and invites
    wave = db_session.scalars(select(Wave).where(Wave.label == "2026")).one()
    invited = db_session.scalars(select(Invitation).where(Invitation.wave_id == wave.id)).all()
    assert wave.status == "open" and invited
    addresses = sorted(i.contact.email for i in invited)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages()) == addresses

    _shift_wave(db_session, "2026", opens_at=now - timedelta(days=8))  # the reminder is due
    _run(api, deployments["reminders"], worker)
    caught = Counter(m["X-Envelope-To"] for m in smtp_server.messages())
    assert caught == {address: 2 for address in addresses}  # the invitation and one reminder

    _shift_wave(db_session, "2026", closes_at=utcnow() - timedelta(minutes=1))  # it is over
    _run(api, deployments["close-wave"], worker)
    db_session.expire_all()
    assert db_session.get(Wave, wave.id).status == "closed"

    _run(api, deployments["nightly-clean"], worker)  # every wave changed: none cleaned yet
    cleaned = settings.data_path / "cleaned" / SURVEY
    for label in ("2024", "2025", "2026"):
        assert (cleaned / label / "cleaned-current.pkl").is_file(), label
        assert (cleaned / label / "report-current.json").is_file(), label

    _run(api, deployments["nightly-export"], worker)  # every closed wave, recorded
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.survey_key == SURVEY and record.waves == ["2024", "2025", "2026"]
    assert (record.format, record.lang, record.division, record.unit) == (
        "xlsx",
        "nl",
        "current",
        "response",
    )
    book = openpyxl.load_workbook(settings.data_path / record.path, read_only=True)
    assert {"Respons", "Trends", "Codeboek"} <= set(book.sheetnames)
    waves_shown = {str(cell) for row in book["Respons"].iter_rows(values_only=True) for cell in row}
    assert {"2024", "2025", "2026"} <= waves_shown


def test_every_deployment_is_documented_and_its_flow_importable():
    import importlib

    from prefect import Flow

    manual = (ROOT / "docs" / "operations.md").read_text()
    for name, spec in DEPLOYMENTS.items():
        assert f"`{name}`" in manual or f"/{name}`" in manual, f"{name} is not in the manual"
        assert spec["entrypoint"].split(":")[0] in manual
        assert "secret" not in yaml.safe_dump(spec).lower()
        if name in PRESENT:
            path, function = spec["entrypoint"].split(":")
            module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            assert isinstance(getattr(module, function), Flow)
