"""Problems found in an import file, each with its file, row and column, and the import result."""

from __future__ import annotations

from dataclasses import dataclass, field

from peiling.errors import UserError


@dataclass(frozen=True)
class Problem:
    """One problem in an import file; row counts as a spreadsheet does (the header is row 1)."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ImportErrors(UserError):
    """An import file has problems and nothing was imported; details lists every one of them."""

    def __init__(self, filename: str, problems: list[Problem]):
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(f"{filename}: {count}, nothing imported", [str(p) for p in problems])
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """One row that adds or changes a record: where it is, what it is, and what changes."""

    row: int
    what: str  # "added" or "updated"
    record: str  # e.g. "GM0363 Amsterdam: j.jansen@amsterdam.nl"
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, before, after)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do) to the rows of one table."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)

    def count(self, added: bool, changed: bool) -> None:
        """Count one row of the file as added, updated or unchanged."""
        if added:
            self.added += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def summary(self) -> str:
        """Return e.g. '3 added, 1 updated, 338 unchanged'."""
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
