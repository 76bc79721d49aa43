"""`peiling export trends`: simulated waves in, a workbook (or CSV / SPSS file) out."""

from __future__ import annotations

import openpyxl
import pyreadstat
from sqlalchemy import select

from peiling.cli import main
from peiling.models.db import session_scope
from peiling.models.export_record import ExportRecord


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_trends_of_simulated_waves(capsys, settings, engine, tmp_path):
    code, _, err = run(capsys, "simulate", "--waves", "2025,2026", "--organisations", "8")
    assert code == 0, err
    out_file = tmp_path / "trends.xlsx"
    code, out, err = run(capsys, "export", "trends", "--waves", "2025,2026", "--out", str(out_file))
    assert code == 0, err
    assert f"Written: {out_file}" in out
    book = openpyxl.load_workbook(out_file, read_only=True)
    assert book.sheetnames[0] == "Toelichting" and "Trends" in book.sheetnames
    assert not [name for name in book.sheetnames if name.startswith("Data")]
    # Without --waves: every closed wave, oldest first; kept in the data folder with its options.
    code, out, err = run(
        capsys,
        "export",
        "trends",
        "--format",
        "sav",
        "--lang",
        "en",
        "--division",
        "historical",
        "--unit",
        "organisation",
        "--no-weights",
    )
    assert code == 0, err
    with session_scope() as session:
        record = session.scalars(select(ExportRecord)).one()
        assert (record.format, record.waves) == ("sav", ["2025", "2026"])
        assert (record.lang, record.division, record.unit) == ("en", "historical", "organisation")
        assert (record.weights, record.dialect, record.contents) == (False, None, "tables")
        path = settings.data_path / record.path
    code, out, err = run(capsys, "export", "list")
    assert code == 0, err
    assert "format: sav" in out and "weights: unweighted (--no-weights)" in out
    assert record.path in out
    frame, _ = pyreadstat.read_sav(str(path))
    assert len(frame) == record.rows > 0


def test_export_errors_are_one_clear_message(capsys, settings, engine, tmp_path):
    code, out, err = run(
        capsys,
        "export",
        "trends",
        *("--survey", "ess-behoeftepeiling", "--waves", "1999", "--out", str(tmp_path / "x.xlsx")),
    )
    assert code == 1 and err.startswith("Error: no wave '1999'") and "Traceback" not in err
    code, out, err = run(capsys, "export", "trends", "--survey", "ess-behoeftepeiling")
    assert code == 1 and "has no closed wave; name the waves with --waves" in err
    code, out, err = run(capsys, "export", "trends", "--waves", "2025,2025")
    assert code == 1 and "given twice" in err
