"""The statistics behind the Trends and Thema's sheets, against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from peiling.exports.stats import mean, mean_change, proportion_change, share, t_quantile

# Student t quantiles (0.975) from published tables.
T_TABLE = {1: 12.7062, 2: 4.3027, 5: 2.5706, 10: 2.2281, 29: 2.0452, 30: 2.0423, 120: 1.9799}


@pytest.mark.parametrize(("df", "expected"), sorted(T_TABLE.items()))
def test_t_quantiles_match_the_table(df, expected):
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_two_proportion_z_test_by_hand():
    change = proportion_change(30, 100, 45, 100)
    pooled = 75 / 200
    z = 0.15 / math.sqrt(pooled * (1 - pooled) * (2 / 100))
    assert change.difference == pytest.approx(0.15)
    assert change.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    assert change.significant is True
    assert proportion_change(30, 100, 33, 100).significant is False


def test_wilson_interval_and_empty_share():
    estimate = share(30, 100)
    assert (estimate.low, estimate.high) == pytest.approx((0.2189, 0.3958), abs=1e-4)
    assert share(0, 0).value is None


def test_mean_interval_uses_student_t():
    values = np.array([1, 2, 3, 4, 5, 2, 3, 4], dtype=float)
    estimate = mean(values)
    half = t_quantile(0.975, 7) * values.std(ddof=1) / math.sqrt(8)
    assert estimate.value == pytest.approx(3.0)
    assert (estimate.low, estimate.high) == pytest.approx((3 - half, 3 + half))
    assert mean([]).value is None and mean([np.nan]).n == 0


def test_welch_test_of_two_means():
    first = mean(np.array([2, 3, 3, 4, 2, 3, 4, 3], dtype=float))
    second = mean(np.array([4, 5, 4, 5, 3, 5, 4, 5], dtype=float))
    change = mean_change(first, second)
    assert change.difference == pytest.approx(second.value - first.value)
    assert change.p_value < 0.01 and change.significant
    assert mean_change(first, first).significant is False
