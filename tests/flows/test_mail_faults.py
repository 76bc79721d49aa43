"""Exactly once against a mail server that misbehaves, judged by the server's own record.

Each test runs the invitation flow until it settles, then plays the operator: every message of
unknown outcome is looked up in the server's record and released when it did not arrive; then
one more run. Every contact must end with exactly one invitation, or be reported as failed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import select

from peiling.cli import cli
from peiling.flows.mail import send_invitations
from peiling.flows.sending import MailServerUnavailable
from peiling.flows.waves import open_wave
from peiling.mailing.plan import plan
from peiling.models import Invitation, MailLog, MailStatus, Wave
from peiling.settings import get_settings
from tests.flows.test_mail_flows import SURVEY, _latest_artifact
from tests.mailing.servers import make_panel, make_wave
from tests.prefect_server import API, created_since, migrated_database, prefect_server

TABLE = "invitations-ess-behoeftepeiling-2026"
CONTACTS = 12


@pytest.fixture
def wave(db_session, prefect_harness, smtp_server):
    """An open wave of 12 contacts in 4 organisations, no mail sent yet."""
    make_panel(db_session, organisations=4, per_organisation=3)
    planned = make_wave(db_session)
    db_session.commit()
    open_wave(SURVEY, planned.label)
    return planned


def _rows(db_session) -> list[MailLog]:
    db_session.expire_all()
    return db_session.scalars(select(MailLog).order_by(MailLog.id)).all()


def _run(db_session, wave, between=None) -> dict | None:
    """Run the flow once; check that its table counts every message it planned."""
    planned = len(plan(db_session, db_session.get(Wave, wave.id), "invitation", 0))
    db_session.rollback()
    try:
        summary = send_invitations(SURVEY, wave.label, batch_size=5, retry_delay=0)
    except MailServerUnavailable as exc:
        assert "nothing is sent twice" not in str(exc) and "left for the next run" in str(exc)
        summary = None
    if planned:
        table = json.loads(_latest_artifact(TABLE).data)
        totals = {row["result"]: row["count"] for row in table if row["recipient"] == ""}
        assert sum(totals.values()) == planned
        if summary is not None:
            assert totals == {k: v for k, v in summary.items() if k != "planned"}
    if between:
        between()
    return summary


def _settle(db_session, wave, between=None, runs: int = 6) -> None:
    """Run the flow until a run plans nothing."""
    for _ in range(runs):
        summary = _run(db_session, wave, between)
        if summary is not None and summary["planned"] == 0:
            return
    pytest.fail(f"no settled state after {runs} runs")


def _check_against_the_server(db_session, server) -> dict[str, MailLog]:
    """Assert the ledger against the server's record; return the rows of unknown outcome."""
    delivered = server.delivered()
    assert set(delivered.values()) <= {1}, "a message reached the server twice"
    rows = _rows(db_session)
    assert len(rows) == CONTACTS
    unknown = {}
    for row in rows:
        if row.status == MailStatus.SENT:
            assert delivered[row.message_id] == 1, "recorded as sent, not accepted by the server"
        elif row.status == MailStatus.FAILED:
            assert row.smtp_code >= 500 and delivered[row.message_id] == 0 and row.smtp_reply
        else:
            assert row.status in (MailStatus.UNKNOWN, MailStatus.CLAIMED), row.status
            assert row.message_id.startswith("<peiling.")
            unknown[row.message_id] = row
    return unknown


def _operator_releases_what_did_not_arrive(db_session, wave, server, unknown) -> None:
    """Check each unknown Message-ID in the server's record; release those it does not hold."""
    status = CliRunner().invoke(cli, ["wave", "status", wave.label], catch_exceptions=False)
    for message_id in unknown:
        assert message_id in status.output
    missing = [m for m in unknown if server.delivered()[m] == 0]
    if missing:
        args = [arg for m in missing for arg in ("--message-id", m)]
        out = (
            CliRunner()
            .invoke(
                cli,
                ["wave", "release-unknown", wave.label, *args, "--older-than", "0"],
                catch_exceptions=False,
            )
            .output
        )
        assert f"Released {len(missing)}" in out
    _settle(db_session, wave)


def _everyone_exactly_once(db_session, server, failed: int = 0) -> None:
    """Every contact has exactly one invitation on the server, but those reported failed."""
    per_contact = Counter(to for _, to in server.handler.delivered)
    assert len(per_contact) == CONTACTS - failed and set(per_contact.values()) == {1}
    delivered = server.delivered()
    for row in _rows(db_session):
        if row.status != MailStatus.FAILED:  # sent, or unknown and found in the server's log
            assert delivered[row.message_id] == 1
    assert sum(r.status == MailStatus.FAILED for r in _rows(db_session)) == failed


