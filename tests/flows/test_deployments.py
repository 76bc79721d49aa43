"""prefect.yaml for real: a Prefect server, `prefect deploy --all`, and each deployment run."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import subprocess
import sys
import time
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import httpx
import openpyxl
import pytest
import yaml
from sqlalchemy import select, update

from peiling import settings as peiling_settings
from peiling import storage
from peiling.flows import context
from peiling.models import ExportRecord, Invitation, Wave
from peiling.models.base import utcnow
from peiling.models.inviting import invitation_by_token, token_of
from peiling.models.questionnaire_store import latest_version
from peiling.models.wave_lifecycle import create_wave
from peiling.simulation import simulate_history
from peiling.vocabulary import DEFAULT_SURVEY as SURVEY
from tests.mailing.servers import SmtpServer, start_server
from tests.prefect_server import (
    API,
    PREFECT,
    UNREAD_SERVICES,
    created_since,
    migrated_database,
    prefect_server,
    services_off,
)

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "prefect.yaml").read_text())


def _entrypoint_exists(entrypoint: str) -> bool:
    return importlib.util.find_spec(entrypoint.rsplit(".", 1)[0]) is not None


DEPLOYMENTS = {d["name"]: d for d in SPEC["deployments"]}
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
# Colleagues' flows (cleaning, exports) may not be on this branch yet: deploy what exists.
PRESENT = [name for name, d in DEPLOYMENTS.items() if _entrypoint_exists(d["entrypoint"])]


def _prefect(args, env, timeout=180):
    result = subprocess.run(
        [str(PREFECT), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


@dataclass
class Deployed:
    """A Prefect server with every deployment, its worker, and what the deployments point at."""

    api: str
    values: dict[str, str]  # the PEILING_* environment each deployment carries
    smtp: SmtpServer
    worker_log: Path
    since: datetime  # runs created before are those of the other database


@pytest.fixture(scope="module")
def operated(tmp_path_factory):
    """A real Prefect server with the work pool, the automations and a process worker on it.

    The worker is started before any deploy, as a worker waits on a pool in production. One
    server and worker serve both databases: each deploys prefect.yaml again (`deployed`). The
    server leaves out the services that record what no test here reads; the automation's
    triggers stay.
    """
    home = tmp_path_factory.mktemp("prefect-home")
    with prefect_server(
        home, migrated_database(tmp_path_factory), **services_off(UNREAD_SERVICES)
    ) as server:
        server.create_process_pool("peiling")
        server.create_automations(yaml.safe_load((ROOT / "automations.yaml").read_text()))
        with _worker(server.env, tmp_path_factory.mktemp("worker-host")) as worker_log:
            yield server, worker_log


@pytest.fixture(scope="module")
def deployed(operated, database_url, tmp_path_factory):
    """Deploy prefect.yaml for this database with `prefect deploy`, as an operator does.

    This database, a mail server and a key are saved as the Secret blocks, the shared storage as
    the variable; then `prefect --no-prompt deploy --all`. A deploy after the first updates the
    deployments in place (an operator's redeploy after changing a Secret block); the runs of
    the database before stay on the server, and the tests look only at runs created since.
    """
    server, worker_log = operated
    since = datetime.now(UTC)
    smtp = start_server(tmp_path_factory.mktemp("caught"))
    try:
        values = {
            "PEILING_DATABASE_URL": database_url,
            "PEILING_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
            "PEILING_SECRET_KEY": "test-secret-key",
            "PEILING_STORAGE_URL": tmp_path_factory.mktemp("shared-storage").as_uri(),
        }
        server.save_secrets(
            {block: values[variable] for block, variable in context.SECRET_BLOCKS.items()}
        )
        server.set_variable("peiling_storage_url", values["PEILING_STORAGE_URL"])
        if len(PRESENT) == len(DEPLOYMENTS):
            _prefect(["--no-prompt", "deploy", "--all"], server.env)
        else:
            names = [arg for name in PRESENT for arg in ("--name", name)]
            _prefect(["--no-prompt", "deploy", *names], server.env)
        yield Deployed(server.api, values, smtp, worker_log, since)
    finally:
        smtp.handler.release.set()
        smtp.stop()


@contextmanager
def _worker(env: dict[str, str], elsewhere: Path):
    """A real process worker on the pool, polling every second, away from the checkout.

    It has no PEILING_* settings of its own (they come from the deployments' job variables) and
    starts in an empty folder: the code comes from the installed package, as on another host.
    """
    worker_env = {key: value for key, value in env.items() if not key.startswith("PEILING_")}
    worker_env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_WORKER_PREFETCH_SECONDS="0",
    )
    log_path = Path(env["PREFECT_HOME"]) / "worker.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(PREFECT), "worker", "start", "--pool", "peiling"],
        env=worker_env,
        cwd=elsewhere,
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


def _post(url: str, json: dict) -> httpx.Response:
    """POST to the Prefect API, waiting out a busy server (503 while its SQLite is locked)."""
    for _ in range(20):
        response = API.post(url, json=json)
        if response.status_code != 503:
            break
        time.sleep(1.5)
    response.raise_for_status()
    return response


def _deployments(api: str) -> dict[str, dict]:
    rows = _post(api + "/deployments/filter", {}).json()
    return {row["name"]: row for row in rows}


@pytest.mark.slow
def test_every_deployment_of_prefect_yaml_is_there_with_its_schedule_and_settings(deployed):
    values = deployed.values
    found = _deployments(deployed.api)
    assert set(found) == set(PRESENT)
    assert {"daily-round", "nightly-clean", "nightly-export"} <= set(found)
    for name, row in found.items():
        spec = DEPLOYMENTS[name]
        assert row["entrypoint"] == spec["entrypoint"]
        assert row["work_pool_name"] == "peiling"
        assert row["parameters"] == spec.get("parameters", {})
        assert row["pull_steps"] == SPEC["pull"]
        env = row["job_variables"]["env"]
        assert {k: env[k] for k in values} == values  # the Secret blocks, resolved on deploy
        assert env["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"] == "60"
        if not spec.get("schedules"):  # started by a send or a staff button, never the clock
            assert name in ("partition", "reminders", "close-wave")
            assert row["schedules"] == []
            continue
        [schedule] = row["schedules"]
        assert schedule["active"] is True
        assert schedule["schedule"]["timezone"] == "Europe/Amsterdam"
        assert schedule["schedule"]["cron"] == spec["schedules"][0]["cron"]
    assert found["daily-round"]["schedules"][0]["schedule"]["cron"] == "0 9 * * *"


def _start(api: str, deployment: dict, **parameters) -> str:
    """Start a run of a deployment (its defaults, or these parameters); return its id."""
    body = {"parameters": {**deployment["parameters"], **parameters}} if parameters else {}
    run = _post(f"{api}/deployments/{deployment['id']}/create_flow_run", body).json()
    assert run["parameters"] == {**deployment["parameters"], **parameters}, run["parameters"]
    return run["id"]


def _wait(api: str, name: str, run_id: str, log_path: Path) -> str:
    """Wait for a run to end; assert that it completed; return the worker's log."""
    deadline = time.monotonic() + 240
    while True:
        state = API.get(f"{api}/flow_runs/{run_id}", timeout=10).json()["state"]
        if state["type"] in FINAL:
            break
        assert time.monotonic() < deadline, f"{name}: {state}\n{log_path.read_text()}"
        time.sleep(0.5)
    assert state["type"] == "COMPLETED", f"{name}: {state}\n{log_path.read_text()}"
    return log_path.read_text()


def _run(api: str, deployment: dict, log_path: Path, **parameters) -> str:
    """Run a deployment (its defaults, or these parameters), wait; return the worker's log."""
    return _wait(api, deployment["name"], _start(api, deployment, **parameters), log_path)


def _shift_wave(session, label: str, **moments) -> None:
    session.execute(update(Wave).where(Wave.label == label).values(**moments))
    session.commit()


@pytest.mark.slow
def test_a_worker_runs_every_deployment_with_its_defaults(deployed, db_session):
    """Each deployment of prefect.yaml, run as scheduled (no parameters), does its job."""
    api, worker, smtp_server = deployed.api, deployed.worker_log, deployed.smtp
    assert set(PRESENT) == set(DEPLOYMENTS)
    peiling_settings.override(storage_url=deployed.values["PEILING_STORAGE_URL"])  # read below
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

    daily = deployments["daily-round"]
    log = _run(api, daily, worker, partitions=2)  # opens the wave and invites, in 2 flow runs
    assert f"peiling=={version('peiling')} is installed" in log  # the pull step found it
    wave = db_session.scalars(select(Wave).where(Wave.label == "2026")).one()
    invited = db_session.scalars(select(Invitation).where(Invitation.wave_id == wave.id)).all()
    assert wave.status == "open" and invited
    addresses = sorted(i.contact.email for i in invited)
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages()) == addresses
    text = smtp_server.messages()[0].get_body(("plain",)).get_content()
    parts = created_since(_post(f"{api}/flow_runs/filter", {}).json(), deployed.since)
    parts = [r for r in parts if r["deployment_id"] == deployments["partition"]["id"]]
    assert len(parts) == 2 and {r["state"]["type"] for r in parts} == {"COMPLETED"}
    assert sorted(r["parameters"]["partition"] for r in parts) == [0, 1]
    sent = invitation_by_token(db_session, text.split("/r/")[1].split()[0])
    assert sent and token_of(sent, "test-secret-key") in text  # the key of the Secret block

    _run(api, daily, worker)  # the same day again: nothing is sent twice
    assert len(smtp_server.messages()) == len(addresses)

    # A date changed in the database takes effect at the next run, without a redeploy.
    _shift_wave(db_session, "2026", opens_at=now - timedelta(days=8))  # the reminder is due
    _run(api, daily, worker)
    caught = Counter(m["X-Envelope-To"] for m in smtp_server.messages())
    assert caught == {address: 2 for address in addresses}  # the invitation and one reminder

    # The staff area's buttons run these two with the wave's name; their defaults are safe too
    # (and independent of each other: they run at the same time, on the one worker).
    together = [_start(api, deployments[name]) for name in ("reminders", "close-wave")]
    for name, run_id in zip(("reminders", "close-wave"), together, strict=True):
        _wait(api, name, run_id, worker)
    # reminders: the round due today went out already; close-wave: not due yet, the wave is open
    assert Counter(m["X-Envelope-To"] for m in smtp_server.messages()) == caught
    db_session.expire_all()
    assert db_session.get(Wave, wave.id).status == "open"

    _shift_wave(db_session, "2026", closes_at=utcnow() - timedelta(minutes=1))  # it is over
    _run(api, daily, worker)
    db_session.expire_all()
    assert db_session.get(Wave, wave.id).status == "closed"

    _run(api, deployments["nightly-clean"], worker)  # every wave changed: none cleaned yet
    for label in ("2024", "2025", "2026"):  # in the shared storage, not on the worker's disk
        folder = storage.join(storage.root(), "cleaned", SURVEY, label)
        assert storage.exists(storage.join(folder, "cleaned-current.pkl")), label
        assert storage.exists(storage.join(folder, "report-current.json")), label

    _run(api, deployments["nightly-export"], worker)  # every closed wave, recorded
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.survey_key == SURVEY and record.waves == ["2024", "2025", "2026"]
    assert (record.format, record.lang, record.division, record.unit) == (
        "xlsx",
        "nl",
        "current",
        "response",
    )
    with storage.local_copy(storage.join(storage.root(), record.path)) as path:
        book = openpyxl.load_workbook(path, read_only=True)
        # The tables (row-level data only on request: disclosure control) of every closed wave.
        assert {"Respons", "Trends", "Codeboek"} <= set(book.sheetnames)
        shown = {str(cell) for row in book["Respons"].iter_rows(values_only=True) for cell in row}
    assert {"2024", "2025", "2026"} <= shown


def test_every_deployment_is_documented_and_its_flow_importable():
    from prefect import Flow

    manual = (ROOT / "docs" / "operations.md").read_text()
    for name, spec in DEPLOYMENTS.items():
        assert f"`{name}`" in manual or f"/{name}`" in manual, f"{name} is not in the manual"
        assert spec["entrypoint"] in manual
        if name in PRESENT:
            module, function = spec["entrypoint"].rsplit(".", 1)
            assert isinstance(getattr(importlib.import_module(module), function), Flow)


def test_prefect_yaml_holds_no_secret_only_references_to_blocks():
    for spec in DEPLOYMENTS.values():
        env = spec["work_pool"]["job_variables"]["env"]
        for block, variable in context.SECRET_BLOCKS.items():
            assert env[variable] == f"{{{{ prefect.blocks.secret.{block} }}}}"
        assert all(v.startswith("{{ prefect.") for k, v in env.items() if k.startswith("PEILING_"))


def _pull_script() -> str:
    [step] = SPEC["pull"]
    return step["prefect.deployments.steps.run_shell_script"]["script"]


def _run_pull_step(python_folder: Path, **env: str) -> dict:
    """Run the pull step with Prefect's own step function, `python` from this folder.

    It runs in the checkout, as a worker started there would: its peiling.egg-info (the
    editable install of this environment) must not count as installed for another Python.
    """
    from prefect.deployments.steps.utility import run_shell_script

    path = f"{python_folder}{os.pathsep}{os.environ.get('PATH', '')}"
    step = run_shell_script(
        _pull_script(), directory=str(ROOT), env={"PATH": path, **env}, stream_output=False
    )
    return asyncio.run(step)


def test_the_pull_step_installs_the_version_of_this_package():
    assert re.findall(r"peiling==([\w.]+)", _pull_script()) == [version("peiling")]
    assert "'-m', 'pip', 'install'" in _pull_script()


def _fake_release(folder: Path, name: str, release: str) -> Path:
    """Write a wheel of this name and version that installs nothing but its metadata."""
    info = f"{name}-{release}.dist-info"
    files = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {release}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{info}/RECORD"])
    wheel = folder / f"{name}-{release}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return wheel


def test_the_pull_step_keeps_an_installed_release_and_installs_a_missing_one(tmp_path):
    # A worker with this release installed (this environment): pip is not asked.
    kept = _run_pull_step(Path(sys.executable).parent)
    assert kept["stdout"] == f"peiling=={version('peiling')} is installed"
    # A worker without it (a fresh virtual environment): pip installs the pinned release from
    # the index the worker is given (here a folder holding that release and an older one).
    index = tmp_path / "index"
    index.mkdir()
    _fake_release(index, "peiling", version("peiling"))
    _fake_release(index, "peiling", "0.0.1")
    fresh = tmp_path / "worker-env"
    subprocess.run([sys.executable, "-m", "venv", str(fresh)], check=True, timeout=300)
    offline = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(index)}
    installed = _run_pull_step(fresh / "bin", **offline)
    assert f"Successfully installed peiling-{version('peiling')}" in installed["stdout"]
    again = _run_pull_step(fresh / "bin", **offline)
    assert again["stdout"] == f"peiling=={version('peiling')} is installed"


def test_the_dead_run_automation_crashes_runs_three_heartbeats_late():
    from prefect.automations import AutomationCore
    from prefect.events.actions import ChangeFlowRunState

    heartbeat = int(SPEC["definitions"]["env"]["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"])
    assert heartbeat >= 30  # Prefect's minimum
    [spec] = yaml.safe_load((ROOT / "automations.yaml").read_text())["automations"]
    automation = AutomationCore.model_validate(spec)
    trigger = automation.trigger
    assert trigger.posture == "Proactive" and trigger.after == {"prefect.flow-run.heartbeat"}
    assert {"prefect.flow-run.heartbeat", "prefect.flow-run.Completed"} <= trigger.expect
    assert trigger.within.total_seconds() == 3 * heartbeat
    [action] = automation.actions
    assert isinstance(action, ChangeFlowRunState) and action.state == "CRASHED"
