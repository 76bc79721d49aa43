"""The SPSS (.sav) and Stata (.dta) exports of the cleaned data, labelled (pyreadstat)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from peiling.exports.disclosure import data_variables, protect_frame
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import _ILLEGAL
from peiling.exports.variables import as_date, meta_label, wide_frame


def spss_name(name: str) -> str:
    """Return a valid SPSS variable name for an export variable name."""
    result = re.sub(r"[^A-Za-z0-9_.@#$]", "_", name)
    if not result or not result[0].isalpha():
        result = "v" + result
    return result.rstrip("._")[:64]


ORDERED_TYPES = ("likert", "matrix")
STATA_LENGTH = 30
FLAG_COLUMNS = ("submitted", "flag_partial", "flag_straightlining", "flag_speeder", "org_primary")


@dataclass
class LabelledData:
    """The stacked waves with what statistics packages keep beside the values."""

    frame: pd.DataFrame  # columns under their export names
    labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    missing: dict[str, list[float]] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)  # SPSS formats: F4.0, DATE11
    measures: dict[str, str] = field(default_factory=dict)  # nominal, ordinal, scale


def labelled_data(source: TrendInput, options: ExportOptions) -> LabelledData:
    """Return the waves stacked with labels, value labels, missing codes, formats and levels.

    The wave is a number where its label is one (2025), beside it the questionnaire version it
    was answered in; codes get integer formats; scales are ordinal, choices nominal, counts
    and weights scale. The design weight (empty without weights) ends the meta columns.
    """
    from peiling.exports.design import wave_design

    lang = options.lang
    items = data_variables(source)
    frames = []
    for wave in source.waves:
        frame = protect_frame(wide_frame(wave.data, items, offered=source.offered(wave)), options)
        frame.insert(frame.columns.get_loc("wave") + 1, "version", wave.version)
        population = source.populations.get(wave.label) if options.weights else None
        design = wave_design(wave.data, population, "response")
        weights = design.weights if design is not None else float("nan")
        frame.insert(frame.columns.get_loc("version") + 1, "weight", weights)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    result = LabelledData(frame)
    for name in ("wave", "version"):
        if frame[name].astype(str).str.fullmatch(r"\d{1,8}").all():
            frame[name] = frame[name].astype("float64")
            result.formats[name] = f"F{_digits(frame[name].tolist())}.0"
        result.measures[name] = "ordinal"
    by_name = {item.name: item for item in items}
    for name in frame.columns:
        item = by_name.get(name)
        label = item.label(lang) if item is not None else meta_label(name, lang)
        result.labels[name] = _clean(label)[:250]
        column = frame[name]
        if item is None:
            if pd.api.types.is_bool_dtype(column) or column.dtype == object and _is_bool(column):
                frame[name] = column.map(_bool_number).astype("float64")
                result.formats[name] = "F1.0"
                result.measures[name] = "nominal"
            elif column.dtype == object or pd.api.types.is_string_dtype(column):
                frame[name] = column.map(lambda v: None if v is None or v != v else _clean(str(v)))
                result.measures[name] = "nominal"
            elif name not in result.measures:
                result.measures[name] = "scale"
            continue
        if item.kind == "code":
            result.value_labels[name] = {
                float(code): _clean(text.get(lang)) for code, text in item.value_labels.items()
            }
            if item.missing:
                result.missing[name] = [float(code) for code in item.missing]
            result.formats[name] = f"F{_digits(list(item.value_labels) + list(item.missing))}.0"
            ordered = getattr(item.question, "type", "") in ORDERED_TYPES
            result.measures[name] = "ordinal" if ordered else "nominal"
        elif item.kind == "chosen":
            result.value_labels[name] = {
                0.0: "niet gekozen" if lang == "nl" else "not chosen",
                1.0: "gekozen" if lang == "nl" else "chosen",
            }
            result.formats[name] = "F1.0"
            result.measures[name] = "nominal"
        elif item.kind == "rank":
            result.formats[name] = "F2.0"
            result.measures[name] = "ordinal"
        elif item.kind == "number":
            result.measures[name] = "scale"
        elif item.kind == "date":
            frame[name] = pd.to_datetime(column.map(as_date), errors="coerce")
            result.formats[name] = "DATE11"
            result.measures[name] = "scale"
        elif item.kind == "text":
            frame[name] = column.map(lambda v: None if v is None else _clean(str(v)))
            result.measures[name] = "nominal"
    return result


def write_sav(source: TrendInput, path: str | Path, options: ExportOptions | None = None) -> int:
    """Write the cleaned data of all waves stacked into one .sav file; return its rows."""
    import pyreadstat

    data = labelled_data(source, options or ExportOptions())
    renamed = {name: spss_name(name) for name in data.frame.columns}
    pyreadstat.write_sav(
        data.frame.rename(columns=renamed),
        str(path),
        column_labels=[data.labels[name] for name in data.frame.columns],
        variable_value_labels={renamed[k]: v for k, v in data.value_labels.items()},
        missing_ranges={renamed[k]: v for k, v in data.missing.items()},
        variable_format={renamed[k]: v for k, v in data.formats.items()} or None,
        variable_measure={renamed[k]: v for k, v in data.measures.items()},
    )
    return len(data.frame)


def stata_names(names: list[str]) -> dict[str, str]:
    """Return a valid, unique Stata name (letters, digits, _) for every name.

    At most 30 characters: the writer names a variable's value-label set after it, and that
    name must stay under Stata's limit of 32.
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not base or not (base[0].isalpha() or base[0] == "_"):
            base = "v" + base
        candidate, number = base[:STATA_LENGTH], 1
        while candidate.lower() in taken:
            number += 1
            suffix = f"_{number}"
            candidate = base[: STATA_LENGTH - len(suffix)] + suffix
        taken.add(candidate.lower())
        result[name] = candidate
    return result


def write_dta(source: TrendInput, path: str | Path, options: ExportOptions | None = None) -> int:
    """Write the cleaned data of all waves stacked into one Stata (.dta) file; return its rows.

    Stata keeps variable and value labels; missing codes stay as their codes (listed in the
    variable label) since Stata has no user-defined missing values for numbers.
    """
    import pyreadstat

    data = labelled_data(source, options or ExportOptions())
    renamed = stata_names(list(data.frame.columns))
    labels = {}
    for name, label in data.labels.items():
        codes = data.missing.get(name)
        suffix = f" [missing: {', '.join(str(int(c)) for c in codes)}]" if codes else ""
        labels[renamed[name]] = label[: 80 - len(suffix)] + suffix  # Stata keeps 80 characters
    pyreadstat.write_dta(
        data.frame.rename(columns=renamed),
        str(path),
        column_labels=labels,
        variable_value_labels={
            renamed[k]: {int(code): text[:32000] for code, text in v.items()}
            for k, v in data.value_labels.items()
        },
    )
    return len(data.frame)


def _digits(codes) -> int:
    return max((len(str(int(abs(c)))) for c in codes), default=1)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _is_bool(column: pd.Series) -> bool:
    values = column.dropna()
    return len(values) > 0 and all(isinstance(v, bool) for v in values.head(50))


def _bool_number(value):
    if value is None or value is pd.NA or value != value:
        return None
    return 1.0 if value else 0.0
