"""A real Prefect server for the tests that need more than the harness: `prefect server start`.

Used by the deployments (tests/flows/test_deployments.py) and the dead-run automation
(tests/flows/test_mail_faults.py). What the tests set up on it (work pool, automations, Secret
blocks, variables) goes through Prefect's client API in this process: the same records as
`prefect work-pool create`, `prefect automation create`, ... without a CLI process each.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx

from peiling.mailing.catcher import free_port
from tests.conftest import require_tool

PREFECT = Path(sys.executable).with_name("prefect")
# One HTTP client for the tests' own calls to a Prefect API: a new client loads the certificate
# store again (about 20 ms of CPU), and the tests poll a run or a starting server several times
# a second.
API = httpx.Client(timeout=30)


def created_since(runs: list[dict], since: datetime) -> list[dict]:
    """The flow runs (rows of the API) created after this moment: on a server that serves the
    tests of both databases, the runs before are those of the other database."""
    return [r for r in runs if datetime.fromisoformat(r["created"]) > since]


# Services of a Prefect server that work by the clock: the scheduler would fill the server with
# runs of the schedules for the coming months; the tests check the schedules of the deployments
# and start every run themselves.
CLOCK_SERVICES = ("SCHEDULER", "LATE_RUNS", "PAUSE_EXPIRATIONS")
# Services that record what no test reads: events, task runs, which workers are online,
# cancellations.
UNREAD_SERVICES = ("EVENT_PERSISTER", "TASK_RUN_RECORDER", "FOREMAN", "CANCELLATION_CLEANUP")


def services_off(names) -> dict[str, str]:
    """The settings (as environment variables) that leave these server services out."""
    return {f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in names}


# Left out of every server: the UI (built on start), telemetry, and the clock's services.
QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    **services_off(CLOCK_SERVICES),
}


@dataclass
class PrefectServer:
    """A running server: its API address and the environment of a client of it."""

    api: str
    env: dict[str, str]
    home: Path

    @contextmanager
    def client(self):
        """A synchronous Prefect client of this server (whatever this process's settings say)."""
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api}), get_client(sync_client=True) as c:
            yield c

    def create_process_pool(self, name: str) -> None:
        """What `prefect work-pool create <name> --type process` creates."""
        from prefect.client.schemas.actions import WorkPoolCreate
        from prefect.workers.process import ProcessWorker

        template = ProcessWorker.get_default_base_job_template()
        with self.client() as client:
            client.create_work_pool(
                WorkPoolCreate(name=name, type="process", base_job_template=template)
            )

    def create_automations(self, spec: dict) -> None:
        """What `prefect automation create --from-file` creates from this file's contents."""
        from prefect.automations import AutomationCore

        with self.client() as client:
            for automation in spec["automations"]:
                client.create_automation(AutomationCore.model_validate(automation))

    def save_secrets(self, secrets: dict[str, str]) -> None:
        """Save Secret blocks (name: value), replacing those of the same name."""
        from prefect.blocks.system import Secret
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api}):
            for name, value in secrets.items():
                Secret(value=value).save(name, overwrite=True)

    def set_variable(self, name: str, value: str) -> None:
        """What `prefect variable set <name> <value> --overwrite` does."""
        from prefect.settings import PREFECT_API_URL, temporary_settings
        from prefect.variables import Variable

        with temporary_settings({PREFECT_API_URL: self.api}):
            Variable.set(name, value, overwrite=True)


def migrated_database(tmp_path_factory) -> Path:
    """Return a Prefect database migrated once per test run; copy it, never open it.

    Each Prefect server of the tests (the harness of every worker, the real servers) starts on
    a copy instead of an empty file: the migrations would cost it about 3 CPU seconds each time
    (`prefect server database upgrade` is what a server runs on start; on a copy it finds
    nothing to do). The workers of a parallel run share the one made first.
    """
    require_tool(PREFECT.exists(), "the prefect command")
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder of this run, shared by its workers
    database = root / "prefect-migrated.db"
    with open(root / "prefect-migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates; the others wait for it
        if not database.exists():
            partial = root / "prefect-migrating.db"
            env = {
                **os.environ,
                "PREFECT_HOME": str(root / "prefect-migrating"),
                "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{partial}",
            }
            command = [str(PREFECT), "--no-prompt", "server", "database", "upgrade", "-y"]
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
            partial.rename(database)
    return database


@contextmanager
def prefect_server(home: Path, database: Path, **settings: str) -> Iterator[PrefectServer]:
    """Start `prefect server start` on a free port with its home here; stop it afterwards.

    Its database is a copy of `database` (see migrated_database) in its home.
    """
    require_tool(PREFECT.exists(), "the prefect command")
    shutil.copyfile(database, home / "prefect.db")  # the server's database in its home
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_API_PORT": str(port),
        **QUIET,
        **settings,
    }
    log = open(home / "server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its services are processes of their own: stop them all
    )
    try:
        # Generous: with the tests in parallel, several servers and browsers start at once.
        deadline = time.monotonic() + 300
        while True:
            try:
                if API.get(api + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (home / "server.log").read_text()
            assert time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(0.25)
        yield PrefectServer(api, env, home)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        log.close()
