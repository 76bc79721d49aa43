"""What the figure modules share: the frame analysed per wave and suppression of small cells."""

from __future__ import annotations

import pandas as pd

from cleaning.dataset import CleanedWave
from exports.model import ExportOptions
from exports.stats import Estimate


def analysed(wave: CleanedWave, options: ExportOptions) -> pd.DataFrame:
    """Return the rows a wave's figures rest on: every kept response, or one per organisation."""
    data = wave.data
    if options.unit == "organisation" and "org_primary" in data.columns:
        data = data[data["org_primary"].astype(bool)]
    return data


def substantive(column: pd.Series, missing) -> pd.Series:
    """Return the values of a code or number column with missing codes and blanks left out."""
    values = column.dropna()
    if missing:
        values = values[~values.isin(list(missing))]
    return values.astype("float64")


def suppressed(estimate: Estimate | None, k: int) -> bool:
    """Tell whether an estimate rests on fewer than k answers (and is not shown)."""
    return estimate is not None and estimate.value is not None and estimate.n < k
