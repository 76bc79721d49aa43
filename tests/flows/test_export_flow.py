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
    simulate_history(db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2)
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
    simulate_history(db_session, secret_key="k", labels=["2024", "2025"], organisations=6, seed=3)
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
        db_session, secret_key="k", labels=["2026"], organisations=4, seed=3, close=False
    )
    assert version.waves
    db_session.commit()
    result = export_trends_flow()
    assert result == {"survey": SURVEY, "waves": [], "id": None}
    assert db_session.scalars(select(ExportRecord)).all() == []


def test_the_flow_refuses_an_unknown_format(prefect_harness, settings):
    with pytest.raises(UserError, match="unknown format"):
        export_trends_flow(["2025"], format="ods")
