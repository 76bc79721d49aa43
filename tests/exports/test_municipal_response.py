"""Municipality-level response beside contact-level, and one unit on every sheet."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from peiling.exports.options import ExportOptions
from peiling.exports.population import municipal_response, municipalities_on
from peiling.exports.source import load_trend_input
from peiling.exports.xlsx.workbook import write_trend_workbook
from peiling.models.organisation import Organisation
from peiling.simulation import simulate_history

SURVEY = "ess-behoeftepeiling"


def header_table(path, sheet: str, first: str) -> pd.DataFrame:
    """Return the first table of a sheet whose header starts with `first`."""
    raw = pd.read_excel(path, sheet_name=sheet, header=None)
    start = raw.index[raw[0] == first][0]
    rows = []
    for index in range(start + 1, len(raw)):
        if pd.isna(raw.iloc[index, 0]):
            break
        rows.append(raw.iloc[index].tolist())
    return pd.DataFrame(rows, columns=[str(c) for c in raw.iloc[start]])


def test_respons_and_notes_give_municipalities_of_all_active_ones(db_session, tmp_path):
    simulate_history(
        db_session, secret_key="k", labels=["2025", "2026"], organisations=12, seed=4, fast=True
    )
    gone = Organisation(
        code="GM9999", name="Opgeheven", province="Utrecht", valid_until=date(2000, 1, 1)
    )
    db_session.add(gone)  # dissolved long ago: not active on the waves' dates
    db_session.commit()
    source = load_trend_input(db_session, SURVEY, ["2025", "2026"])
    assert len(source.populations["2026"]) == 12
    assert "GM9999" not in set(source.populations["2026"]["current_code"])
    path = tmp_path / "t.xlsx"
    write_trend_workbook(source, path, ExportOptions())
    response = header_table(path, "Respons", "Golf")
    for wave in source.waves:
        row = response[response["Golf"] == wave.label].iloc[0]
        responding = wave.data["current_code"].nunique()
        assert row["Gemeenten met respons"] == responding
        assert row["Gemeenten actief op de peildatum"] == 12
        assert row["Gemeenten"] == f"{responding} van 12"
        assert row["Geteld"] == "contactpersonen"
        assert row["Uitgenodigd"] == wave.invitations["sent"].sum()


def test_municipalities_on_a_day_follow_validity_and_mergers(db_session):
    old = Organisation(code="GM0001", name="Oud", province="Utrecht", population=9000)
    new = Organisation(code="GM0002", name="Nieuw", province="Utrecht", population=60000)
    db_session.add_all([old, new])
    db_session.flush()
    old.valid_until, old.successor_id = date(2020, 1, 1), new.id
    late = Organisation(code="GM0003", name="Later", valid_from=date(2030, 1, 1))
    db_session.add(late)
    db_session.flush()
    before = municipalities_on(db_session, date(2019, 6, 1), "historical")
    assert sorted(before["current_code"]) == ["GM0001", "GM0002"]
    assert sorted(municipalities_on(db_session, date(2019, 6, 1))["current_code"]) == ["GM0002"]
    after = municipalities_on(db_session, date(2024, 6, 1), "historical")
    assert after["current_code"].tolist() == ["GM0002"]
    assert after["size_class"].tolist() == ["50.000 - 100.000"]


def test_unit_organisation_counts_municipalities_on_notes_and_respons(trend_input, tmp_path):
    path = tmp_path / "org.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(unit="organisation"))
    response = header_table(path, "Respons", "Golf")
    notes = header_table(path, "Toelichting", "Golf")
    for wave in trend_input.waves:
        municipalities = wave.data["current_code"].nunique()
        invited = wave.invitations.loc[wave.invitations["sent"], "current_code"].nunique()
        row = response[response["Golf"] == wave.label].iloc[0]
        assert row["Uitgenodigd"] == invited < wave.invitations["sent"].sum()
        assert row["Opgenomen in de analyse"] == municipalities
        assert row["Geteld"] == "gemeenten"
        note = notes[notes["Golf"] == wave.label].iloc[0]
        assert note["Opgenomen in de analyse"] == municipalities < len(wave.data)
        population = trend_input.populations[wave.label]
        assert note["Gemeenten"] == f"{municipalities} van {len(population)}"
    groups = pd.read_excel(path, sheet_name="Respons", header=None)[0].astype(str)
    assert not groups.str.contains("Domein respondent").any()  # no domains among municipalities


def test_municipal_response_words(trend_input):
    wave = trend_input.waves[0]
    result = municipal_response(wave, trend_input.populations[wave.label])
    assert result.words("en") == f"{result.responding} of {result.active}"
    assert result.rate == pytest.approx(result.responding / result.active)
