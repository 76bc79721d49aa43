"""Non-response weights: responding municipalities raked to the organisation list's margins.

Raking (iterative proportional fitting) adjusts the weights margin by margin, size class then
province, until the weighted counts of responding municipalities match the counts of all
active municipalities on both margins. With one margin it is post-stratification. No library
we use (statsmodels, scipy) offers calibration, so the fitting loop lives here; its result
is checked against post-stratification and the population margins in the tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MARGINS = ("size_class", "province")
UNKNOWN = "?"


def rake(
    sample: pd.DataFrame,
    population: pd.DataFrame,
    margins: tuple[str, ...] = MARGINS,
    max_iterations: int = 200,
    tolerance: float = 1e-10,
) -> np.ndarray:
    """Return a weight per sample row so weighted margin counts equal the population's.

    sample and population have one row per municipality and the margin columns; the weights
    start at N / n. A category with no responding municipality cannot be matched and is left
    out of that margin (its municipalities are then represented by the others).
    """
    n, total = len(sample), len(population)
    if n == 0:
        return np.zeros(0)
    weights = np.full(n, total / n, dtype="float64")
    cells = []
    for margin in margins:
        if margin not in sample.columns or margin not in population.columns:
            continue
        codes = sample[margin].fillna(UNKNOWN).astype(str).to_numpy()
        targets = population[margin].fillna(UNKNOWN).astype(str).value_counts()
        targets = targets[targets.index.isin(set(codes))]
        # scale the matched targets so the total stays N (categories without respondents)
        targets = targets * (total / targets.sum()) if targets.sum() else targets
        cells.append((codes, targets))
    for _ in range(max_iterations):
        largest = 0.0
        for codes, targets in cells:
            sums = pd.Series(weights).groupby(codes).sum()
            factor = (targets / sums).reindex(sums.index).fillna(1.0)
            step = factor.reindex(codes).to_numpy()
            weights *= step
            largest = max(largest, float(np.abs(step - 1).max()))
        if largest < tolerance:
            break
    return weights


def municipality_weights(
    frame: pd.DataFrame, population: pd.DataFrame, margins: tuple[str, ...] = MARGINS
) -> pd.Series:
    """Return the raked weight of every responding municipality in frame, by current_code."""
    municipalities = frame.drop_duplicates("current_code").set_index("current_code")
    columns = [m for m in margins if m in municipalities.columns]
    weights = rake(municipalities[columns].reset_index(), population, tuple(columns))
    return pd.Series(weights, index=municipalities.index, name="weight")
