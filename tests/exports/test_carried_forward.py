"""The export says per carried-forward answer: last year's confirmed, changed, or new."""

from __future__ import annotations

import pandas as pd
import pyreadstat

from peiling.exports.options import ExportOptions
from peiling.exports.source import load_trend_input
from peiling.exports.spss import write_sav
from peiling.exports.xlsx.workbook import write_trend_workbook
from tests import factories
from tests.questionnaires.carry_forward_versions import answered, answered_by_contacts, two_waves


def test_microdata_and_codebook_record_confirmed_changed_new(db_session, tmp_path):
    first, second = two_waves(db_session)
    utrecht = factories.organisation(db_session, "GM0344", "Utrecht")
    rotterdam = factories.organisation(db_session, "GM0599", "Rotterdam")
    answered(db_session, first, utrecht, {"plan": 3, "jaar": 2019})
    given = {utrecht: {"plan": 4, "jaar": 2021, "mening": 2}, rotterdam: {"plan": 1}}
    answered_by_contacts(db_session, second, given)
    source = load_trend_input(db_session, "feiten", ["2"])
    path = tmp_path / "microdata.xlsx"
    write_trend_workbook(source, path, ExportOptions(microdata=True, pseudonymise=False))

    data = pd.read_excel(path, sheet_name="Data 2").set_index("organisation_code")
    assert data.loc["GM0344", "plan_carried"] == "confirmed"  # code 3 then is code 4 now
    assert data.loc["GM0344", "jaar_carried"] == "changed"
    assert data.loc["GM0599", "plan_carried"] == "new"
    assert pd.isna(data.loc["GM0599", "jaar_carried"])
    assert "mening_carried" not in data.columns

    sav = tmp_path / "data.sav"
    write_sav(source, sav, ExportOptions(pseudonymise=False))
    frame, meta = pyreadstat.read_sav(str(sav))
    assert list(frame["plan_carried"]) == ["confirmed", "new"]  # Utrecht, Rotterdam
    assert "bevestigd, gewijzigd of nieuw" in meta.column_names_to_labels["plan_carried"]

    codebook = pd.read_excel(path, sheet_name="Codeboek", header=None)
    row = codebook[codebook[0] == "plan_carried"].iloc[0].tolist()
    assert row[1] == "plan"
    assert "antwoord van vorig jaar bevestigd, gewijzigd of nieuw" in row[3]
    assert any(isinstance(v, str) and v.startswith("confirmed = ") for v in row)
