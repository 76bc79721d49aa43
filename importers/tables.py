"""Read CSV and XLSX files into rows that keep the row numbers a spreadsheet user sees.

Files are checked against the limits in peiling.limits before and while they are read: the file
size, the unpacked size of an XLSX (from its zip directory, before anything is unpacked), rows,
columns and cell length. An XLSX is read in streaming mode. Each limit gives one clear error.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import ParseError

from peiling.control_chars import describe, first_control
from peiling.importers.problems import ImportErrors, Problem
from peiling.limits import (
    IMPORT_MAX_CELL_CHARS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_FILE_BYTES,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_UNCOMPRESSED_BYTES,
    IMPORT_MAX_ZIP_MEMBERS,
)

CSV_SUFFIXES = {".csv", ".txt"}
# What a damaged workbook makes zipfile and openpyxl raise (found by fuzzing, see tests/importers).
UNREADABLE = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    ParseError,
    EOFError,
    OSError,
    zlib.error,
    RuntimeError,  # also NotImplementedError: an encrypted part, an unknown compression
)
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Row:
    """One non-empty row of a table: its spreadsheet row number and its cells by column name."""

    number: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """Return the stripped text of a cell ('' when empty or absent)."""
        return self.values.get(column, "")


@dataclass
class Table:
    """The header and rows of a file; problems holds cells that lie outside the header."""

    file: str
    columns: list[str]
    rows: list[Row]
    header_row: int = 1
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        """Return a problem in this table's file."""
        return Problem(self.file, message, row, column)


def header_name(text: str) -> str:
    """Normalise a header: trimmed, lower case, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def read_table(path: Path, aliases: Mapping[str, str] | None = None) -> Table:
    """Read the first sheet of an XLSX or a CSV file; raise ImportErrors if it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        _fail(path, f"cannot be read: {exc.strerror or exc}")
    if size > IMPORT_MAX_FILE_BYTES:
        _fail(
            path, f"the file is {_mb(size)}; at most {_mb(IMPORT_MAX_FILE_BYTES)} can be imported"
        )
    if suffix in XLSX_SUFFIXES:
        records = _xlsx_records(path)
    elif suffix in CSV_SUFFIXES:
        records = _csv_records(path)
    elif suffix == ".xls":
        _fail(path, "old Excel (.xls) files cannot be read; save it as .xlsx or as CSV UTF-8")
    else:
        _fail(path, f"unknown file type {suffix or '(none)'}; use a .csv or .xlsx file")
    return _table(path.name, records, aliases or {})


def check_columns(
    table: Table, required: Iterable[str], optional: Iterable[str] = (), strict: bool = True
) -> list[Problem]:
    """Name missing required columns and, when strict, columns that are not expected."""
    required, optional = list(required), list(optional)
    expected = ", ".join(required) + (f" (optional: {', '.join(optional)})" if optional else "")
    problems = []
    missing = [name for name in required if name not in table.columns]
    if missing:
        names = ", ".join(missing)
        problems.append(table.problem(f"missing column(s) {names}; expected columns: {expected}"))
    unknown = [name for name in table.columns if name not in required + optional]
    if strict and unknown:
        names = ", ".join(unknown)
        problems.append(table.problem(f"unknown column(s) {names}; expected columns: {expected}"))
    return problems


def _fail(path: Path, message: str) -> NoReturn:
    raise ImportErrors(path.name, [Problem(path.name, message)])


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _too_many_rows(path: Path) -> NoReturn:
    _fail(path, f"more than {IMPORT_MAX_ROWS} rows; split the file or remove empty rows")


def _csv_records(path: Path) -> list[tuple[int, list[str]]]:
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        _fail(path, "this is an Excel workbook, not CSV text; give it the extension .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        _fail(
            path,
            f"not UTF-8 text (byte 0x{byte} on line {line}); "
            "in Excel choose 'Save as' > 'CSV UTF-8 (comma delimited)'",
        )
    first = next((line for line in text.splitlines() if line.strip()), "")
    if len(first) > IMPORT_MAX_COLUMNS * (IMPORT_MAX_CELL_CHARS + 3):
        _fail(path, f"the first line is {len(first)} characters long; is this a contact list?")
    reader = None
    records = []
    try:
        delimiter = ";" if _fields(first, ";") > _fields(first, ",") else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if number > IMPORT_MAX_ROWS + 1:
                _too_many_rows(path)
            records.append((number, cells))
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 1
        if "field larger than field limit" in str(exc):
            _fail(path, f"line {line}: a value longer than {IMPORT_MAX_CELL_CHARS} characters")
        _fail(path, f"not readable as CSV near line {line}: {exc}")
    return records


