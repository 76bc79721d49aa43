"""PostgreSQL restarts while respondents save: nothing unsaved is confirmed, nothing confirmed lost.

The test starts its own PostgreSQL cluster (initdb into a temporary folder, a free loopback port)
and restarts that one; the shared server is never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from peiling.models import Response
from peiling.models.db import engine_for, session_factory
from peiling.models.migrate import upgrade
from peiling.webforms import create_app
from tests.conftest import require_tool
from tests.webforms.conftest import SMALL, hidden_fields, invite, location, post_page
from tests.webforms.gunicorn import free_port

pytestmark = pytest.mark.slow

PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
START = {"domein": "2", "thema__inclusie": "1", "thema__polarisatie": "1"}


class Cluster:
    """A private PostgreSQL cluster in a temporary folder, on a free loopback port."""

    def __init__(self):
        self.bin = PG_BINS[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="peiling-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:  # initdb refuses to run as root
            shutil.chown(self.folder, "postgres")
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-N")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg(self, tool: str, *args: str) -> None:
        command = [*self.as_user, str(self.bin / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "server.log")
        self._pg("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server; 'immediate' is a crash: no clean shutdown."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("fast")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def cluster(tmp_path):
    """Start a private cluster with the schema; the app's settings point at nothing shared."""
    from peiling import settings as peiling_settings

    require_tool(bool(PG_BINS), "PostgreSQL server programs (initdb) under /usr/lib/postgresql")
    require_tool(os.geteuid() != 0 or shutil.which("runuser") is not None, "runuser (as root)")
    cluster = Cluster()
    cluster.start()
    upgrade(cluster.url)
    peiling_settings.reset()
    peiling_settings.override(
        database_url=cluster.url, data_dir=str(tmp_path), secret_key="test-secret-key"
    )
    yield cluster
    peiling_settings.reset()
    engine_for.cache_clear()
    cluster.remove()


def respondents(cluster, count: int):
    """Invite respondents to one open wave of the small questionnaire in the private cluster."""
    with session_factory(engine_for(cluster.url))() as session:
        first = invite(session, text=SMALL.read_text(encoding="utf-8"))
        wave = first.invitation.wave
        others = [invite(session, code=f"GM{9000 + i}", wave=wave) for i in range(count - 1)]
        return [first, *others]


def stored(cluster) -> dict[int, dict]:
    with session_factory(engine_for(cluster.url))() as session:
        return {r.invitation_id: r.answers for r in session.scalars(select(Response))}


def test_a_save_while_the_database_is_down_is_not_confirmed_and_keeps_the_input(cluster):
    (person,) = respondents(cluster, 1)
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url})
    client = app.test_client()
    client.get(person.link)
    assert location(post_page(client, "/vragenlijst/start", START)) == "/vragenlijst/slot"
    fields = hidden_fields(client.get("/vragenlijst/slot").get_data(as_text=True))
    cluster.stop()
    typed = {**fields, "opmerking": "Tijdens de herstart", "action": "save"}
    down = client.post("/vragenlijst/slot", data=typed)
    assert down.status_code == 503 and "Location" not in down.headers
    html = down.get_data(as_text=True)
    assert "Tijdens de herstart" in html and "Opnieuw proberen" in html
    cluster.start()
    assert stored(cluster)[person.invitation.id].get("opmerking") is None  # nothing half-saved
    again = client.post("/vragenlijst/slot", data=typed)  # the retry button sends the same fields
    assert location(again) == "/opgeslagen"
    assert stored(cluster)[person.invitation.id]["opmerking"] == "Tijdens de herstart"


def test_every_confirmed_save_survives_a_restart_under_load(cluster):
    people = respondents(cluster, 6)
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url})
    confirmed: dict[int, list[str]] = {}
    attempted: dict[int, list[str]] = {}
    statuses: list[int] = []
    stop = threading.Event()

    def save_repeatedly(person, client) -> None:
        mine_ok, mine_tried = [], []
        n = 0
        while not stop.is_set():
            page = client.get("/vragenlijst/slot")
            if page.status_code != 200:  # the database is down: wait and retry, as a person would
                statuses.append(page.status_code)
                time.sleep(0.2)
                continue
            value = f"{person.invitation.id}-{n}"
            n += 1
            mine_tried.append(value)
            fields = hidden_fields(page.get_data(as_text=True))
            answer = client.post(
                "/vragenlijst/slot", data={**fields, "opmerking": value, "action": "save"}
            )
            statuses.append(answer.status_code)
            if answer.status_code == 302:
                mine_ok.append(value)
        confirmed[person.invitation.id] = mine_ok
        attempted[person.invitation.id] = mine_tried

    threads = []
    for person in people:  # each starts with the first page saved, then saves the last one
        client = app.test_client()
        client.get(person.link)
        assert location(post_page(client, "/vragenlijst/start", START)) == "/vragenlijst/slot"
        threads.append(threading.Thread(target=save_repeatedly, args=(person, client)))
    for thread in threads:
        thread.start()
    time.sleep(2)
    cluster.stop()  # a crash in the middle of the saves
    time.sleep(1)
    cluster.start()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    assert 500 not in statuses and statuses.count(302) > 0 and 503 in statuses
    answers = stored(cluster)
    for person in people:
        ok, tried = confirmed[person.invitation.id], attempted[person.invitation.id]
        value = answers[person.invitation.id].get("opmerking")
        assert ok, "every respondent saved at least once"
        # What is stored is the last confirmed save, or a later one whose reply was lost.
        assert value in tried and tried.index(value) >= tried.index(ok[-1]), (value, ok[-1])
