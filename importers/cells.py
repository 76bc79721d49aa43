"""Parse the cells of import files: municipality codes, whole numbers and dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from peiling.importers.problems import Problem
from peiling.importers.tables import Row, Table
from peiling.limits import IMPORT_MAX_WHOLE_NUMBER

T = TypeVar("T")

MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
SAFETY_REGION_CODE = re.compile(r"VR[0-9]{2}")
DUTCH_DATE = re.compile(r"([0-9]{1,2})[-/]([0-9]{1,2})[-/]([0-9]{4})")


class CellError(ValueError):
    """A cell's text cannot be read; the message says why, in the user's terms."""


class RowReader:
    """Read the cells of one row, adding a problem for each empty required or unreadable cell."""

    def __init__(self, table: Table, row: Row, problems: list[Problem]):
        self.table, self.row, self.problems = table, row, problems
        self.ok = True

    def text(self, column: str, required: bool = True, max_length: int | None = None) -> str:
        """Return a cell's text; an empty required cell, or one over max_length, is a problem."""
        value = self.row.get(column)
        if required and not value:
            self.add(column, "a value is required here")
        if max_length is not None and len(value) > max_length:
            self.add(column, f"the value is {len(value)} characters long; at most {max_length}")
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
    """Return a whole number of at least 0 that a database integer column holds."""
    digits = text.strip()
    if not re.fullmatch(r"-?[0-9]+", digits):
        raise CellError(f"{text!r} is not a whole number (write digits only, e.g. 243768)")
    if digits.startswith("-"):
        raise CellError(f"{digits} is negative")
    if len(digits.lstrip("0")) > len(str(IMPORT_MAX_WHOLE_NUMBER)) or (
        int(digits) > IMPORT_MAX_WHOLE_NUMBER
    ):
        raise CellError(f"{digits} is too large (at most {IMPORT_MAX_WHOLE_NUMBER})")
    return int(digits)


def length_of(column) -> int:
    """Return how many characters a string column of a table holds (e.g. Contact.name)."""
    return column.type.length


def day(text: str) -> date:
    """Return a date written as YYYY-MM-DD or, as Dutch Excel does, D-M-YYYY."""
    text = text.strip()
    try:
        match = DUTCH_DATE.fullmatch(text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise CellError(f"{text!r} is not a date (write YYYY-MM-DD, e.g. 2018-01-01)")
