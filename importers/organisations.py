"""Import the CBS list of municipalities: check every row, then upsert organisations by code."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.importers.cells import (
    RowReader,
    length_of,
    municipality_code,
    safety_region_code,
    whole_number,
)
from peiling.importers.problems import ImportErrors, ImportResult
from peiling.importers.tables import check_columns, read_table
from peiling.models.organisation import Organisation

COLUMNS = ("code", "name", "province", "population", "safety_region_code", "safety_region")
ALIASES = {"veiligheidsregio_code": "safety_region_code", "veiligheidsregio": "safety_region"}


@dataclass(frozen=True)
class Municipality:
    """One checked row of a municipality list."""

    code: str
    name: str
    province: str
    population: int
    safety_region_code: str | None
    safety_region: str | None

    def fields(self) -> dict[str, object]:
        """Return the organisation fields this row sets (all but the code)."""
        values = asdict(self)
        del values["code"]
        return values


def read_municipalities(path: Path) -> list[Municipality]:
    """Read and check a municipality list; raise ImportErrors naming every problem."""
    table = read_table(path, ALIASES)
    problems = table.problems + check_columns(table, COLUMNS, strict=False)
    if problems:
        raise ImportErrors(table.file, problems)
    municipalities, rows_by_code = [], {}
    for row in table.rows:
        cells = RowReader(table, row, problems)
        code = cells.parse("code", municipality_code)
        name = cells.text("name", max_length=length_of(Organisation.name))
        province = cells.text("province", max_length=length_of(Organisation.province))
        population = cells.parse("population", whole_number)
        region_code = cells.parse("safety_region_code", safety_region_code, required=False)
        region = cells.text(
            "safety_region", required=False, max_length=length_of(Organisation.safety_region)
        )
        if region_code and not region:
            cells.add("safety_region", f"the name of safety region {region_code} is missing")
        if region and not row.get("safety_region_code"):
            cells.add("safety_region_code", f"the code of safety region {region!r} is missing")
        if code and code in rows_by_code:
            cells.add("code", f"{code} appears twice (rows {rows_by_code[code]} and {row.number})")
        elif code:
            rows_by_code[code] = row.number
        if cells.ok:
            municipalities.append(
                Municipality(code, name, province, population, region_code, region or None)
            )
    if problems:
        raise ImportErrors(table.file, problems)
    return municipalities


def import_organisations(session: Session, path: Path, dry_run: bool = False) -> ImportResult:
    """Add or update the municipalities of a CBS list, by code; others are left alone."""
    municipalities = read_municipalities(path)
    existing = {org.code: org for org in session.scalars(select(Organisation))}
    result = ImportResult(dry_run=dry_run)
    for municipality in municipalities:
        fields = municipality.fields()
        org = existing.get(municipality.code)
        if org is None:
            result.count(added=True, changed=False)
            if not dry_run:
                session.add(Organisation(code=municipality.code, kind="municipality", **fields))
            continue
        changes = {key: value for key, value in fields.items() if getattr(org, key) != value}
        result.count(added=False, changed=bool(changes))
        if not dry_run:
            for key, value in changes.items():
                setattr(org, key, value)
    if not dry_run:
        session.flush()
    return result
