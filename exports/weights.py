"""Non-response weights: responding municipalities raked to the organisation list's margins.

Raking (iterative proportional fitting) adjusts the weights margin by margin, size class then
province, until the weighted counts of responding municipalities match the counts of all
active municipalities on both margins. With one margin it is post-stratification. The fitting
is svy's (``Sample.weighting.rake``, the successor of samplics by the same authors); this module
only turns the organisation list into its margin totals and the result back into a weight per
municipality.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import svy

MARGINS = ("size_class", "province")
UNKNOWN = "?"
TOLERANCE = 1e-10  # the largest relative misfit of a margin total that is accepted
MAX_ITERATIONS = 200


def margin_totals(
    sample: pd.DataFrame, population: pd.DataFrame, margins: tuple[str, ...]
) -> dict[str, dict[str, float]]:
    """Return per margin the population count of every category that has respondents.

    A category with no responding municipality cannot be matched and is left out of that
    margin; the remaining targets are scaled so that every margin sums to N (the list's size),
    so its municipalities are represented by the others.
    """
    total = len(population)
    controls = {}
    for margin in margins:
        if margin not in sample.columns or margin not in population.columns:
            continue
        present = set(sample[margin].fillna(UNKNOWN).astype(str))
        counts = population[margin].fillna(UNKNOWN).astype(str).value_counts()
        counts = counts[counts.index.isin(present)]
        if counts.sum() == 0:
            continue
        scaled = counts * (total / counts.sum())
        controls[margin] = {str(k): float(v) for k, v in scaled.items()}
    return controls


def rake(
    sample: pd.DataFrame,
    population: pd.DataFrame,
    margins: tuple[str, ...] = MARGINS,
    max_iterations: int = MAX_ITERATIONS,
    tolerance: float = TOLERANCE,
) -> np.ndarray:
    """Return a weight per sample row so weighted margin counts equal the population's.

    sample and population have one row per municipality and the margin columns; the weights
    start at N / n (the design weight of a simple random sample of n from N).
    """
    n, total = len(sample), len(population)
    if n == 0:
        return np.zeros(0)
    start = np.full(n, total / n, dtype="float64")
    controls = margin_totals(sample, population, margins)
    if not controls:
        return start
    columns = {m: sample[m].fillna(UNKNOWN).astype(str).tolist() for m in controls}
    frame = pl.DataFrame({**columns, "start_weight": start, "row": np.arange(n)})
    design = svy.Sample(frame, svy.Design(wgt="start_weight"))
    raked = design.weighting.rake(
        controls=controls,
        wgt_name="raked_weight",
        tol=tolerance,
        max_iter=max_iterations,
        on_nonconvergence="ignore",  # as IPF: the last sweep's weights, margins nearly met
    )
    result = raked.data.select("row", "raked_weight").sort("row")
    return result["raked_weight"].to_numpy().astype("float64")


def municipality_weights(
    frame: pd.DataFrame, population: pd.DataFrame, margins: tuple[str, ...] = MARGINS
) -> pd.Series:
    """Return the raked weight of every responding municipality in frame, by current_code."""
    municipalities = frame.drop_duplicates("current_code").set_index("current_code")
    columns = [m for m in margins if m in municipalities.columns]
    weights = rake(municipalities[columns].reset_index(), population, tuple(columns))
    return pd.Series(weights, index=municipalities.index, name="weight")
