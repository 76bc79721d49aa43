"""Design-based estimates: weighted shares and means, clustered by municipality, with FPC.

A wave's design (``wave_design``) gives every analysed row a weight: the raked weight of its
municipality (exports/weights.py), in contact mode times ``org_weight`` (1 / contacts of that
municipality) so every municipality counts once. A share is the weighted mean of a 0/1
indicator. The mean and its standard error come from statsmodels: WLS on an intercept with
``cov_type="cluster"`` grouped by municipality (the linearisation variance of a weighted mean
under with-replacement sampling of municipalities); the variance is then multiplied by the
finite-population correction 1 - f, f = responding municipalities / all active ones.
Intervals: Student's t with (municipalities - 1) degrees of freedom for means; for shares the
Wilson interval on the effective sample size p(1 - p) / SE^2. Changes between waves: a Wald
test on the two clustered standard errors without the finite-population correction (the waves
treated as independent samples): the correction describes this year's municipalities, a trend
test asks about the process behind their answers (superpopulation inference: Graubard and
Korn 2002, "Inference for superpopulation parameters using sample surveys", Statistical
Science 17(1), 73-96). Only the interval columns carry the correction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats
from statsmodels.regression.linear_model import WLS
from statsmodels.stats.proportion import proportion_confint

from peiling.exports.stats import (
    LEVEL,
    Change,
    Estimate,
    mean,
    mean_change,
    proportion_change,
    share,
    t_quantile,
)
from peiling.exports.weights import municipality_weights


@dataclass(frozen=True)
class Design:
    """Per analysed row its weight and municipality; the finite-population correction."""

    weights: np.ndarray
    clusters: np.ndarray  # municipality as an integer per row
    fpc: float  # 1 - responding municipalities / all active municipalities
    responding: int
    population: int


def wave_design(frame: pd.DataFrame, population: pd.DataFrame | None, unit: str) -> Design | None:
    """Return the design of a wave's analysed rows, or None without an organisation list."""
    if population is None or population.empty or "current_code" not in frame.columns:
        return None
    by_municipality = municipality_weights(frame, population)
    weights = frame["current_code"].map(by_municipality).to_numpy(dtype="float64")
    if unit == "response" and "org_weight" in frame.columns:
        weights = weights * frame["org_weight"].to_numpy(dtype="float64")
    clusters = pd.factorize(frame["current_code"])[0]
    listed = set(population["current_code"])
    size = len(listed)
    responding = sum(1 for code in by_municipality.index if code in listed)
    fraction = min(responding / size, 1.0) if size else 0.0
    return Design(weights, clusters, 1.0 - fraction, responding, size)


def design_mean(values: np.ndarray, design: Design, proportion: bool = False) -> Estimate:
    """Return the weighted mean of values (NaN left out) with its design-based 95% interval."""
    values = np.asarray(values, dtype="float64")
    keep = ~np.isnan(values) & (design.weights > 0)
    y, weights, groups = values[keep], design.weights[keep], design.clusters[keep]
    n = int(y.size)
    if n == 0:
        return Estimate(None, 0)
    value = float(np.average(y, weights=weights))
    # One row per municipality (its weighted mean, weight = its total weight): WLS with HC1
    # on these rows gives the same mean and clustered standard error as cov_type="cluster"
    # on the answers (tests/exports/test_design.py), at a fraction of the time.
    totals = np.bincount(groups, weights=weights)
    sums = np.bincount(groups, weights=weights * y)
    present = totals > 0
    clusters = int(present.sum())
    if clusters < 2:
        return Estimate(value, n)
    if np.all(y == y[0]):
        se = raw = 0.0
    else:
        fit = WLS(sums[present] / totals[present], np.ones((clusters, 1)), weights=totals[present])
        result = fit.fit(cov_type="HC1")
        value = float(result.params[0])
        raw = float(result.bse[0])
        se = raw * math.sqrt(design.fpc)
    if proportion:
        low, high = _share_interval(value, se, n)
    else:
        half = t_quantile(1 - (1 - LEVEL) / 2, clusters - 1) * se
        low, high = value - half, value + half
    return Estimate(value, n, low, high, se=se, se_change=raw)


def _share_interval(p: float, se: float, n: int) -> tuple[float, float]:
    """Return the Wilson interval of a share on its effective sample size."""
    effective = p * (1 - p) / se**2 if se > 0 else n
    effective = max(min(effective, 1e9), 1.0)
    low, high = proportion_confint(p * effective, effective, alpha=1 - LEVEL, method="wilson")
    return max(0.0, float(low)), min(1.0, float(high))


def design_change(first: Estimate, second: Estimate) -> Change:
    """Return the change between two design-based estimates with a two-sided Wald test.

    The test uses the clustered standard errors without the finite-population correction:
    it asks whether the change exceeds what varying answers would give, not whether the
    municipalities' answers of two years differ (with ~80% responding, nearly any would).
    """
    if first.value is None or second.value is None:
        return Change(None, None)
    difference = second.value - first.value
    if first.se_change is None or second.se_change is None:
        return Change(difference, None)
    se = math.hypot(first.se_change, second.se_change)
    if se == 0:
        return Change(difference, 1.0 if difference == 0 else 0.0)
    return Change(difference, float(2 * scipy_stats.norm.sf(abs(difference) / se)))


class WaveEstimator:
    """Shares and means of one wave's analysed rows: design-based, or as a simple sample."""

    def __init__(self, design: Design | None):
        self.design = design

    def share(self, chosen: np.ndarray, base: np.ndarray) -> Estimate:
        """Return the share of base rows that are chosen (both boolean arrays over the rows)."""
        if self.design is None:
            return share(int((chosen & base).sum()), int(base.sum()))
        values = np.where(base, chosen.astype("float64"), np.nan)
        return design_mean(values, self.design, proportion=True)

    def point(self, values: np.ndarray) -> Estimate:
        """Return the mean of values (NaN: not counted), weighted as the design is; no interval."""
        values = np.asarray(values, dtype="float64")
        keep = ~np.isnan(values)
        if self.design is None:
            return mean(values[keep]) if keep.any() else Estimate(None, 0)
        weights = self.design.weights[keep]
        if not keep.any() or weights.sum() <= 0:
            return Estimate(None, int(keep.sum()))
        return Estimate(float(np.average(values[keep], weights=weights)), int(keep.sum()))

    def mean(self, values: np.ndarray) -> Estimate:
        """Return the mean of values over the rows (NaN: not counted)."""
        values = np.asarray(values, dtype="float64")
        if self.design is None:
            return mean(values[~np.isnan(values)])
        return design_mean(values, self.design)


def change(first: Estimate, second: Estimate, counts=None) -> Change:
    """Return the change between two estimates with the test that fits how they were made.

    counts (x1, n1, x2, n2) marks a share of a simple sample: the two-proportion z-test.
    """
    if first.se_change is not None and second.se_change is not None:
        return design_change(first, second)
    if counts is not None:
        return proportion_change(*counts)
    return mean_change(first, second)


def wave_estimators(source, options) -> dict[str, WaveEstimator]:
    """Return per wave label the estimator of its analysed rows (kept once per unit)."""
    from peiling.exports.figures.common import analysed

    key = ("estimators", options.unit, options.weights)
    if key not in source._wide:
        result = {}
        for wave in source.waves:
            population = source.populations.get(wave.label) if options.weights else None
            frame = analysed(wave, options)
            result[wave.label] = WaveEstimator(wave_design(frame, population, options.unit))
        source._wide[key] = result
    return source._wide[key]
