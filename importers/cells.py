"""Parse the cells of import files: municipality codes, whole numbers and dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from peiling.importers.problems import Problem
from peiling.importers.tables import Row, Table

T = TypeVar("T")

MUNICIPALITY_CODE = re.compile(r"GM\d{4}")
SAFETY_REGION_CODE = re.compile(r"VR\d{2}")
DUTCH_DATE = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")


class CellError(ValueError):
    """A cell's text cannot be read; the message says why, in the user's terms."""


class RowReader:
    """Read the cells of one row, adding a problem for each empty required or unreadable cell."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]):
        self.table, self.row, self.problems = table, row, problems
        self.ok = True

    def text(self, column: str, required: bool = True) -> str:
        """Return a cell's text; an empty required cell is a problem."""
        value = self.row.get(column)
        if required and not value:
            self.add(column, "a value is required here")
        return value

    def parse(self, column: str, parse: Callable[[str], T], required: bool = True) -> T | None:
        """Return a cell parsed, or None when empty or unreadable (a problem, unless optional)."""
        value = self.text(column, required)
        if not value:
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.add(column, str(exc))
            return None

    def add(self, column: str | None, message: str) -> None:
        """Add a problem at this row."""
        self.ok = False
        self.problems.append(self.table.problem(message, self.row.number, column))


def municipality_code(text: str) -> str:
    """Return a CBS municipality code in upper case (GM + 4 digits)."""
    code = text.strip().upper()
    if not MUNICIPALITY_CODE.fullmatch(code):
        raise CellError(
            f"{text!r} is not a municipality code: GM followed by 4 digits, e.g. GM0080"
        )
    return code


def safety_region_code(text: str) -> str:
    """Return a safety region code in upper case (VR + 2 digits)."""
    code = text.strip().upper()
    if not SAFETY_REGION_CODE.fullmatch(code):
        raise CellError(f"{text!r} is not a safety region code: VR followed by 2 digits, e.g. VR01")
    return code


def whole_number(text: str) -> int:
    """Return a whole number of at least 0."""
    if not re.fullmatch(r"-?\d+", text.strip()):
        raise CellError(f"{text!r} is not a whole number (write digits only, e.g. 243768)")
    number = int(text)
    if number < 0:
        raise CellError(f"{number} is negative")
    return number


def day(text: str) -> date:
    """Return a date written as YYYY-MM-DD or, as Dutch Excel does, D-M-YYYY."""
    text = text.strip()
    try:
        match = DUTCH_DATE.fullmatch(text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise CellError(f"{text!r} is not a date (write YYYY-MM-DD, e.g. 2018-01-01)")
