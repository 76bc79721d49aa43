"""Build import files for the tests: CSV text, XLSX workbooks and hand-made zip archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import func, select

ORGANISATIONS = "code,name,province,population,safety_region_code,safety_region\n"
GOOD = "GM0014,Groningen,Groningen,243768,VR01,Groningen\n"


def csv_file(path: Path, text: str) -> Path:
    """Write CSV text (UTF-8) and return its path."""
    path.write_text(text, encoding="utf-8")
    return path


def xlsx_file(path: Path, rows: list[list]) -> Path:
    """Write rows into the first sheet of a new workbook and return its path."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def zip_bomb(path: Path, unpacked_mb: int) -> Path:
    """Write an XLSX-shaped zip whose sheet unpacks to many MB of nothing (a few KB packed)."""
    chunk = b"<row/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(unpacked_mb):
                sheet.write(chunk)
    return path


def count(session, model) -> int:
    """Return the number of rows of a table."""
    return session.scalar(select(func.count()).select_from(model))
