"""Write the whole trend workbook: one function, plain data in, a file out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from peiling.exports.labels import text
from peiling.exports.options import ExportOptions, TrendInput
from peiling.exports.safe import sheet_name
from peiling.exports.xlsx.data import write_codebook, write_data, write_open_answers
from peiling.exports.xlsx.summary import write_notes, write_response
from peiling.exports.xlsx.trends import write_breakdowns, write_themes, write_trends
from peiling.exports.xlsx.writer import SheetWriter, formats, open_workbook


@dataclass
class WorkbookResult:
    """What was written: the file, its sheets, and the number of data rows."""

    path: Path
    sheets: list[str]
    rows: int


def write_trend_workbook(
    source: TrendInput, path: str | Path, options: ExportOptions | None = None
) -> WorkbookResult:
    """Write the trend workbook of the given waves to path."""
    options = options or ExportOptions()
    lang = options.lang
    path = Path(path)
    workbook = open_workbook(path)
    workbook.set_properties(
        {
            "title": text(lang, "trends_title"),
            "subject": source.waves[0].survey_key,
            "comments": "peiling",
        }
    )
    fmt = formats(workbook)
    taken: set[str] = set()

    def sheet(key: str, **values) -> SheetWriter:
        return SheetWriter(workbook, sheet_name(text(lang, key, **values), taken), fmt)

    rows = 0
    if options.restricted:  # the personal answers and open text, unmasked: a separate file
        rows = write_open_answers(sheet("sheet_open"), source, options)
    elif options.microdata:  # the row-level data, pseudonymised: a separate file
        write_notes(sheet("sheet_notes"), source, options)
        for wave in source.waves:
            rows += write_data(
                sheet("sheet_data", wave=wave.label), wave, source, workbook, options
            )
        write_codebook(sheet("sheet_codebook"), source, options)
    else:  # the tables: no row-level data, no personal answers, open text masked
        write_notes(sheet("sheet_notes"), source, options)
        write_response(sheet("sheet_response"), source, options)
        write_trends(sheet("sheet_trends"), source, options)
        write_themes(sheet("sheet_themes"), source, options, workbook)
        write_breakdowns(sheet("sheet_breakdowns"), source, options)
        write_open_answers(sheet("sheet_open"), source, options)
        write_codebook(sheet("sheet_codebook"), source, options)
        rows = sum(len(w.data) for w in source.waves)
    workbook.close()
    return WorkbookResult(path, [ws.name for ws in workbook.worksheets()], rows)
