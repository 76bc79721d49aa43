"""Disclosure control: personal answers, masked open text, pseudonyms, secondary suppression."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from peiling.exports.disclosure import Masker, pseudonym, suppressed
from peiling.exports.options import ExportOptions
from peiling.exports.run import write_export
from peiling.exports.xlsx.workbook import write_trend_workbook

SECRET = "Bel Jan de Vries op 06-12345678 of mail j.devries@gemeente.nl over het plan."


def test_vervolg_contact_is_personal_in_the_shipped_questionnaire(trend_input):
    question = trend_input.target.question("vervolg_contact")
    assert question.personal is True
    assert trend_input.target.question("opmerkingen").personal is False


def _with_secret(trend_input):
    """Return the trend input with a personal answer and a revealing remark in wave 2026."""
    waves = [replace(w, data=w.data.copy()) for w in trend_input.waves]
    waves[-1].data.loc[0, "vervolg_contact"] = "Jan de Vries, j.devries@gemeente.nl"
    waves[-1].data.loc[1, "opmerkingen"] = SECRET
    return replace(trend_input, waves=waves, contact_names=["Jan de Vries", "de Vries"])


def _texts(path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(c)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for c in row
    )


def test_tables_csv_and_spss_hold_no_personal_answers_and_masked_open_text(trend_input, tmp_path):
    import pyreadstat

    source = _with_secret(trend_input)
    tables = write_export(source, tmp_path / "t.xlsx", "xlsx", ExportOptions()).path
    shown = _texts(tables)
    assert "j.devries" not in shown and "06-12345678" not in shown and "Vries" not in shown
    assert "Bel [naam] op [telefoonnummer] of mail [e-mailadres] over het plan." in shown
    assert not [s for s in openpyxl.load_workbook(tables).sheetnames if s.startswith("Data")]
    csv_text = write_export(source, tmp_path / "a.csv", "csv", ExportOptions()).path.read_text(
        "utf-8-sig"
    )
    assert "Vries" not in csv_text and "vervolg_contact" not in csv_text
    sav = write_export(source, tmp_path / "a.sav", "sav", ExportOptions()).path
    frame, _ = pyreadstat.read_sav(str(sav))
    assert "vervolg_contact" not in frame.columns and "opmerkingen" not in frame.columns
    micro = write_export(source, tmp_path / "m.xlsx", "xlsx", ExportOptions(microdata=True)).path
    assert "Vries" not in _texts(micro)


def test_restricted_file_holds_the_personal_answers_as_given(trend_input, tmp_path):
    source = _with_secret(trend_input)
    path = tmp_path / "restricted.xlsx"
    write_trend_workbook(source, path, ExportOptions(restricted=True))
    shown = _texts(path)
    assert "Jan de Vries, j.devries@gemeente.nl" in shown and SECRET in shown


def test_microdata_pseudonymises_organisation_codes_unless_asked(trend_input, tmp_path):
    path = write_export(trend_input, tmp_path / "m.xlsx", "xlsx", ExportOptions(microdata=True))
    frame = pd.read_excel(path.path, sheet_name="Data 2025")
    assert frame["organisation_code"].str.startswith("ORG-").all()
    assert "organisation_name" not in frame.columns
    assert pseudonym("GM0363", b"k") == pseudonym("GM0363", b"k") != pseudonym("GM0363", b"l")


def test_masker_finds_international_and_landline_numbers():
    mask = Masker([])
    assert mask("bel +31 (0)20 123 4567 of 020-1234567") == (
        "bel [telefoonnummer] of [telefoonnummer]"
    )
    assert mask("in 2024 waren er 12 bijeenkomsten") == "in 2024 waren er 12 bijeenkomsten"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_suppressed_cells_cannot_be_recovered_by_subtraction(counts):
    k = 5
    hidden = suppressed(counts, k)
    total = sum(counts)
    assert all(h for n, h in zip(counts, hidden, strict=True) if 0 < n < k)
    if total < k:
        return  # the total itself is suppressed
    shown = sum(n for n, h in zip(counts, hidden, strict=True) if not h)
    recovered = total - shown  # what an attacker learns: the sum of the hidden cells
    hidden_cells = [n for n, h in zip(counts, hidden, strict=True) if h]
    if hidden_cells:
        assert len(hidden_cells) >= 2, "a single hidden cell equals total minus the others"
        assert recovered >= k, "the hidden cells together fall below k"


def test_small_response_counts_are_suppressed_with_a_second_cell(trend_input, tmp_path):
    from peiling.exports.options import TrendInput

    waves = [replace(w, invitations=w.invitations.copy()) for w in trend_input.waves]
    invitations = waves[-1].invitations
    invitations.loc[invitations.index[:3], "province"] = "Flevoland-test"
    source = TrendInput(waves, trend_input.versions, trend_input.comparability)
    path = tmp_path / "t.xlsx"
    write_trend_workbook(source, path, ExportOptions())
    frame = pd.read_excel(path, sheet_name="Respons", header=None).astype(str)
    row = frame[frame[1] == "Flevoland-test"].iloc[0].tolist()
    assert "< 5" in row
    provinces = frame[frame[0] == "Provincie"]
    column = row.index("< 5")
    assert (provinces[column] == "< 5").sum() >= 2  # a second cell hides it from the total
