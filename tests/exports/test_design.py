"""Design-based estimates: raking, weighted means with FPC, clustered standard errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats
from statsmodels.regression.linear_model import WLS
from statsmodels.stats.weightstats import DescrStatsW

from peiling.exports.design import Design, design_change, design_mean, wave_design
from peiling.exports.options import ExportOptions
from peiling.exports.weights import margin_totals, rake
from peiling.exports.xlsx.workbook import write_trend_workbook
from tests.exports.helpers import block, trends_frame


def test_raking_on_one_margin_is_post_stratification():
    sample = pd.DataFrame({"size_class": ["small", "small", "large"]})
    population = pd.DataFrame({"size_class": ["small"] * 6 + ["large"] * 4})
    # post-stratification by hand: 6 small over 2 respondents, 4 large over 1
    assert rake(sample, population, ("size_class",)) == pytest.approx([3, 3, 4])


def test_raking_matches_both_margins_of_the_list():
    rng = np.random.default_rng(3)
    population = pd.DataFrame(
        {
            "size_class": rng.choice(["a", "b", "c"], 300, p=[0.5, 0.3, 0.2]),
            "province": rng.choice(["P1", "P2", "P3", "P4"], 300),
        }
    )
    answers = rng.random(300) < np.where(population["size_class"] == "c", 0.8, 0.4)
    sample = population[answers]
    weights = rake(sample.reset_index(drop=True), population)
    for margin in ("size_class", "province"):
        got = pd.Series(weights).groupby(sample[margin].to_numpy()).sum()
        want = population[margin].value_counts()
        assert got.to_dict() == pytest.approx(want.reindex(got.index).to_dict())
    assert weights.sum() == pytest.approx(300)


def test_a_category_without_respondents_is_left_out_and_the_total_stays_n():
    sample = pd.DataFrame({"size_class": ["small", "large", "large"], "province": ["A", "A", "B"]})
    population = pd.DataFrame(
        {
            "size_class": ["small"] * 4 + ["large"] * 4 + ["middle"] * 2,
            "province": list("AAAAABBBCC"),
        }
    )
    controls = margin_totals(sample, population, ("size_class", "province"))
    # no middle-sized and no C municipality answered: the others stand for them
    assert controls == {
        "size_class": {"small": 5.0, "large": 5.0},
        "province": {"A": 6.25, "B": 3.75},
    }
    # small 5, large 5; A 6.25 (the small one and the first large), B 3.75 (the second large)
    assert rake(sample, population) == pytest.approx([5, 1.25, 3.75])


def tiny_design(fpc: float = 1.0) -> tuple[np.ndarray, Design]:
    values = np.array([1.0, 3.0, 4.0, 5.0, 2.0, np.nan])
    weights = np.array([1.0, 1.0, 2.0, 2.0, 0.5, 1.0])
    clusters = np.array([0, 0, 1, 2, 2, 3])
    return values, Design(weights, clusters, fpc, 4, 4)


def test_weighted_mean_equals_descrstatsw_and_cluster_se_equals_statsmodels():
    values, design = tiny_design()
    estimate = design_mean(values, design)
    keep = ~np.isnan(values)
    assert estimate.value == pytest.approx(DescrStatsW(values[keep], design.weights[keep]).mean)
    fit = WLS(values[keep], np.ones((5, 1)), weights=design.weights[keep]).fit(
        cov_type="cluster", cov_kwds={"groups": design.clusters[keep]}
    )
    assert estimate.se == pytest.approx(float(fit.bse[0]))


def test_cluster_se_by_hand_with_the_finite_population_correction():
    values, design = tiny_design(fpc=0.25)
    estimate = design_mean(values, design)
    y, w, g = values[:5], design.weights[:5], design.clusters[:5]
    mean = (w * y).sum() / w.sum()  # (1 + 3 + 8 + 10 + 1) / 6.5
    assert mean == pytest.approx(23 / 6.5)
    scores = [sum(w[g == c] * (y[g == c] - mean)) for c in (0, 1, 2)]
    variance = 3 / 2 * sum(s * s for s in scores) / w.sum() ** 2 * 0.25
    assert estimate.value == pytest.approx(mean)
    assert estimate.se == pytest.approx(math.sqrt(variance))
    assert estimate.se_change == pytest.approx(math.sqrt(variance / 0.25))  # for tests: no FPC
    half = scipy_stats.t.ppf(0.975, 2) * estimate.se  # 3 municipalities: 2 degrees of freedom
    assert (estimate.low, estimate.high) == pytest.approx((mean - half, mean + half))


def test_change_between_design_estimates_is_a_wald_test_without_fpc():
    values, design = tiny_design(fpc=0.25)
    first = design_mean(values, design)
    second = design_mean(values + 1, design)
    change = design_change(first, second)
    z = 1 / math.hypot(first.se_change, second.se_change)
    assert change.difference == pytest.approx(1)
    assert change.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))


def test_design_of_a_wave_weights_every_municipality_once(trend_input):
    wave = trend_input.waves[-1]
    population = trend_input.populations[wave.label]
    design = wave_design(wave.data, population, "response")
    per_municipality = pd.Series(design.weights).groupby(wave.data["current_code"].to_numpy()).sum()
    assert per_municipality.sum() == pytest.approx(len(population))
    responding = wave.data["current_code"].nunique()
    assert design.fpc == pytest.approx(1 - responding / len(population))


def test_the_default_workbook_shows_design_based_figures(trend_input, weighted_workbook_path):
    trends = trends_frame(weighted_workbook_path)
    row = trends[(trends["Variabele"] == "rol_ervaring") & (trends["Soort regel"] == "gemiddelde")]
    wave = trend_input.waves[-1]
    design = wave_design(wave.data, trend_input.populations["2026"], "response")
    values = pd.to_numeric(wave.data["rol_ervaring"], errors="coerce").to_numpy(dtype="float64")
    keep = ~np.isnan(values)
    expected = DescrStatsW(values[keep], design.weights[keep]).mean
    assert row.iloc[0]["2026: waarde"] == pytest.approx(expected)
    assert row.iloc[0]["2026: waarde"] != pytest.approx(np.nanmean(values), abs=1e-6)
    notes = pd.read_excel(weighted_workbook_path, sheet_name="Toelichting", header=None)
    words = " ".join(notes.fillna("").astype(str).to_numpy().ravel())
    assert "raking" in words and "cov_type=cluster" in words and "1 - f" in words
    # which columns carry the finite-population correction, and why the tests do not
    assert "95%-BI laag en hoog (de enige kolommen met eindige-populatiecorrectie)" in words
    assert "zonder eindige-populatiecorrectie" in words and "Graubard en Korn 2002" in words


def test_breakdowns_carry_the_same_weights_as_trends(trend_input, weighted_workbook_path):
    table = block(weighted_workbook_path, "Uitsplitsingen", "Hoe sterk leeft het thema")
    wave = trend_input.waves[-1]
    design = wave_design(wave.data, trend_input.populations["2026"], "response")
    values = pd.to_numeric(wave.data["thema_leeft.inclusie"], errors="coerce").to_numpy("float64")
    differs = 0
    for _, row in table[table["Indeling"] == "Grootteklasse (inwoners)"].iterrows():
        group = (wave.data["size_class"] == row["Categorie"]).to_numpy()
        keep = group & ~np.isnan(values) & (values != 98)
        expected = DescrStatsW(values[keep], design.weights[keep]).mean
        assert row["Inclusie"] == pytest.approx(expected)
        differs += row["Inclusie"] != pytest.approx(values[keep].mean(), abs=1e-6)
    assert differs  # weighted, not the plain mean
    sheet = pd.read_excel(weighted_workbook_path, sheet_name="Uitsplitsingen", header=None)
    assert "Gewogen gemiddelden" in " ".join(sheet[0].dropna().astype(str))


def test_no_weights_gives_the_simple_statistics(trend_input, tmp_path):
    path = tmp_path / "plain.xlsx"
    write_trend_workbook(trend_input, path, ExportOptions(weights=False))
    notes = pd.read_excel(path, sheet_name="Toelichting", header=None)
    words = " ".join(notes.fillna("").astype(str).to_numpy().ravel())
    assert "Ongewogen" in words and "raking" not in words


def test_waves_drawn_alike_show_no_significant_change(weighted_workbook_path):
    trends = trends_frame(weighted_workbook_path)
    flagged = trends[trends["2025 t.o.v. 2024: significant"] == "ja"]["Variabele"]
    # 2024 and 2025 are drawn from one distribution, but for polarisation, which rises
    assert not [v for v in flagged if "polarisatie" not in v]


def survey_library_estimate(values, design, population=None):
    """The weighted mean and its Taylor-linearised standard error from svy (samplics' successor)."""
    import polars as pl
    import svy

    data = {"y": values, "w": design.weights, "municipality": design.clusters}
    if population is not None:
        data["population"] = np.full(len(values), population)
    frame = pl.DataFrame(data)
    survey = svy.Design(psu="municipality", wgt="w", pop_size="population" if population else None)
    return svy.Sample(frame, survey).estimation.mean("y").to_polars().row(0, named=True)


@pytest.mark.parametrize("population", [None, 60])
def test_design_estimates_equal_the_survey_librarys_taylor_linearisation(population):
    rng = np.random.default_rng(5)
    clusters = np.repeat(np.arange(40), rng.integers(1, 4, 40))  # 40 municipalities, 1-3 contacts
    weights = rng.uniform(0.5, 2, 40)[clusters] / np.bincount(clusters)[clusters]
    values = rng.integers(1, 6, clusters.size).astype("float64")
    fpc = 1 - 40 / population if population else 1.0
    ours = design_mean(values, Design(weights, clusters, fpc, 40, population or 40))
    theirs = survey_library_estimate(values, Design(weights, clusters, fpc, 40, 40), population)
    assert ours.value == pytest.approx(theirs["est"], rel=1e-12)
    assert ours.se == pytest.approx(theirs["se"], rel=1e-9)
    assert (ours.low, ours.high) == pytest.approx((theirs["lci"], theirs["uci"]), rel=1e-9)
    if population:  # the tests between waves leave the correction out: svy without pop_size
        without = survey_library_estimate(values, Design(weights, clusters, 1.0, 40, 40))
        assert ours.se_change == pytest.approx(without["se"], rel=1e-9)
