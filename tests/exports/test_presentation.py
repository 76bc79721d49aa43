"""Presentation: page setup, scale-change marks, lives against attention, order and language."""

from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest
from scipy.stats import spearmanr

from peiling.cleaning.rules import RULE_TEXTS
from peiling.exports.figures.common import natural_key
from peiling.exports.options import ExportOptions
from peiling.exports.xlsx.workbook import write_trend_workbook
from tests.exports.helpers import block, sheet_xml


def test_every_sheet_prints_landscape_one_page_wide_with_titles(weighted_workbook_path):
    sheets = sheet_xml(weighted_workbook_path)
    assert len(sheets) == 7
    for name, xml in sheets.items():
        assert 'orientation="landscape"' in xml, name
        # fit to one page wide (fitToWidth defaults to 1), as many pages long as needed
        assert 'fitToPage="1"' in xml and 'fitToHeight="0"' in xml, name
        assert "fitToWidth" not in xml, name
        assert "<oddHeader>" in xml and "&amp;A" in xml, name  # the sheet's name on every page
    with zipfile.ZipFile(weighted_workbook_path) as archive:
        names = archive.read("xl/workbook.xml").decode("utf-8")
    repeated = re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d)"', names)
    assert {"1", "2", "6"} <= set(repeated)  # Respons, Trends and Codeboek repeat their header


def test_charts_mark_the_scale_change(weighted_workbook_path):
    with zipfile.ZipFile(weighted_workbook_path) as archive:
        charts = [
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/charts/chart")
        ]
    marked = [c for c in charts if "schaal gewijzigd (4 naar 5 punten) tussen 2025 en 2026" in c]
    assert marked and all("nieuwe schaal" in c for c in marked)
    satisfaction = [c for c in charts if "Tevredenheid over de ondersteuning" in c]
    assert satisfaction and "schaal gewijzigd" not in satisfaction[0]  # same scale: no mark


def test_lives_against_attention_per_theme_and_wave(weighted_workbook_path):
    table = block(weighted_workbook_path, "Thema's", "Leeft versus aandacht per thema en golf")
    last = table.set_index("Thema")
    lives, attention = last["2026: Leeft"], last["2026: Aandacht"]
    assert last["2026: Kloof leeft - aandacht"].tolist() == pytest.approx(
        (lives - attention).tolist()
    )
    assert last.loc["Ondermijning", "2026: Rang aandacht"] == 1
    assert last.loc["Ondermijning", "2026: Kloof leeft - aandacht"] < 0
    assert last.loc["Polarisatie", "2026: Kloof leeft - aandacht"] > 0
    raw = pd.read_excel(weighted_workbook_path, sheet_name="Thema's", header=None)
    rho = raw[raw[0] == "Rangcorrelatie (Spearman) leeft-aandacht, golf 2026"][1].iloc[0]
    assert rho == pytest.approx(spearmanr(lives, attention).statistic) and rho < 0


def test_region_codes_sort_naturally():
    regions = ["Veiligheidsregio 10", "Veiligheidsregio 2", "Veiligheidsregio 1"]
    assert sorted(regions, key=natural_key) == [
        "Veiligheidsregio 1",
        "Veiligheidsregio 2",
        "Veiligheidsregio 10",
    ]


def test_respons_lists_safety_regions_in_natural_order(weighted_workbook_path):
    raw = pd.read_excel(weighted_workbook_path, sheet_name="Respons", header=None)
    regions = raw[raw[0] == "Veiligheidsregio"][1].tolist()
    numbers = [int(r.rsplit(" ", 1)[1]) for r in regions if r != "Onbekend"]
    assert numbers == sorted(numbers) and len(numbers) > 10


def test_cleaning_rules_in_the_workbooks_language(trend_input, tmp_path, weighted_workbook_path):
    assert all(set(texts) == {"nl", "en"} for texts in RULE_TEXTS.values())
    notes = pd.read_excel(weighted_workbook_path, sheet_name="Toelichting", header=None)
    words = " ".join(notes.fillna("").astype(str).to_numpy().ravel())
    assert "antwoorden omgezet naar de sleutels en codes" in words
    assert "answers mapped to the newest version" not in words
    path = tmp_path / "en.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(lang="en"))
    notes = pd.read_excel(path, sheet_name="Notes", header=None)
    words = " ".join(notes.fillna("").astype(str).to_numpy().ravel())
    assert "answers mapped to the newest version" in words and "omgezet" not in words
    assert "Municipalities" in words and "Weighting" in words
