"""The long CSV export: one line per answer (wave, organisation, key, value, label).

Each line also carries the wave's questionnaire version, the municipality's province, safety
region and size class, the response's quality flags and its design weight (exports/design.py;
empty without weights). ``dialect="nl"`` writes what Dutch Excel opens by double-click:
semicolons between fields and a decimal comma (both dialects UTF-8 with a byte-order mark).
Keys are the export's variables (see exports/variables.py): a chosen multiple-choice option
appears as "key.code" with value 1, a ranked option as "key.code" with its rank. Every text
field is neutralised against formula injection as OWASP recommends, and every field quoted.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from peiling.exports.disclosure import data_variables, protect_frame
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import neutralise
from peiling.exports.variables import wide_frame

# Columns of the response that every line repeats, after wave and version.
LINE_META = [
    "response_id",
    "organisation_code",
    "organisation_name",
    "province",
    "safety_region",
    "size_class",
    "role",
    "flag_partial",
    "flag_straightlining",
    "flag_speeder",
]
HEADER = ["wave", "version", *LINE_META, "weight", "key", "value", "label"]
DIALECTS = {"standard": (",", "."), "nl": (";", ",")}  # field separator, decimal mark


def _number(value: float, decimal: str = ".") -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", decimal) if decimal != "." else text


def _meta_cell(value, decimal: str):
    """Return a repeated response field as written: text neutralised, flags 0/1, numbers."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "1" if value else "0"
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, int | float):
        return _number(value, decimal)
    return neutralise(str(value))


def write_long_csv(source: TrendInput, path: str | Path, options: ExportOptions | None) -> int:
    """Write every answer of every wave as one CSV line; return the number of lines."""
    options = options or ExportOptions()
    lang = options.lang
    delimiter, decimal = DIALECTS[options.dialect]
    items = data_variables(source)
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        for wave in source.waves:
            frame = protect_frame(
                wide_frame(wave.data, items, offered=source.offered(wave)), options
            )
            fields = [
                [_meta_cell(v, decimal) for v in frame[name].tolist()]
                if name in frame.columns
                else [""] * len(frame)
                for name in LINE_META
            ]
            fields.append(_weights(source, wave, options, decimal))
            meta = list(zip(*fields, strict=True))
            label = neutralise(wave.label)
            version = neutralise(wave.version)
            for item in items:
                column = frame[item.name]
                present = column.notna().to_numpy().copy()
                if item.kind == "chosen":
                    present &= (pd.to_numeric(column, errors="coerce") == 1).to_numpy()
                values = column.tolist()
                item_label = ""
                if item.option is not None:
                    item_label = neutralise(item.option.label.get(lang))
                for i in present.nonzero()[0]:
                    value = values[i]
                    if item.kind == "code":
                        option = item.question.option(int(value))
                        text_label = neutralise(option.label.get(lang)) if option else ""
                        shown = _number(value, decimal)
                    elif item.kind in ("chosen", "rank", "number"):
                        text_label, shown = item_label, _number(value, decimal)
                    else:
                        text_label, shown = "", neutralise(str(value))
                    writer.writerow([label, version, *meta[i], item.name, shown, text_label])
                    count += 1
    return count


def _weights(source: TrendInput, wave, options: ExportOptions, decimal: str) -> list[str]:
    """Return each response's design weight as written (empty without weights)."""
    from peiling.exports.design import wave_design

    population = source.populations.get(wave.label) if options.weights else None
    design = wave_design(wave.data, population, "response")
    if design is None:
        return [""] * len(wave.data)
    return [_number(round(float(w), 6), decimal) for w in design.weights]
