"""`peiling demo` (what `make run` runs): a demo wave is invited through Prefect to the catcher."""

import os
import re
import subprocess
import sys

import pytest

from peiling.mailing.catcher import free_port
from peiling.models.db import make_engine, session_factory
from peiling.models.inviting import invitation_by_token


def _peiling(args, env):
    return subprocess.run(
        [sys.executable, "-c", "from peiling.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_the_demo_invites_its_panel_and_prints_a_working_link(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PEILING_"))}
    env.update(
        PEILING_DATA_DIR=str(tmp_path),
        PEILING_SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
        PEILING_SECRET_KEY="demo-test-key",
    )
    try:
        result = _peiling(["demo", "--no-serve"], env)
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
    assert len(list((tmp_path / "mail").glob("*.eml"))) == panel
    link = re.search(r"http://127\.0\.0\.1:8000/r/(\S+)", output)
    engine = make_engine(f"sqlite:///{tmp_path / 'peiling.sqlite3'}")
    with session_factory(engine)() as session:
        invitation = invitation_by_token(session, link.group(1))
        assert invitation is not None and invitation.status == "sent"
    engine.dispose()
    # a second run sends nothing new and still prints a link
    assert again.returncode == 0, again.stderr
    assert "'planned': 0" in again.stdout and "/r/" in again.stdout
    assert len(list((tmp_path / "mail").glob("*.eml"))) == panel
