"""`peiling demo` (what `make run` runs): the staff login, a link to the open wave, its own mail."""

import os
import re
import socket
import subprocess
import sys

import pytest
from sqlalchemy import select

from peiling import settings as peiling_settings
from peiling.local_services import catcher_port
from peiling.models import Response, Wave
from peiling.models.db import make_engine, session_factory
from peiling.models.inviting import invitation_by_token
from peiling.webforms import create_app
from tests.webforms.staff.conftest import login


def _peiling(args, env):
    return subprocess.run(
        [sys.executable, "-c", "from peiling.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _env(tmp_path, **more):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PEILING_"))}
    env.update(PEILING_DATA_DIR=str(tmp_path), PEILING_SECRET_KEY="demo-test-key", **more)
    return env


@pytest.mark.slow
def test_the_demo_prints_a_staff_login_and_a_link_to_the_open_wave(tmp_path, monkeypatch):
    env = _env(tmp_path)  # no PEILING_SMTP_URL: mail goes to the data folder's own catcher
    try:
        result = _peiling(["demo", "--no-serve"], env)
        status = _peiling(["services", "status"], env)
        again = _peiling(["demo", "--no-serve"], env)
    finally:
        _peiling(["services", "stop"], env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "database is locked" not in output
    panel = int(re.search(r"Simulated a synthetic panel of (\d+) contacts", output).group(1))
    assert panel > 500
    assert re.search(r"wave 2024 \(questionnaire \d+, closed\): \d+ invited", output)
    assert re.search(r"wave 2025 \(questionnaire \d+, closed\): \d+ invited", output)
    assert f"'sent': {panel}" in output
    answered = int(re.search(r"answered (\d+) invitations of wave 2026", output).group(1))
    assert 0 < answered < panel
    assert re.search(r"Trend workbook \S+-2024-2026-\S+\.xlsx", output)
    # the catcher listens on the data folder's own port, and every message landed there
    port = catcher_port(tmp_path)
    assert "mailcatcher: running (pid " in status.stdout and f"port {port})" in status.stdout
    assert f"smtp://127.0.0.1:{port}" in status.stdout
    assert len(list((tmp_path / "mail").glob("*.eml"))) == panel
    # the staff login, printed once
    assert "Staff area: http://127.0.0.1:8000/beheer/" in output
    email, password = re.search(r"log in as (\S+) with password (\S+)", output).groups()
    # the respondent link opens the open wave, at its start
    token = re.search(r"http://127\.0\.0\.1:8000/r/(\S+)", output).group(1)
    database = f"sqlite:///{tmp_path / 'peiling.sqlite3'}"
    engine = make_engine(database)
    with session_factory(engine)() as session:
        invitation = invitation_by_token(session, token)
        assert invitation.wave.label == "2026" and invitation.wave.status == "open"
        given = select(Response).where(Response.invitation_id == invitation.id)
        assert session.scalar(given) is None
        wave_id = invitation.wave.id
        statuses = {w.label: w.status for w in session.scalars(select(Wave))}
    engine.dispose()
    # the two earlier waves are closed, and every wave is cleaned into the data folder
    assert statuses == {"2024": "closed", "2025": "closed", "2026": "open"}
    cleaned = tmp_path / "cleaned" / "ess-behoeftepeiling"
    assert all((cleaned / label / "cleaned-current.pkl").exists() for label in statuses)
    for name, value in _env(tmp_path, PEILING_DATABASE_URL=database).items():
        if name.startswith("PEILING_"):
            monkeypatch.setenv(name, value)
    peiling_settings.reset()
    app = create_app()
    respondent = app.test_client()
    start = respondent.get(f"/r/{token}", follow_redirects=True)
    assert start.status_code == 200
    assert "Simgemeente" in start.get_data(as_text=True)
    # the demo admin logs in; the dashboard shows response and the workbook downloads
    staff = app.test_client()
    assert login(staff, email, password).status_code == 302
    waves = staff.get("/beheer/golven").get_data(as_text=True)
    assert "2026" in waves
    dashboard = staff.get(f"/beheer/golven/{wave_id}").get_data(as_text=True)
    submitted, units = map(
        int, re.search(r"Respons: [\d.]+% \((\d+) van (\d+) eenheden\)", dashboard).groups()
    )
    assert 0 < submitted <= answered and units == panel
    downloads = staff.get("/beheer/downloads").get_data(as_text=True)
    assert "waves: 2024, 2025, 2026" in downloads  # the trend over the three waves
    export = re.search(r'href="(/beheer/downloads/\d+)"', downloads).group(1)
    workbook = staff.get(export)
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    # a second run sends and answers nothing new, shows no password, still prints a link
    assert again.returncode == 0, again.stderr
    assert "'planned': 0" in again.stdout and "/r/" in again.stdout
    assert "answered" not in again.stdout and "with password" not in again.stdout
    assert len(list((tmp_path / "mail").glob("*.eml"))) == panel
    peiling_settings.reset()


def test_the_demo_stops_at_once_when_its_web_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _peiling(["demo"], _env(tmp_path, PEILING_BASE_URL=f"http://127.0.0.1:{port}"))
    assert result.returncode == 1
    assert f"127.0.0.1:{port} is taken" in result.stderr
    assert "/r/" not in result.stdout and "/beheer" not in result.stdout
    assert not (tmp_path / "peiling.sqlite3").exists()


def test_two_data_folders_never_share_a_mail_catcher_port(tmp_path):
    first, second = catcher_port(tmp_path / "a"), catcher_port(tmp_path / "b")
    assert first != second
    assert catcher_port(tmp_path / "a") == first  # kept in the data folder
    assert (tmp_path / "a" / "mailcatcher.port").read_text().strip() == str(first)
