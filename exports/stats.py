"""Statistics for the trend sheets, from scipy and statsmodels, on counts and arrays of values.

Shares: a Wilson 95% interval, and the change between two waves tested with the two-sided
two-proportion z-test (pooled standard error). Means: a 95% interval from Student's t, and
the change tested with Welch's t-test. Missing codes are left out before any of these. The
p-values of one family of tests (a sheet, a pair of waves) get Benjamini-Hochberg q-values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy import stats as scipy_stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

ALPHA = 0.05
LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A share or a mean with its 95% interval and the number of answers it rests on."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    sd: float | None = None  # standard deviation, for means
    se: float | None = None  # design-based standard error (exports/design.py), when weighted
    se_change: float | None = None  # the same without finite-population correction: for tests


@dataclass(frozen=True)
class Change:
    """The change between two waves, its test and its Benjamini-Hochberg q-value."""

    difference: float | None
    p_value: float | None
    q_value: float | None = None

    @property
    def significant(self) -> bool | None:
        """Tell whether the change is significant at ALPHA after Benjamini-Hochberg."""
        test = self.q_value if self.q_value is not None else self.p_value
        return None if test is None else test < ALPHA


def share(selected: int, n: int) -> Estimate:
    """Return the share selected / n with its Wilson 95% interval."""
    if n <= 0:
        return Estimate(None, 0)
    low, high = proportion_confint(selected, n, alpha=1 - LEVEL, method="wilson")
    return Estimate(selected / n, n, max(0.0, float(low)), min(1.0, float(high)))


def proportion_change(x1: int, n1: int, x2: int, n2: int) -> Change:
    """Return the change in share from wave 1 to wave 2 with the two-proportion z-test."""
    if n1 <= 0 or n2 <= 0:
        return Change(None, None)
    difference = x2 / n2 - x1 / n1
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return Change(difference, 1.0)
    _, p_value = proportions_ztest([x2, x1], [n2, n1], alternative="two-sided")
    return Change(difference, float(p_value))


def mean(values) -> Estimate:
    """Return the mean of values with its 95% interval (Student's t)."""
    array = np.asarray(values, dtype="float64")
    array = array[~np.isnan(array)]
    n = int(array.size)
    if n == 0:
        return Estimate(None, 0)
    average = float(array.mean())
    if n == 1:
        return Estimate(average, 1)
    sd = float(array.std(ddof=1))
    half = t_quantile(1 - (1 - LEVEL) / 2, n - 1) * sd / math.sqrt(n)
    return Estimate(average, n, average - half, average + half, sd)


def mean_change(first: Estimate, second: Estimate) -> Change:
    """Return the change in mean from the first to the second estimate, with Welch's t-test."""
    if first.value is None or second.value is None:
        return Change(None, None)
    difference = second.value - first.value
    if first.n < 2 or second.n < 2:
        return Change(difference, None)
    if first.sd == 0 and second.sd == 0:
        return Change(difference, 1.0 if difference == 0 else 0.0)
    result = scipy_stats.ttest_ind_from_stats(
        second.value, second.sd, second.n, first.value, first.sd, first.n, equal_var=False
    )
    return Change(difference, float(result.pvalue))


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """Return the quantile of Student's t distribution with df degrees of freedom."""
    return float(scipy_stats.t.ppf(p, df))


def with_q_values(changes: list[Change]) -> list[Change]:
    """Return the changes with Benjamini-Hochberg q-values over those that were tested."""
    tested = [i for i, c in enumerate(changes) if c.p_value is not None]
    if not tested:
        return list(changes)
    _, q_values, _, _ = multipletests([changes[i].p_value for i in tested], method="fdr_bh")
    result = list(changes)
    for i, q in zip(tested, q_values, strict=True):
        result[i] = replace(changes[i], q_value=float(q))
    return result
