"""LibreOffice (headless) opens the workbook and converts it to PDF and CSV without error."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import require_tool


@pytest.mark.slow
@pytest.mark.parametrize("target", ["pdf", "csv"])
def test_libreoffice_converts_the_workbook(workbook_path, tmp_path, target):
    soffice = shutil.which("soffice")
    require_tool(soffice is not None, "LibreOffice (soffice)")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(workbook_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    converted = out / workbook_path.with_suffix(f".{target}").name
    assert converted.is_file() and converted.stat().st_size > 1000
    if target == "csv":
        first_sheet = converted.read_text(encoding="utf-8", errors="replace")
        assert "Trendwerkboek" in first_sheet


@pytest.mark.slow
def test_the_printed_workbook_has_a_sensible_page_count(weighted_workbook_path, tmp_path):
    soffice, pdfinfo, pdftotext = (shutil.which(t) for t in ("soffice", "pdfinfo", "pdftotext"))
    require_tool(soffice is not None, "LibreOffice (soffice)")
    require_tool(pdfinfo is not None and pdftotext is not None, "poppler-utils (pdfinfo)")
    out = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(weighted_workbook_path),
        ],
        capture_output=True,
        timeout=240,
        check=True,
    )
    pdf = out / weighted_workbook_path.with_suffix(".pdf").name
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert 7 <= pages <= 60  # portrait and unfitted, the same workbook printed hundreds
    assert "landscape" in info or "841.89 x 595" in info
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True)
    pages_text = text.stdout.split("\f")[:-1]
    firsts = [re.split(r"\s{2,}", page.strip().splitlines()[0])[0] for page in pages_text]
    # One page wide: a sheet runs on downwards (the charts may take a second page), never across.
    assert firsts.count("Trends") <= 4 and firsts.count("Thema's") <= 3
    assert "Toelichting" in firsts and "Codeboek" in firsts  # the print title on every page
