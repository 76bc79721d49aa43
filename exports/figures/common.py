"""What the figure modules share: the rows analysed per wave, and their substantive values."""

from __future__ import annotations

import re

import pandas as pd

from peiling.cleaning.dataset import CleanedWave
from peiling.exports.options import ExportOptions


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


def natural_key(text) -> tuple:
    """Return a sort key that orders numbers inside text by value (2 before 10)."""
    parts = re.split(r"(\d+)", str(text))
    return tuple(int(part) if i % 2 else part.casefold() for i, part in enumerate(parts))
