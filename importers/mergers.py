"""Import municipal mergers (herindelingen) and follow a retired code to its successor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.importers.cells import RowReader, day, length_of, municipality_code, whole_number
from peiling.importers.problems import ImportErrors, ImportResult
from peiling.importers.tables import check_columns, read_table
from peiling.models.organisation import Merger, Organisation

COLUMNS = ("year", "date", "old_code", "old_name", "new_code", "new_name")


@dataclass(frozen=True)
class MergerRow:
    """One checked row of a mergers file: old_code was taken over by new_code on a date."""

    row: int
    year: int
    date: date
    old_code: str
    old_name: str
    new_code: str
    new_name: str


@dataclass
class MergerImportResult(ImportResult):
    """Counts of merger rows, and of organisations the import had to create."""

    organisations_added: int = 0

    def summary(self) -> str:
        """Return the merger counts and the number of organisations created."""
        return f"{super().summary()}; {self.organisations_added} organisation(s) created"


def read_mergers(path: Path, recorded: Mapping[str, date] | None = None) -> list[MergerRow]:
    """Read and check a mergers file (against dates already recorded); raise ImportErrors."""
    recorded = recorded or {}
    table = read_table(path)
    problems = table.problems + check_columns(table, COLUMNS, strict=False)
    if problems:
        raise ImportErrors(table.file, problems)
    mergers: list[MergerRow] = []
    rows_by_code: dict[str, int] = {}
    for row in table.rows:
        cells = RowReader(table, row, problems)
        year, when = cells.parse("year", whole_number), cells.parse("date", day)
        longest = length_of(Merger.old_name)
        old_code = cells.parse("old_code", municipality_code)
        old_name = cells.text("old_name", max_length=longest)
        new_code = cells.parse("new_code", municipality_code)
        new_name = cells.text("new_name", max_length=longest)
        if year is not None and when and when.year != year:
            cells.add("year", f"{year} is not the year of the date {when.isoformat()}")
        if when and recorded.get(old_code, when) != when:
            earlier = recorded[old_code].isoformat()
            cells.add("date", f"{old_code} is already recorded as merged on {earlier}")
        if old_code and old_code == new_code:
            cells.add("new_code", f"{old_code} cannot be merged into itself")
        if old_code in rows_by_code:
            first = rows_by_code[old_code]
            cells.add("old_code", f"{old_code} appears twice (rows {first} and {row.number})")
        elif old_code:
            rows_by_code[old_code] = row.number
        if cells.ok:
            mergers.append(
                MergerRow(row.number, year, when, old_code, old_name, new_code, new_name)
            )
    successors = {merger.old_code: merger.new_code for merger in mergers}
    for merger in mergers:
        if _goes_round(merger, successors):
            message = f"{merger.old_code} is merged, through others, back into itself"
            problems.append(table.problem(message, merger.row, "new_code"))
    if problems:
        raise ImportErrors(table.file, problems)
    return sorted(mergers, key=lambda merger: (merger.date, merger.row))


def _goes_round(merger: MergerRow, successors: dict[str, str]) -> bool:
    code, seen = merger.new_code, {merger.old_code}
    while code in successors:
        if code in seen:
            return True
        seen.add(code)
        code = successors[code]
    return False


def import_mergers(session: Session, path: Path) -> MergerImportResult:
    """Store mergers; retire each old organisation and point it at its successor."""
    mergers = {(m.old_code, m.date): m for m in session.scalars(select(Merger))}
    rows = read_mergers(path, {code: when for code, when in mergers})
    organisations = {org.code: org for org in session.scalars(select(Organisation))}
    result = MergerImportResult()

    def organisation(code: str, name: str, valid_from: date | None = None) -> Organisation:
        if code not in organisations:
            organisations[code] = Organisation(
                code=code, name=name, kind="municipality", valid_from=valid_from
            )
            session.add(organisations[code])
            result.organisations_added += 1
        return organisations[code]

    for row in rows:
        merger = mergers.get((row.old_code, row.date))
        added = merger is None
        if added:
            merger = Merger(old_code=row.old_code, date=row.date)
            session.add(merger)
        changed = _set(merger, year=row.year, old_name=row.old_name)
        changed |= _set(merger, new_code=row.new_code, new_name=row.new_name)
        new = organisation(row.new_code, row.new_name, valid_from=row.date)
        old = organisation(row.old_code, row.old_name)
        changed |= _set(old, valid_until=row.date)
        if old.successor is not new:
            old.successor, changed = new, True
        result.count(added=added, changed=changed)
    session.flush()
    return result


def _set(item: object, **values: object) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(item, key) != value:
            setattr(item, key, value)
            changed = True
    return changed


def current_successor(session: Session, code: str, on: date | None = None) -> Organisation:
    """Return the organisation that holds a code's territory on a day, following merger chains."""
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        raise UserError(f"unknown organisation code {code}")
    on = on or date.today()
    seen = {org.code}
    while org.successor is not None and org.valid_until is not None and org.valid_until <= on:
        org = org.successor
        if org.code in seen:
            raise UserError(f"the successors of {code} go round in a circle through {org.code}")
        seen.add(org.code)
    return org
