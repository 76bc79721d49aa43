"""Municipal mergers: report earlier waves on today's division, or as they were."""

from __future__ import annotations

from datetime import date

import pandas as pd

from peiling.cleaning.dataset import CleaningNote, RuleReport, size_classes
from peiling.cleaning.rules import rule_report

ORG_COLUMNS = ["code", "name", "province", "safety_region", "population"]


def current_ids(organisations: pd.DataFrame, on: date) -> pd.Series:
    """Return, per organisation id, the id of the organisation it belongs to on a day.

    A municipality that was dissolved on or before that day belongs to its successor, and so
    on along the chain of successors (a merger of a merger).
    """
    by_id = organisations.set_index("organisation_id")
    successor = by_id["successor_id"]
    until = pd.to_datetime(by_id["valid_until"], errors="coerce")
    effective = successor.notna() & until.notna() & (until <= pd.Timestamp(on))
    step = {int(k): int(v) for k, v in successor[effective].items()}
    result = {}
    for org in by_id.index:
        current, seen = int(org), {int(org)}
        while current in step and step[current] not in seen:
            current = step[current]
            seen.add(current)
        result[int(org)] = current
    return pd.Series(result, dtype="int64")


def add_division(
    meta: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    division: str,
    on: date,
    successors: pd.Series | None = None,
) -> tuple[pd.DataFrame, RuleReport, list[CleaningNote]]:
    """Add the organisation columns: as it was, and current (successor) or historical.

    successors is current_ids(organisations, on), when the caller has it already.
    """
    by_id = organisations.set_index("organisation_id")
    own = meta["organisation_id"]
    meta["organisation_code"] = own.map(by_id["code"])
    meta["organisation_name"] = own.map(by_id["name"])
    if division == "current":
        if successors is None:
            successors = current_ids(organisations, on)
        current = own.map(successors)
    else:
        current = own
    for column in ("province", "safety_region", "population"):
        meta[column] = current.map(by_id[column])
    meta["current_code"] = current.map(by_id["code"])
    meta["current_name"] = current.map(by_id["name"])
    populations = meta["population"].dropna().unique()
    classes = dict(zip(populations, size_classes(populations), strict=True))
    meta["size_class"] = meta["population"].map(classes)
    moved = meta["current_code"] != meta["organisation_code"]
    report = rule_report("mergers", None if division == "current" else "mergers_historical")
    report.responses = int(moved.sum())
    notes = []
    if moved.any():
        pairs = meta.loc[moved, ["organisation_name", "current_name"]].drop_duplicates()
        listed = "; ".join(f"{a} -> {b}" for a, b in sorted(pairs.itertuples(index=False)))
        values = {"responses": int(moved.sum()), "municipalities": len(pairs), "listed": listed}
        notes.append(CleaningNote("merged_one" if len(pairs) == 1 else "merged", values))
    return meta, report, notes