# name: (faults as stage, action, times, after), messages left with an unknown outcome
FAULTS = {
    "connect refused (554)": ([("connect", "554 5.3.2 not now", 8, 0)], 0),
    "connect stalls": ([("connect", "stall", 1, 0)], 0),
    "4xx to RCPT": ([("rcpt", "451 4.3.0 try later", 3, 2)], 0),
    "connection dropped at RCPT": ([("rcpt", "drop", 2, 3)], 0),
    "RCPT stalls": ([("rcpt", "stall", 1, 4)], 0),
    "4xx to the end of DATA": ([("data", "452 4.3.1 full", 2, 3)], 0),
    "421 to the end of DATA": ([("data", "421 4.3.2 closing", 1, 6)], 0),
    "dropped after the data": ([("data", "drop", 1, 2), ("data", "drop", 1, 4)], 2),
    "stalls after the data": ([("data", "stall", 1, 7)], 1),
}


@pytest.mark.parametrize("name", FAULTS)
def test_every_contact_gets_one_invitation_whatever_the_server_does(
    db_session, wave, smtp_server, name
):
    faults, unknowns = FAULTS[name]
    for stage, action, times, after in faults:
        smtp_server.fault(stage, action, times=times, after=after)
    smtp_server.handler.stall_seconds = 1.5  # past the client's time-out of 1 s
    _settle(db_session, wave)
    time.sleep(smtp_server.handler.stall_seconds)  # a stalled server finishes its work
    unknown = _check_against_the_server(db_session, smtp_server)
    assert len(unknown) == unknowns
    _operator_releases_what_did_not_arrive(db_session, wave, smtp_server, unknown)
    _everyone_exactly_once(db_session, smtp_server)


def test_a_server_that_refuses_connections_gets_everything_once_when_it_is_back(
    db_session, wave, smtp_server
):
    smtp_server.stop()
    _settle(db_session, wave, between=lambda: smtp_server.running or smtp_server.start())
    _everyone_exactly_once(db_session, smtp_server)


def test_permanent_refusals_at_rcpt_and_data_are_reported_failed_with_the_servers_text(
    db_session, wave, smtp_server
):
    smtp_server.handler.refuse.add("p0-1@gemeente0.example.nl")
    smtp_server.fault("data", "554 5.7.1 spam", recipients={"p2-2@gemeente2.example.nl"})
    _settle(db_session, wave)
    assert _check_against_the_server(db_session, smtp_server) == {}
    failed = {r.recipient: r.smtp_reply for r in _rows(db_session) if r.status == "failed"}
    assert "mailbox unavailable" in failed.pop("p0-1@gemeente0.example.nl")
    assert failed == {"p2-2@gemeente2.example.nl": "5.7.1 spam"}
    _everyone_exactly_once(db_session, smtp_server, failed=2)


SEND_IN_A_WORKER = """
import sys
from peiling.flows import context
from peiling.mailing.batch import send_batch
ids = [int(i) for i in sys.argv[1:]]
send_batch(context.engine(), ids, "invitation", 0, context.smtp_config(), context.mail_settings())
"""


def test_a_worker_killed_mid_batch_leaves_unknowns_that_the_operator_can_settle(
    db_session, wave, smtp_server
):
    smtp_server.fault("data", "hold", after=5)  # the sixth message arrives; its reply waits
    ids = [str(i) for i in db_session.scalars(select(Invitation.id).order_by(Invitation.id))]
    settings = get_settings()
    env = {
        **os.environ,
        "PEILING_DATABASE_URL": settings.database_url,
        "PEILING_SMTP_URL": settings.smtp_url,
        "PEILING_SMTP_TIMEOUT": "60",  # the worker waits for the reply until it is killed
        "PEILING_SECRET_KEY": settings.secret_key,
    }
    worker = subprocess.Popen([sys.executable, "-c", SEND_IN_A_WORKER, *ids], env=env)
    try:
        assert smtp_server.handler.held.wait(60), "the worker sent nothing"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
        smtp_server.handler.release.set()
    assert len(smtp_server.delivered()) == 6
    _settle(db_session, wave)  # sends nothing: every claim of the dead worker is unknown
    unknown = _check_against_the_server(db_session, smtp_server)
    assert len(unknown) == CONTACTS and len(smtp_server.delivered()) == 6
    _operator_releases_what_did_not_arrive(db_session, wave, smtp_server, unknown)
    _everyone_exactly_once(db_session, smtp_server)


