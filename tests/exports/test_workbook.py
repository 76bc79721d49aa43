"""The trend workbook read back with openpyxl and pandas: sheets, layout, safety, privacy."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from peiling.cleaning.dataset import META_COLUMNS
from peiling.exports.options import ExportOptions
from peiling.exports.xlsx.workbook import write_trend_workbook
from tests.exports.helpers import block, sheet_xml

SHEETS = [
    "Toelichting",
    "Respons",
    "Trends",
    "Thema's",
    "Uitsplitsingen",
    "Open antwoorden",
    "Codeboek",
]
MICRODATA_SHEETS = ["Toelichting", "Data 2024", "Data 2025", "Data 2026", "Codeboek"]


@pytest.fixture(scope="module")
def book(workbook_path):
    """Return the workbook loaded with openpyxl once for this module."""
    return openpyxl.load_workbook(workbook_path)


def test_every_sheet_is_there_in_order_and_reads_back(workbook_path, book):
    assert book.sheetnames == SHEETS
    frames = pd.read_excel(workbook_path, sheet_name=None)
    assert list(frames) == SHEETS
    assert all(not frame.empty for frame in frames.values())


def test_no_cell_holds_a_formula(workbook_path, book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row), sheet.title
    assert not any("<f>" in xml or "<f " in xml for xml in sheet_xml(workbook_path).values())


def test_notes_name_waves_versions_rules_and_how_it_was_made(book, trend_input):
    sheet = book["Toelichting"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(texts)
    assert "peiling 0.1.0" in joined and "Gemaakt op (UTC)" in joined
    assert "huidige indeling" in joined
    assert "z-toets voor twee proporties" in joined and "q < 0,05" in joined
    for wave in trend_input.waves:
        assert wave.label in texts
    assert "harmonised" in texts  # the cleaning rules applied
    assert any("thema_leeft: schaal omgezet" in t for t in texts)  # harmonisation notes


def test_data_sheets_hold_one_row_per_response_without_contact_details(microdata_path, trend_input):
    assert openpyxl.load_workbook(microdata_path, read_only=True).sheetnames == MICRODATA_SHEETS
    names = {v.name for v in trend_input.variables()}
    for wave in trend_input.waves:
        frame = pd.read_excel(microdata_path, sheet_name=f"Data {wave.label}")
        assert len(frame) == len(wave.data)
        assert set(frame.columns) <= set(META_COLUMNS) | names
        assert {"organisation_code", "organisation_name", "role"} <= set(frame.columns)
        assert not {c for c in frame.columns if "mail" in c or c in ("name", "contact")}
        assert frame["response_id"].tolist() == wave.data["response_id"].tolist()


def test_data_sheets_have_frozen_headers_filters_widths_and_names(book, microdata_path):
    micro = openpyxl.load_workbook(microdata_path)
    sheet = micro["Data 2025"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width > 8
    assert "Data_2025" in micro.defined_names
    target = micro.defined_names["Data_2025"].attr_text
    assert target.startswith("'Data 2025'!$A$1:")
    trends = book["Trends"]
    assert trends.freeze_panes == "C5" and trends.auto_filter.ref.startswith("A4:")
    assert trends.row_dimensions[4].height == 45


def test_number_formats_for_shares_means_and_changes(book):
    sheet = book["Trends"]
    header = [c.value for c in sheet[4]]
    value_col = header.index("2026: waarde") + 1
    change_col = header.index("2026 t.o.v. 2025: verschil") + 1
    kinds = {}
    for row in sheet.iter_rows(min_row=5):
        kind = row[3].value
        cell = row[value_col - 1]
        if isinstance(cell.value, float) and kind not in kinds:
            kinds[kind] = (cell.number_format, row[change_col - 1].number_format)
    assert kinds["aandeel"][0] == "0.0%" and "pp" in kinds["aandeel"][1]
    assert kinds["gemiddelde"][0] == "0.00"


def test_theme_trends_come_with_native_line_charts(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        # four measures, the gap, the share with a gap, and lives against attention
        assert len(charts) == 7
        xml = archive.read(charts[0]).decode("utf-8")
    assert "<c:lineChart>" in xml and "Thema''s" in xml or "Thema's" in xml


def test_chart_error_bars_are_cell_ranges_holding_the_interval(workbook_path, book):
    with zipfile.ZipFile(workbook_path) as archive:
        xml = archive.read("xl/charts/chart1.xml").decode("utf-8")
    ranges = r"<c:(plus|minus)><c:numRef><c:f>'Thema''s'!(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+)"
    bars = re.findall(ranges, xml)
    assert len(bars) == 2 * 6  # plus and minus of every theme (LibreOffice drops literals)
    sheet = book["Thema's"]
    for side, cells in bars:
        row = sheet[cells.split(":")[0].replace("$", "")].row
        lengths = [c.value for c in sheet[cells.replace("$", "")][0]]
        values = [sheet.cell(row, 2 + i).value for i in range(3)]
        lows = [sheet.cell(row, 8 + 2 * i).value for i in range(3)]
        highs = [sheet.cell(row, 9 + 2 * i).value for i in range(3)]
        ends = highs if side == "plus" else lows
        expected = [
            abs(e - v) if isinstance(v, float) else 0 for e, v in zip(ends, values, strict=True)
        ]
        assert lengths == pytest.approx(expected)
        assert lengths[-1] > 0.05  # long enough to see on the 1-5 scale


def test_open_answers_list_every_text_answer_with_its_organisation(workbook_path, trend_input):
    frame = pd.read_excel(workbook_path, sheet_name="Open antwoorden", header=2)
    expected = 0
    for question in trend_input.target.questions():
        if question.type in ("short_text", "long_text") and not question.personal:
            for wave in trend_input.waves:
                expected += int(wave.data[question.key].notna().sum())
    assert len(frame) == expected
    assert frame["Organisatiecode"].str.startswith("GM").all()
    assert set(frame["Golf"].astype(str)) == {"2024", "2025", "2026"}


def test_response_sheet_counts_invitations(workbook_path, trend_input):
    frame = pd.read_excel(workbook_path, sheet_name="Respons", header=2, nrows=3)
    for wave, (_, row) in zip(trend_input.waves, frame.iterrows(), strict=True):
        invitations = wave.invitations
        assert row["Uitgenodigd"] == invitations["sent"].sum()
        assert row["Ingevuld"] == invitations["submitted"].sum()
        assert row["Responspercentage"] == pytest.approx(
            invitations["submitted"].sum() / invitations["sent"].sum()
        )


def test_small_breakdown_cells_are_suppressed(versions, tmp_path):
    from tests.exports.conftest import make_input

    source = make_input(versions, responses=120, seed=3)
    path = tmp_path / "k.xlsx"
    write_trend_workbook(source, path, ExportOptions(small_cell_k=10, weights=False))
    table = block(path, "Uitsplitsingen", "Hoe sterk leeft het thema")
    latest = source.waves[-1].data
    by_province = table[table["Indeling"] == "Provincie"]
    counts = latest["province"].value_counts()
    assert (counts < 10).any() and (counts >= 10).any()
    answers = latest["thema_leeft.polarisatie"]
    substantive = latest[answers.notna() & (answers != 98)]["province"].value_counts()
    for _, row in by_province.iterrows():
        n, answered = counts[row["Categorie"]], substantive.get(row["Categorie"], 0)
        assert row["N"] == (n if n >= 10 else "< 10")
        if answered < 10:
            assert row["Polarisatie"] == "< 10"
        else:
            answers_here = latest.loc[latest["province"] == row["Categorie"], answers.name]
            expected = answers_here[answers_here != 98].dropna().astype(float).mean()
            assert row["Polarisatie"] == pytest.approx(expected)
    numbers = pd.to_numeric(table["N"], errors="coerce").dropna()
    assert (numbers >= 10).all()


def test_english_headings_when_asked(trend_input, tmp_path):
    path = tmp_path / "en.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(lang="en"))
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert names[:6] == ["Notes", "Response", "Trends", "Themes", "Breakdowns", "Open answers"]
    assert names[-1] == "Codebook"
    header = pd.read_excel(path, sheet_name="Trends", header=3).columns
    assert "2026 vs 2025: change" in header


def test_one_response_per_organisation_when_asked(trend_input, tmp_path):
    path = tmp_path / "org.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(unit="organisation", weights=False))
    trends = pd.read_excel(path, sheet_name="Trends", header=3)
    row = trends[(trends["Variabele"] == "rol_ervaring")].iloc[0]
    data = trend_input.waves[-1].data
    primary = data[data["org_primary"]]
    assert len(primary) < len(data)
    assert row["2026: N"] == primary["rol_ervaring"].notna().sum()
    assert row["2026: waarde"] == pytest.approx(primary["rol_ervaring"].mean())
    notes = pd.read_excel(path, sheet_name="Toelichting", header=None)
    assert notes[1].astype(str).str.contains("een respons per gemeente").any()