def _fields(line: str, delimiter: str) -> int:
    return len(next(csv.reader([line], delimiter=delimiter), []))


def _xlsx_records(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_zip(path)
    records = []
    try:
        # openpyxl warns about Excel features it drops (styles, validation); we only read values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows = sheet.iter_rows(min_row=1, max_col=IMPORT_MAX_COLUMNS + 1, values_only=True)
                for number, values in enumerate(rows, start=1):
                    if number > IMPORT_MAX_ROWS + 1:
                        _too_many_rows(path)
                    records.append((number, [_cell_text(value) for value in values]))
            finally:
                workbook.close()
    except (InvalidFileException, *UNREADABLE) as exc:
        reason = str(exc) or exc.__class__.__name__
        _fail(path, f"cannot be read as an Excel workbook (.xlsx): {reason}")
    return records


def _check_zip(path: Path) -> None:
    """Refuse an XLSX whose members unpack to more than the limit (read from the zip directory)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except UNREADABLE as exc:
        _fail(path, f"cannot be read as an Excel workbook (.xlsx): {exc}")
    if len(members) > IMPORT_MAX_ZIP_MEMBERS:
        _fail(path, f"the workbook holds {len(members)} parts; at most {IMPORT_MAX_ZIP_MEMBERS}")
    unpacked = sum(member.file_size for member in members)
    if unpacked > IMPORT_MAX_UNCOMPRESSED_BYTES:
        _fail(
            path,
            f"the workbook unpacks to {_mb(unpacked)}; at most "
            f"{_mb(IMPORT_MAX_UNCOMPRESSED_BYTES)} can be imported (save it without formatting, "
            "or as CSV)",
        )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_problem(cell: str) -> str | None:
    """Say what is wrong with a cell's text (too long, a control character), or None."""
    if len(cell) > IMPORT_MAX_CELL_CHARS:
        return f"the value is {len(cell)} characters long; at most {IMPORT_MAX_CELL_CHARS}"
    char = first_control(cell, allowed="\n\r")
    if char is not None:
        return f"the value holds the control character {describe(char)}; remove it"
    return None


def _table(file: str, records: list[tuple[int, list[str]]], aliases: Mapping[str, str]) -> Table:
    records = [
        (n, [c.strip() for c in cells]) for n, cells in records if any(c.strip() for c in cells)
    ]
    if not records:
        raise ImportErrors(file, [Problem(file, "the file is empty")])
    header_row, header = records[0]
    names = [aliases.get(header_name(cell), header_name(cell)) for cell in header]
    table = Table(file, [name for name in names if name], [], header_row)
    if any(any(cells[IMPORT_MAX_COLUMNS:]) for _, cells in records):
        table.problems.append(table.problem(f"more than {IMPORT_MAX_COLUMNS} columns", header_row))
        return table
    for position, cell in enumerate(header, start=1):
        problem = _cell_problem(cell)
        if problem:
            message = f"header of column {position}: {problem}"
            table.problems.append(table.problem(message, header_row))
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name and name in seen:
            message = f"column {name} appears twice (columns {seen[name]} and {position})"
            table.problems.append(table.problem(message, header_row))
        seen.setdefault(name, position)
    for number, cells in records[1:]:
        values = {}
        for position, cell in enumerate(cells, start=1):
            name = names[position - 1] if position <= len(names) else ""
            problem = _cell_problem(cell) if name else None
            if name and ("\n" in cell or "\r" in cell):
                message = 'the value runs over several lines; is a quote (") left open?'
                table.problems.append(table.problem(message, number, name))
            elif problem:
                table.problems.append(table.problem(problem, number, name))
            if name:
                values.setdefault(name, cell)
            elif cell:
                message = f"value {cell!r} in column {position}, which has no header"
                table.problems.append(table.problem(message, number))
        table.rows.append(Row(number, values))
    if not table.rows:
        table.problems.append(table.problem("no rows below the header", header_row))
    return table
