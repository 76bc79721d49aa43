"""The SPSS (.sav) export of the cleaned data, with variable and value labels (pyreadstat)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from peiling.exports.disclosure import data_variables, protect_frame
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import _ILLEGAL
from peiling.exports.variables import META_LABELS, as_date, wide_frame


def spss_name(name: str) -> str:
    """Return a valid SPSS variable name for an export variable name."""
    result = re.sub(r"[^A-Za-z0-9_.@#$]", "_", name)
    if not result or not result[0].isalpha():
        result = "v" + result
    return result.rstrip("._")[:64]


def write_sav(source: TrendInput, path: str | Path, options: ExportOptions | None = None) -> int:
    """Write the cleaned data of all waves stacked into one .sav file; return its rows."""
    import pyreadstat

    options = options or ExportOptions()
    lang = options.lang
    items = data_variables(source)
    frames = [
        protect_frame(wide_frame(wave.data, items, offered=source.offered(wave)), options)
        for wave in source.waves
    ]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    by_name = {item.name: item for item in items}
    renamed, labels, value_labels, missing, formats = {}, [], {}, {}, {}
    for name in frame.columns:
        new = spss_name(name)
        renamed[name] = new
        item = by_name.get(name)
        label = item.label(lang) if item is not None else META_LABELS.get(name, name)
        labels.append(_clean(label)[:250])
        column = frame[name]
        if item is None:
            if pd.api.types.is_bool_dtype(column) or column.dtype == object and _is_bool(column):
                frame[name] = column.map(_bool_number).astype("float64")
            elif column.dtype == object or pd.api.types.is_string_dtype(column):
                frame[name] = column.map(lambda v: None if v is None or v != v else _clean(str(v)))
            continue
        if item.kind == "code":
            value_labels[new] = {
                float(code): _clean(text.get(lang)) for code, text in item.value_labels.items()
            }
            if item.missing:
                missing[new] = [float(code) for code in item.missing]
        elif item.kind == "chosen":
            value_labels[new] = {
                0.0: "niet gekozen" if lang == "nl" else "not chosen",
                1.0: "gekozen" if lang == "nl" else "chosen",
            }
        elif item.kind == "date":
            frame[name] = pd.to_datetime(column.map(as_date), errors="coerce")
            formats[new] = "DATE11"
        elif item.kind == "text":
            frame[name] = column.map(lambda v: None if v is None else _clean(str(v)))
    frame = frame.rename(columns=renamed)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_ranges={k: v for k, v in missing.items()},
        variable_format=formats or None,
    )
    return len(frame)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _is_bool(column: pd.Series) -> bool:
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, bool) for v in values.head(50))


def _bool_number(value):
    if value is None or value is pd.NA or value != value:
        return None
    return 1.0 if value else 0.0
