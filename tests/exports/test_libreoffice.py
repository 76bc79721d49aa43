"""LibreOffice (headless) opens the workbook and converts it to PDF and CSV without error."""

from __future__ import annotations

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
