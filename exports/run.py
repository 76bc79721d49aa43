"""Write an export in the asked format: the function behind the CLI and the flow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peiling.errors import UserError
from peiling.exports.options import ExportOptions, TrendInput
from peiling.vocabulary import EXPORT_FORMATS


@dataclass
class ExportResult:
    """What an export wrote: the file, its format and the number of data rows (or lines)."""

    path: Path
    format: str
    rows: int


def write_export(
    source: TrendInput, path: str | Path, fmt: str = "xlsx", options: ExportOptions | None = None
) -> ExportResult:
    """Write the trend workbook, the long CSV, the SPSS or the Stata file of the waves to path."""
    if fmt not in EXPORT_FORMATS:
        raise UserError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if not source.waves:
        raise UserError("no waves to export")
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise UserError(f"the folder {path.parent} does not exist")
    options = options or ExportOptions()
    if fmt == "xlsx":
        from peiling.exports.xlsx.workbook import write_trend_workbook

        rows = write_trend_workbook(source, path, options).rows
    elif fmt == "csv":
        from peiling.exports.long_csv import write_long_csv

        rows = write_long_csv(source, path, options)
    elif fmt == "dta":
        from peiling.exports.spss import write_dta

        rows = write_dta(source, path, options)
    else:
        from peiling.exports.spss import write_sav

        rows = write_sav(source, path, options)
    return ExportResult(path, fmt, rows)


def default_file_name(survey_key: str, labels: list[str], fmt: str, stamp: str) -> str:
    """Return the file name of an export kept in the data folder."""
    waves = f"{labels[0]}-{labels[-1]}" if len(labels) > 1 else labels[0]
    return f"{survey_key}-trends-{waves}-{stamp}.{fmt}"
