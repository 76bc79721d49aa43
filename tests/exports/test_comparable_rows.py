"""The workbook, CSV and SPSS show per pair of waves and row what compares, and keep old codes."""

from __future__ import annotations

import pandas as pd
import pytest

from peiling.exports.options import ExportOptions
from peiling.exports.run import write_export
from tests.exports.helpers import codebook, data_frame, trends_frame


@pytest.fixture(scope="module")
def trends(workbook_path) -> pd.DataFrame:
    return trends_frame(workbook_path)


def rows(trends, variable, kind=None, code=None):
    found = trends[trends["Variabele"] == variable]
    if kind is not None:
        found = found[found["Soort regel"] == kind]
    if code is not None:
        found = found[found["Code"] == code]
    return found


def test_split_option_on_the_same_base_with_a_merged_row(trends, trend_input):
    wave = trend_input.waves[1]  # 2025, asked in version 2025
    own = wave.data["rol_functie@2025"].dropna()
    policy = rows(trends, "rol_functie", "aandeel", 1).iloc[0]
    assert policy["2025: N"] == len(own)  # the old "coordinator or project lead" stay in the base
    assert policy["2025: waarde"] == pytest.approx((own == 1).mean())
    for code in (2, 6):
        split = rows(trends, "rol_functie", "aandeel", code).iloc[0]
        assert split["2025: waarde"] == "niet gevraagd"
        assert split["2026 t.o.v. 2025: verschil"] == "niet vergelijkbaar"
        assert split["2025 t.o.v. 2024: verschil"] == "niet gevraagd"
    merged = rows(trends, "rol_functie", "aandeel (samengevoegd)").iloc[0]
    assert merged["Antwoord"] == "Coördinator + Projectleider"
    assert merged["2025: waarde"] == pytest.approx((own == 2).mean())
    new = trend_input.waves[2].data["rol_functie"].dropna()
    assert merged["2026: waarde"] == pytest.approx(new.isin([2, 6]).mean())
    assert isinstance(merged["2026 t.o.v. 2025: verschil"], float)
    assert "samengevoegde categorie" in merged["2026 t.o.v. 2025: vergelijkbaarheid"]


def test_rescaled_items_compare_means_with_a_note_and_no_share_flags(trends):
    for _, row in rows(trends, "thema_leeft.ondermijning", "aandeel").iterrows():
        assert row["2026 t.o.v. 2025: significant"] != "ja"
        assert row["2026 t.o.v. 2025: verschil"] in ("niet vergelijkbaar",)
    mean = rows(trends, "thema_leeft.ondermijning", "gemiddelde").iloc[0]
    assert mean["2026 t.o.v. 2025: vergelijkbaarheid"].startswith("vergelijkbaar na omzetting")
    assert "nieuwe schaal" in mean["2026 t.o.v. 2025: vergelijkbaarheid"]


def test_no_new_answer_option_label_and_no_zero_for_options_not_offered(trends, microdata_path):
    assert not trends.astype(str).isin(["nieuwe antwoordoptie"]).any().any()
    prosecution = rows(trends, "samenwerking_gemist.10").iloc[0]
    assert prosecution["2024: waarde"] == "niet gevraagd"
    data = data_frame(microdata_path, "2025")
    assert data["samenwerking_gemist.10"].isna().all()  # not 0 = "not chosen"
    assert (data["samenwerking_gemist.8"].dropna().isin([0, 1])).all()


def test_dropped_question_keeps_its_trend_for_the_waves_that_asked_it(
    trends, workbook_path, microdata_path
):
    channel = rows(trends, "steun_kanalen.2").iloc[0]
    assert isinstance(channel["2025: waarde"], float)
    assert channel["2026: waarde"] == "niet gevraagd"
    assert channel["2026 t.o.v. 2025: verschil"] == "niet gevraagd"
    assert isinstance(channel["2025 t.o.v. 2024: p-waarde"], float | str)
    assert data_frame(microdata_path, "2024")["steun_kanalen.2"].notna().any()
    book = codebook(workbook_path)
    assert book.loc["steun_kanalen.2", "2026 t.o.v. 2025: vergelijkbaarheid"].startswith(
        "niet gevraagd"
    )


def test_codebook_says_per_variable_and_pair_whether_and_why(workbook_path):
    book = codebook(workbook_path)
    column = "2026 t.o.v. 2025: vergelijkbaarheid"
    assert book.loc["rol_domein", column].startswith("vergelijkbaar: kleine wijziging")
    assert book.loc["rol_functie", column].startswith("vergelijkbaar na omzetting")
    assert book.loc["thema_leeft.inclusie", column].startswith("vergelijkbaar na omzetting")
    assert book.loc["rol_fte", column].startswith("niet gevraagd")
    assert book.loc["samenwerking_gemist.8", column].startswith("niet vergelijkbaar")
    assert "zoals gegeven in versie 2025" in book.loc["rol_functie@2025", column]


def test_old_codes_are_kept_in_csv_and_spss(trend_input, tmp_path):
    import pyreadstat

    csv_path = write_export(trend_input, tmp_path / "a.csv", "csv", ExportOptions()).path
    lines = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str)
    assert {"rol_functie@2025", "steun_kanalen.1"} <= set(lines["key"])
    sav = write_export(trend_input, tmp_path / "a.sav", "sav", ExportOptions()).path
    frame, meta = pyreadstat.read_sav(str(sav))
    assert "rol_functie@2025" in frame.columns
    assert meta.variable_value_labels["rol_functie@2025"][2.0] == "Coördinator of projectleider"
    kept = frame.loc[frame["wave"] == 2025, "rol_functie@2025"]
    assert (kept == 2).sum() > 0
