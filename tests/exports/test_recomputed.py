"""A sample of Trends and Thema's figures, recomputed from the Data sheets and the Codeboek."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from tests.exports.helpers import block, codebook, data_frame, missing_codes, trends_frame

WAVES = ["2024", "2025", "2026"]


@pytest.fixture(scope="module")
def sheets(workbook_path, microdata_path):
    """Return the Trends sheet, the Codeboek and the data sheets, read with pandas."""
    return {
        "trends": trends_frame(workbook_path),
        "codebook": codebook(workbook_path),
        "data": {label: data_frame(microdata_path, label) for label in WAVES},
    }


def trend_row(trends: pd.DataFrame, variable: str, kind: str, code=None) -> pd.Series:
    rows = trends[(trends["Variabele"] == variable) & (trends["Soort regel"] == kind)]
    if code is not None:
        rows = rows[rows["Code"] == code]
    assert len(rows) == 1, (variable, kind, code)
    return rows.iloc[0]


def substantive(frame: pd.DataFrame, variable: str, missing: list[float]) -> pd.Series:
    values = frame[variable].dropna().astype(float)
    return values[~values.isin(missing)]


@pytest.mark.parametrize(
    ("variable", "code"),
    [("samenwerking_kwaliteit.politie", 4), ("steun_tevredenheid.inclusie", 2), ("rol_domein", 1)],
)
def test_shares_and_their_changes(sheets, variable, code):
    missing = missing_codes(sheets["codebook"], variable)
    row = trend_row(sheets["trends"], variable, "aandeel", code)
    counts = {}
    for label in WAVES:
        values = substantive(sheets["data"][label], variable, missing)
        counts[label] = (int((values == code).sum()), len(values))
        assert row[f"{label}: N"] == len(values)
        assert row[f"{label}: waarde"] == pytest.approx(counts[label][0] / len(values))
    (x1, n1), (x2, n2) = counts["2025"], counts["2026"]
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p_value = 2 * (1 - NormalDist().cdf(abs(z)))
    assert row["2026 t.o.v. 2025: verschil"] == pytest.approx(100 * (x2 / n2 - x1 / n1))
    shown = row["2026 t.o.v. 2025: p-waarde"]
    if p_value < 0.001:
        assert shown == "< 0,001"
    else:
        assert shown == pytest.approx(p_value, abs=1e-9)
    q_value = row["2026 t.o.v. 2025: q-waarde (Benjamini-Hochberg)"]
    q_value = 0.0 if q_value == "< 0,001" else q_value
    assert q_value >= p_value - 1e-12
    assert row["2026 t.o.v. 2025: significant"] == ("ja" if q_value < 0.05 else "nee")


def test_means_with_their_95_percent_interval(sheets):
    variable = "samenwerking_kwaliteit.politie"
    missing = missing_codes(sheets["codebook"], variable)
    assert missing == [98.0, 99.0]
    row = trend_row(sheets["trends"], variable, "gemiddelde")
    for label in WAVES:
        values = substantive(sheets["data"][label], variable, missing)
        standard_error = values.std(ddof=1) / math.sqrt(len(values))
        assert row[f"{label}: waarde"] == pytest.approx(values.mean())
        half = row[f"{label}: 95%-BI hoog"] - row[f"{label}: waarde"]
        # Student's t for 200-odd answers lies between the normal 1.96 and 1.98.
        assert 1.96 * standard_error < half < 1.98 * standard_error


def test_multiple_choice_options_are_shares_of_those_who_answered(sheets):
    row = trend_row(sheets["trends"], "leren_vormen.3", "aandeel")
    for label in WAVES:
        column = sheets["data"][label]["leren_vormen.3"].dropna()
        assert row[f"{label}: waarde"] == pytest.approx(column.mean())
        assert row[f"{label}: N"] == len(column)


def test_changes_are_not_shown_where_waves_are_not_comparable(sheets):
    trends = sheets["trends"]
    new_question = trend_row(trends, "rol_fte", "gemiddelde")
    assert new_question["2026 t.o.v. 2025: verschil"] == "niet gevraagd"
    assert new_question["2025: waarde"] == "niet gevraagd"
    new_option = trend_row(trends, "thema_leeft.inclusie", "aandeel", 3)
    assert new_option["2025: waarde"] == "niet gevraagd"
    assert new_option["2026 t.o.v. 2025: verschil"] == "niet vergelijkbaar"
    rescaled = trend_row(trends, "thema_leeft.inclusie", "aandeel", 4)
    assert rescaled["2026 t.o.v. 2025: vergelijkbaarheid"].startswith("niet vergelijkbaar")
    assert rescaled["2025 t.o.v. 2024: vergelijkbaarheid"].startswith("vergelijkbaar")


def test_missing_codes_are_counted_apart(sheets):
    row = trend_row(
        sheets["trends"],
        "thema_aandacht.extremisme",
        "ontbrekend (niet in aandelen of gemiddelden)",
        98,
    )
    for label in WAVES:
        assert row[f"{label}: N"] == int(
            (sheets["data"][label]["thema_aandacht.extremisme"] == 98).sum()
        )


def test_theme_means_and_the_gap(workbook_path, sheets):
    lives = block(workbook_path, "Thema's", "Hoe sterk leeft het thema").set_index("Thema")
    gap = block(workbook_path, "Thema's", "Kloof leeft - aandacht").set_index("Thema")
    for label in WAVES:
        data = sheets["data"][label]
        values = substantive(data, "thema_leeft.polarisatie", [98.0])
        assert lives.loc["Polarisatie", label] == pytest.approx(values.mean())
        assert lives.loc["Polarisatie", f"N {label}"] == len(values)
        a, b = data["thema_leeft.ondermijning"], data["thema_aandacht.ondermijning"]
        both = a.notna() & b.notna() & (a != 98) & (b != 98)
        assert gap.loc["Ondermijning", label] == pytest.approx(np.mean(a[both] - b[both]))
