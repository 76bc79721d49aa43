"""A worksheet written row by row, every string neutralised; the workbook's formats."""

from __future__ import annotations

import math
from datetime import date, datetime

import xlsxwriter

from peiling.exports.safe import neutralise

MIN_WIDTH, MAX_WIDTH = 6, 60


def open_workbook(path) -> xlsxwriter.Workbook:
    """Open a workbook that never turns text into formulas, links or numbers."""
    return xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )


def formats(workbook) -> dict:
    """Return the named cell formats of the workbook."""
    add = workbook.add_format
    return {
        "title": add({"bold": True, "font_size": 14}),
        "subtitle": add({"bold": True, "font_size": 12}),
        "header": add(
            {"bold": True, "bottom": 1, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"}
        ),
        "note": add({"italic": True, "font_color": "#595959"}),
        "note_wrap": add(
            {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}
        ),
        "wrap": add({"text_wrap": True, "valign": "top"}),
        "pct": add({"num_format": "0.0%"}),
        "mean": add({"num_format": "0.00"}),
        "diff": add({"num_format": "+0.00;-0.00;0.00"}),
        "pp": add({"num_format": '+0.0" pp";-0.0" pp";0.0" pp"'}),
        "p": add({"num_format": "0.000"}),
        "int": add({"num_format": "#,##0"}),
        "dec": add({"num_format": "0.0"}),
        "date": add({"num_format": "yyyy-mm-dd"}),
        "datetime": add({"num_format": "yyyy-mm-dd hh:mm"}),
        "suppressed": add({"align": "right", "font_color": "#7F7F7F"}),
        "bold": add({"bold": True, "valign": "top"}),
    }


def page_setup(sheet) -> None:
    """Print a sheet landscape on A4, as wide as one page, with its name and page numbers."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many long as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header('&L&"-,Bold"&A&R&D')  # the sheet's name as print title; the date
    sheet.set_footer("&Cpeiling - &P / &N")


def repeat_header(sheet, row: int, columns: int | None = None) -> None:
    """Freeze the header row (and first columns) on screen and repeat it on every page."""
    sheet.freeze_panes(row + 1, columns or 0)
    sheet.repeat_rows(row)


class SheetWriter:
    """Write one worksheet top to bottom; remember the widest text per column."""

    def __init__(self, workbook, name: str, fmt: dict):
        self.sheet = workbook.add_worksheet(name)
        page_setup(self.sheet)
        self.name = name
        self.fmt = fmt
        self.row = 0
        self.widths: dict[int, int] = {}

    def write(self, values, formats=None, widths: bool = True) -> int:
        """Write one row (None leaves a cell blank); return its row number."""
        sheet, row = self.sheet, self.row
        for col, value in enumerate(values):
            if value is None:
                continue
            cell_format = formats[col] if isinstance(formats, list | tuple) else formats
            if isinstance(cell_format, str):
                cell_format = self.fmt[cell_format]
            if isinstance(value, str):
                value = neutralise(value)
                sheet.write_string(row, col, value, cell_format)
                size = max((len(part) for part in value.split("\n")), default=0)
            elif isinstance(value, bool):
                sheet.write_boolean(row, col, value, cell_format)
                size = 5
            elif isinstance(value, datetime | date):
                if isinstance(value, datetime) and value.tzinfo is not None:
                    value = value.replace(tzinfo=None)
                sheet.write_datetime(row, col, value, cell_format)
                size = 16 if isinstance(value, datetime) else 10
            else:
                if isinstance(value, float) and not math.isfinite(value):
                    continue
                sheet.write_number(row, col, value, cell_format)
                size = 8
            if widths and size > self.widths.get(col, 0):
                self.widths[col] = size
        self.row += 1
        return row

    def note(self, value: str, columns: int, chars: int, first: int = 0) -> int:
        """Write a long note wrapped in one cell across columns (about chars wide); its row.

        first: the column it starts in (the cells before it may be written after).
        """
        row = self.row
        lines = max(1, math.ceil(len(value) / max(chars, 20)))
        self.sheet.set_row(row, 15 * lines)  # before the row is written: rows stream out
        cell = neutralise(value)
        self.sheet.merge_range(row, first, row, columns - 1, cell, self.fmt["note_wrap"])
        self.row += 1
        return row

    def blank(self, rows: int = 1) -> None:
        """Leave rows empty."""
        self.row += rows

    def fit_columns(self, fixed: dict[int, int] | None = None) -> None:
        """Set column widths that fit the text written (within bounds)."""
        fixed = fixed or {}
        for col in sorted(set(self.widths) | set(fixed)):
            width = fixed.get(col, self.widths.get(col, MIN_WIDTH) + 2)
            self.sheet.set_column(col, col, min(max(width, MIN_WIDTH), MAX_WIDTH))
