"""The long CSV and the SPSS file, read back with pandas and pyreadstat."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from peiling.errors import UserError
from peiling.exports.design import wave_design
from peiling.exports.long_csv import HEADER, write_long_csv
from peiling.exports.options import ExportOptions
from peiling.exports.run import write_export
from peiling.exports.spss import write_sav


def test_long_csv_has_one_line_per_answer_with_labels(trend_input, tmp_path):
    path = tmp_path / "long.csv"
    lines = write_long_csv(trend_input, path, ExportOptions())
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == HEADER and len(frame) == lines
    wave = trend_input.waves[-1]
    answers = wave.data["thema_leeft.polarisatie"].dropna()
    rows = frame[(frame["wave"] == wave.label) & (frame["key"] == "thema_leeft.polarisatie")]
    assert len(rows) == len(answers)
    assert set(rows.loc[rows["value"] == "98", "label"]) == {"Weet ik niet"}
    chosen = frame[(frame["wave"] == wave.label) & (frame["key"] == "leren_vormen.3")]
    expected = wave.data["leren_vormen"].map(lambda v: isinstance(v, list) and 3 in v).sum()
    assert len(chosen) == expected and set(chosen["value"]) == {"1"}
    assert not frame["organisation_name"].str.contains("@").any()


def test_long_csv_quotes_every_field(trend_input, tmp_path):
    path = tmp_path / "long.csv"
    write_long_csv(trend_input, path, ExportOptions())
    first, second = path.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert first.startswith('"wave","version","response_id"') and second.startswith('"2024"')


def test_spss_file_keeps_variable_and_value_labels(trend_input, tmp_path):
    path = tmp_path / "data.sav"
    rows = write_sav(trend_input, path, ExportOptions())
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    assert rows == len(frame) == sum(len(w.data) for w in trend_input.waves)
    labels = meta.column_names_to_labels
    assert labels["thema_leeft.polarisatie"].endswith(" - Polarisatie")
    assert labels["organisation_code"].startswith("Organisatiecode")  # in the file's language
    assert meta.variable_value_labels["thema_leeft.polarisatie"][98.0] == "Weet ik niet"
    assert meta.variable_value_labels["leren_vormen.3"] == {0.0: "niet gekozen", 1.0: "gekozen"}
    assert meta.missing_ranges["samenwerking_kwaliteit.politie"] == [
        {"lo": 98.0, "hi": 98.0},
        {"lo": 99.0, "hi": 99.0},
    ]
    assert set(frame["wave"]) == {2024.0, 2025.0, 2026.0}  # a number where the label is one
    original = pd.concat([w.data for w in trend_input.waves], ignore_index=True)
    assert frame["rol_domein"].tolist() == pytest.approx(
        original["rol_domein"].astype("float64").tolist(), nan_ok=True
    )


def test_spss_file_in_english(trend_input, tmp_path):
    path = tmp_path / "en.sav"
    write_sav(trend_input, path, ExportOptions(lang="en"))
    _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    assert meta.variable_value_labels["thema_leeft.polarisatie"][98.0] == "Don't know"
    assert meta.column_names_to_labels["flag_speeder"] == "Flag: speeder"


def test_unknown_format_and_missing_folder_are_user_errors(trend_input, tmp_path):
    with pytest.raises(UserError, match="unknown export format"):
        write_export(trend_input, tmp_path / "x.ods", "ods")
    with pytest.raises(UserError, match="does not exist"):
        write_export(trend_input, tmp_path / "nope" / "x.xlsx", "xlsx")


def test_dutch_csv_opens_in_dutch_excel(trend_input, tmp_path):
    path = tmp_path / "nl.csv"
    write_long_csv(trend_input, path, ExportOptions(dialect="nl"))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    first = raw.decode("utf-8-sig").splitlines()[0]
    assert first.startswith('"wave";"version";"response_id"')
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    weights = frame["weight"].dropna()
    assert weights.str.contains(",").any() and not weights.str.contains(r"\.").any()
    standard = pd.read_csv(tmp_path / "nl.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert len(standard) == len(frame)


def test_long_csv_carries_flags_weight_version_region_and_size(trend_input, tmp_path):
    path = tmp_path / "long.csv"
    write_long_csv(trend_input, path, ExportOptions())
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str)
    wave = trend_input.waves[-1]
    lines = frame[(frame["wave"] == wave.label) & (frame["key"] == "rol_domein")]
    data = wave.data.set_index("response_id")
    first = lines.iloc[0]
    source = data.loc[int(first["response_id"])]
    assert first["version"] == wave.version == "2026"
    assert first["province"] == source["province"]
    assert first["safety_region"] == source["safety_region"]
    assert first["size_class"] == source["size_class"]
    assert first["flag_speeder"] == ("1" if source["flag_speeder"] else "0")
    design = wave_design(wave.data, trend_input.populations[wave.label], "response")
    position = wave.data.index[wave.data["response_id"] == int(first["response_id"])][0]
    assert float(first["weight"]) == pytest.approx(design.weights[position], rel=1e-5)
    plain = tmp_path / "plain.csv"
    write_long_csv(trend_input, plain, ExportOptions(weights=False))
    assert pd.read_csv(plain, encoding="utf-8-sig", dtype=str)["weight"].isna().all()


def test_spss_levels_integer_formats_numeric_wave_and_version(trend_input, tmp_path):
    path = tmp_path / "data.sav"
    write_sav(trend_input, path, ExportOptions())
    frame, meta = pyreadstat.read_sav(str(path))
    measure = meta.variable_measure
    assert measure["thema_leeft.polarisatie"] == "ordinal"
    assert measure["rol_domein"] == "nominal" and measure["leren_vormen.3"] == "nominal"
    assert measure["rol_ervaring"] == "scale" and measure["weight"] == "scale"
    formats = meta.original_variable_types
    assert formats["thema_leeft.polarisatie"] == "F2.0" and formats["leren_vormen.3"] == "F1.0"
    assert formats["wave"] == "F4.0" and formats["flag_speeder"] == "F1.0"
    assert set(frame["wave"]) == {2024.0, 2025.0, 2026.0}
    versions = frame.groupby("wave")["version"].first().to_dict()
    assert versions == {2024.0: 2025.0, 2025.0: 2025.0, 2026.0: 2026.0}


def test_stata_file_with_labels(trend_input, tmp_path):
    path = write_export(trend_input, tmp_path / "data.dta", "dta", ExportOptions()).path
    frame, meta = pyreadstat.read_dta(str(path))
    assert len(frame) == sum(len(w.data) for w in trend_input.waves)
    assert all(len(name) <= 30 and "." not in name for name in frame.columns)
    assert meta.variable_value_labels["thema_leeft_polarisatie"][98] == "Weet ik niet"
    assert "[missing: 98]" in meta.column_names_to_labels["thema_leeft_polarisatie"]
