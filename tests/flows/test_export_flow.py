"""The export flow, run for real under a Prefect test server."""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from peiling.errors import UserError
from peiling.flows.export import export_trends_flow
from peiling.models.base import utcnow
from peiling.models.export_record import ExportRecord
from peiling.models.questionnaire_store import latest_version
from peiling.models.wave_lifecycle import create_wave
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"


def test_the_flow_writes_under_the_data_folder_and_records_the_export(
    prefect_harness, db_session, settings
):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2, fast=True
    )
    db_session.commit()
    result = export_trends_flow(["2025", "2026"], requested_by="onderzoeker@example.org")
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.id == result["id"] and record.waves == ["2025", "2026"]
    assert record.format == "xlsx" and record.created_by == "onderzoeker@example.org"
    assert (record.lang, record.division, record.unit) == ("nl", "current", "response")
    path = settings.data_path / record.path
    assert path.is_file() and path.parent.parent.name == "exports"
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Thema's" in book.sheetnames and record.rows == result["rows"] > 0


def test_without_waves_it_exports_every_closed_wave_with_its_options(
    prefect_harness, db_session, settings
):
    simulate_history(
        db_session, secret_key="k", labels=["2024", "2025"], organisations=6, seed=3, fast=True
    )
    now = utcnow()
    version = latest_version(db_session, SURVEY)
    create_wave(  # open, not closed: not in the export
        db_session, version=version, label="2027", opens_at=now, closes_at=now + timedelta(days=9)
    )
    db_session.commit()
    result = export_trends_flow(format="csv", lang="en", unit="organisation", dialect="nl")
    assert result["survey"] == SURVEY and result["waves"] == ["2024", "2025"]
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.waves == ["2024", "2025"] and record.format == "csv"
    assert (record.lang, record.division, record.unit) == ("en", "current", "organisation")
    assert (record.dialect, record.weights, record.contents) == ("nl", True, "tables")
    text = (settings.data_path / record.path).read_text(encoding="utf-8")
    assert text.count("\n") > 1 and text.splitlines()[0].count(";") > 5


def test_without_a_closed_wave_there_is_nothing_to_export(prefect_harness, db_session, settings):
    version = simulate_history(
        db_session, secret_key="k", labels=["2026"], organisations=4, seed=3, close=False, fast=True
    )
    assert version.waves
    db_session.commit()
    result = export_trends_flow()
    assert result == {"survey": SURVEY, "waves": [], "id": None}
    assert db_session.scalars(select(ExportRecord)).all() == []


def test_the_flow_refuses_an_unknown_format(prefect_harness, settings):
    with pytest.raises(UserError, match="unknown format"):
        export_trends_flow(["2025"], format="ods")


def _subscribed_staff(db_session):
    """A subscribed researcher (English), a subscribed then deactivated admin, one who left."""
    from peiling.models.staff_accounts import add_user, deactivate
    from peiling.models.subscription import subscribe, unsubscribe

    accounts = {}
    for email, role in (
        ("onderzoek@example.nl", "researcher"),
        ("weg@example.nl", "admin"),
        ("afgemeld@example.nl", "researcher"),
    ):
        accounts[email] = add_user(db_session, email, role, "een lang en goed wachtwoord")
        subscribe(db_session, accounts[email], SURVEY, "en" if role == "researcher" else "nl")
    deactivate(db_session, "weg@example.nl")
    unsubscribe(db_session, accounts["afgemeld@example.nl"], SURVEY)
    subscribe(db_session, accounts["weg@example.nl"], "een-andere-peiling")
    db_session.commit()


def _link_artifact(export_id: int):
    from tests.flows.test_mail_flows import _latest_artifact

    return _latest_artifact(f"export-{SURVEY}"), _latest_artifact(f"export-{SURVEY}-mail")


def test_a_new_export_mails_its_subscribers_a_link_and_never_the_data(
    prefect_harness, db_session, settings, smtp_server
):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2, fast=True
    )
    _subscribed_staff(db_session)
    result = export_trends_flow(["2025", "2026"])
    link = f"http://127.0.0.1:8000/beheer/downloads/{result['id']}"
    assert result["notice"] == {"link": link, "mailed": 1, "failed": 0}
    messages = smtp_server.messages()
    assert [m["X-Envelope-To"] for m in messages] == ["onderzoek@example.nl"]
    mail = messages[0]
    assert mail["Subject"] == f"New export of {SURVEY}: waves 2025, 2026"
    assert not mail.is_multipart() and mail.get_content_type() == "text/plain"
    assert not list(mail.iter_attachments())
    body = mail.get_content()
    assert link in body and "log" in body
    assert b"PK" not in mail.as_bytes()  # no workbook inside, in any encoding of the mail
    shown, table = _link_artifact(result["id"])
    assert f"]({link})" in str(shown.data)  # a link artifact: [name](link)
    assert "onderzoek@example.nl | sent" in table.data
    assert "weg@example.nl" not in table.data and "afgemeld@example.nl" not in table.data


def test_a_failing_mail_server_does_not_fail_the_export(
    prefect_harness, db_session, settings, smtp_server
):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2, fast=True
    )
    _subscribed_staff(db_session)
    smtp_server.stop()  # nobody answers at the configured port
    result = export_trends_flow(["2025", "2026"])
    record = db_session.scalars(select(ExportRecord)).one()
    assert (settings.data_path / record.path).is_file() and record.id == result["id"]
    assert result["notice"]["mailed"] == 0 and result["notice"]["failed"] == 1
    _, table = _link_artifact(result["id"])
    assert "onderzoek@example.nl | not sent:" in table.data and "does not answer" in table.data
    smtp_server.start()
    smtp_server.handler.refuse.add("onderzoek@example.nl")  # refused for good at RCPT
    again = export_trends_flow(["2025", "2026"])
    assert again["notice"]["failed"] == 1 and smtp_server.messages() == []
    _, table = _link_artifact(again["id"])
    assert "550" in table.data
