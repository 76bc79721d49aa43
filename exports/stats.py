"""Statistics for the trend sheets, as plain functions on counts and arrays of values.

Shares: a Wilson 95% interval, and the change between two waves tested with the two-sided
two-proportion z-test (pooled standard error). Means: a 95% interval from Student's t, and
the change tested with Welch's t-test. Missing codes are left out before any of these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

import numpy as np

ALPHA = 0.05
LEVEL = 0.95
_NORMAL = NormalDist()


@dataclass(frozen=True)
class Estimate:
    """A share or a mean with its 95% interval and the number of answers it rests on."""

    value: float | None
    n: int
    low: float | None = None
    high: float | None = None
    sd: float | None = None  # standard deviation, for means


@dataclass(frozen=True)
class Change:
    """The change between two waves and its test."""

    difference: float | None
    p_value: float | None

    @property
    def significant(self) -> bool | None:
        """Tell whether the change is significant at ALPHA (None when it was not tested)."""
        return None if self.p_value is None else self.p_value < ALPHA


def share(selected: int, n: int) -> Estimate:
    """Return the share selected / n with its Wilson 95% interval."""
    if n <= 0:
        return Estimate(None, 0)
    p = selected / n
    z = _NORMAL.inv_cdf(1 - (1 - LEVEL) / 2)
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Estimate(p, n, max(0.0, centre - half), min(1.0, centre + half))


def proportion_change(x1: int, n1: int, x2: int, n2: int) -> Change:
    """Return the change in share from wave 1 to wave 2 with the two-proportion z-test."""
    if n1 <= 0 or n2 <= 0:
        return Change(None, None)
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return Change(p2 - p1, 1.0)
    z = (p2 - p1) / se
    return Change(p2 - p1, 2 * (1 - _NORMAL.cdf(abs(z))))


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
    v1, v2 = first.sd**2 / first.n, second.sd**2 / second.n
    if v1 + v2 == 0:
        return Change(difference, 1.0 if difference == 0 else 0.0)
    t = difference / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1**2 / (first.n - 1) + v2**2 / (second.n - 1))
    return Change(difference, 2 * (1 - t_cdf(abs(t), df)))


def t_cdf(t: float, df: float) -> float:
    """Return the cumulative probability of Student's t distribution at t."""
    x = df / (df + t * t)
    tail = 0.5 * _incomplete_beta(df / 2, 0.5, x)
    return 1 - tail if t >= 0 else tail


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """Return the quantile of Student's t distribution with df degrees of freedom."""
    if df > 1e6:
        return _NORMAL.inv_cdf(p)
    if df >= 30:
        return _cornish_fisher(p, df)
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(100):
        middle = (low + high) / 2
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


def _cornish_fisher(p: float, df: float) -> float:
    """Return the t quantile by the Cornish-Fisher expansion (error below 1e-6 from df 30)."""
    z = _NORMAL.inv_cdf(p)
    z2 = z * z
    terms = (
        z * (z2 + 1) / 4,
        z * ((5 * z2 + 16) * z2 + 3) / 96,
        z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384,
        z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160,
    )
    return z + sum(term / df ** (i + 1) for i, term in enumerate(terms))


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """Return the regularised incomplete beta function I_x(a, b) (continued fraction)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return result