def test_two_sends_of_one_wave_started_together_run_one_after_the_other(
    db_session, wave, smtp_server
):
    smtp_server.handler.on_message = lambda envelope: threading.Event().wait(0.3)
    summaries: list[dict] = []

    def send() -> None:
        summaries.append(send_invitations(SURVEY, wave.label, batch_size=CONTACTS))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    # The second planned only after the first had finished: it found nothing left to send.
    assert sorted(s["planned"] for s in summaries) == [0, CONTACTS]
    assert sorted(s.get("sent", 0) for s in summaries) == [0, CONTACTS]
    _everyone_exactly_once(db_session, smtp_server)


ROOT = Path(__file__).resolve().parents[2]
HEARTBEAT = 30  # Prefect's shortest heartbeat interval
# One missed beat and half a beat to spare for a busy machine: a run that is alive beats every
# 30 s, so a gap of 45 s means it is dead. The shipped automation waits three beats (180 s at
# 60 s), which only makes it slower to notice; what it does is the same.
SILENCE = HEARTBEAT + HEARTBEAT // 2
SEND_FLOW = """
import sys
from peiling.flows.mail import send_invitations
print(send_invitations(sys.argv[1], sys.argv[2], batch_size=5), flush=True)
"""


@pytest.fixture(scope="module")
def dead_run_server(tmp_path_factory):
    """A Prefect server with the dead-run automation of automations.yaml, quicker to fire.

    The automation is the shipped one with heartbeats every 30 s (Prefect's shortest) instead
    of 60, and a run is crashed after 45 s without one (SILENCE) instead of 180. The server
    looks for expired leases of concurrency slots every 2 s instead of 15.
    """
    spec = yaml.safe_load((ROOT / "automations.yaml").read_text())
    for automation in spec["automations"]:
        automation["trigger"]["within"] = SILENCE
    home = tmp_path_factory.mktemp("prefect-dead-runs")
    quick = {
        "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT),
        "PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS": "2",
    }
    with prefect_server(home, migrated_database(tmp_path_factory), **quick) as server:
        server.create_automations(spec)
        yield server.api, server.env


def _flow_runs(api: str, since: datetime) -> list[dict]:
    """The server's flow runs created since this moment (the runs before are another test's)."""
    response = API.post(api + "/flow_runs/filter", json={"sort": "EXPECTED_START_TIME_ASC"})
    response.raise_for_status()
    return created_since(response.json(), since)


def _wait_for(what: str, check, seconds: float = 600):
    """Poll until check() returns something true; fail saying what did not happen."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds:.0f} s"
        time.sleep(1)


@pytest.mark.slow
def test_a_send_whose_process_is_killed_is_crashed_and_the_next_send_settles_the_wave(
    db_session, wave, smtp_server, dead_run_server
):
    api, prefect_env = dead_run_server
    since = datetime.now(UTC)  # the server may hold the runs of this test on the other database
    settings = get_settings()
    env = {
        **prefect_env,
        "PEILING_DATABASE_URL": settings.database_url,
        "PEILING_DATA_DIR": str(settings.data_path),
        "PEILING_SMTP_URL": settings.smtp_url,
        "PEILING_SMTP_TIMEOUT": "600",  # the run waits for the held reply until it is killed
        "PEILING_SECRET_KEY": settings.secret_key,
    }
    smtp_server.fault("data", "hold", after=5)  # the sixth message arrives; its reply waits
    command = [sys.executable, "-c", SEND_FLOW, SURVEY, wave.label]
    killed = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        assert smtp_server.handler.held.wait(300), "the flow run sent nothing"
        [run] = _wait_for("a running flow run", lambda: _flow_runs(api, since))
        assert run["state_type"] == "RUNNING"
    finally:
        killed.send_signal(signal.SIGKILL)  # the flow-run process dies mid-batch
        killed.wait(30)
        smtp_server.handler.release.set()
    assert len(smtp_server.delivered()) == 6

    def crashed():
        state = API.get(f"{api}/flow_runs/{run['id']}").json()["state"]
        return state if state["type"] != "RUNNING" else None

    state = _wait_for("the dead run's crash", crashed)
    assert state["type"] == "CRASHED" and "heartbeat" in state["message"]

    # The next send waits for the dead run's slot of the wave's limit to be free, then sends
    # the last batch, which the dead run never claimed; the five claims of the batch it died in
    # (one of them arrived) are unknown outcomes, sent again by no one.
    env["PEILING_SMTP_TIMEOUT"] = "5"
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "{'sent': 2, 'planned': 2}" in again.stdout
    assert [r["state_type"] for r in _flow_runs(api, since)] == ["CRASHED", "COMPLETED"]
    unknown = _check_against_the_server(db_session, smtp_server)
    assert len(unknown) == 5 and len(smtp_server.delivered()) == 8
    _operator_releases_what_did_not_arrive(db_session, wave, smtp_server, unknown)
    _everyone_exactly_once(db_session, smtp_server)
