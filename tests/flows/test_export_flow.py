"""The export flow, run for real under a Prefect test server."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from peiling.errors import UserError
from peiling.flows.export import export_trends_flow
from peiling.models.export_record import ExportRecord
from peiling.simulation import simulate_history


def test_the_flow_writes_under_the_data_folder_and_records_the_export(
    prefect_harness, db_session, settings
):
    simulate_history(db_session, secret_key="k", labels=["2025", "2026"], organisations=6, seed=2)
    db_session.commit()
    result = export_trends_flow(["2025", "2026"], requested_by="onderzoeker@example.org")
    record = db_session.scalars(select(ExportRecord)).one()
    assert record.id == result["id"] and record.waves == ["2025", "2026"]
    assert record.format == "xlsx" and record.created_by == "onderzoeker@example.org"
    path = settings.data_path / record.path
    assert path.is_file() and path.parent.parent.name == "exports"
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Thema's" in book.sheetnames and record.rows == result["rows"] > 0


def test_the_flow_refuses_an_unknown_format(prefect_harness, settings):
    with pytest.raises(UserError, match="unknown format"):
        export_trends_flow(["2025"], format="ods")
