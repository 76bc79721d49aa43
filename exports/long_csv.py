"""The long CSV export: one line per answer (wave, organisation, key, value, label).

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

HEADER = [
    "wave",
    "response_id",
    "organisation_code",
    "organisation_name",
    "role",
    "key",
    "value",
    "label",
]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_long_csv(source: TrendInput, path: str | Path, options: ExportOptions | None) -> int:
    """Write every answer of every wave as one CSV line; return the number of lines."""
    options = options or ExportOptions()
    lang = options.lang
    items = data_variables(source)
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(HEADER)
        for wave in source.waves:
            frame = protect_frame(
                wide_frame(wave.data, items, offered=source.offered(wave)), options
            )
            meta = [
                [neutralise(str(v)) if isinstance(v, str) else v for v in frame[name].tolist()]
                if name in frame.columns
                else [""] * len(frame)
                for name in ("response_id", "organisation_code", "organisation_name", "role")
            ]
            label = neutralise(wave.label)
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
                        shown = _number(value)
                    elif item.kind in ("chosen", "rank", "number"):
                        text_label, shown = item_label, _number(value)
                    else:
                        text_label, shown = "", neutralise(str(value))
                    writer.writerow(
                        [
                            label,
                            meta[0][i],
                            meta[1][i],
                            meta[2][i],
                            meta[3][i],
                            item.name,
                            shown,
                            text_label,
                        ]
                    )
                    count += 1
    return count
