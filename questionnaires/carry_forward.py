"""Last year's facts: the answers a carried-forward question shows to confirm, and the outcome.

A question marked ``carried_forward`` (see FORMAT.md) shows in the next wave the answer its
municipality submitted in the previous wave, carried into this version's keys and codes by the
``change:`` maps. Whether the answer given now confirms it, changes it or is new is decided here
too, for the cleaned data and the export.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from peiling.questionnaires.comparability import compare_versions, harmonise_answers

CONFIRMED = "confirmed"
CHANGED = "changed"
NEW = "new"
OUTCOMES = (CONFIRMED, CHANGED, NEW)
STATUS_SUFFIX = "_carried"  # cleaned-data column beside a carried-forward answer


def carried_keys(questionnaire) -> list[str]:
    """Return the storage keys of the questions marked carried_forward, in order."""
    return [key for q in questionnaire.questions() if q.carried_forward for key in q.storage_keys()]


def status_column(storage_key: str) -> str:
    """Return the name of the column that records a carried-forward answer's outcome."""
    return f"{storage_key.replace('.', '_')}{STATUS_SUFFIX}"


def last_year_answers(
    previous: Iterable[Mapping[str, Any]], older, newer, comparison=None
) -> dict[str, Any]:
    """Return, per carried-forward key of newer, the value last year's answers agree on.

    previous holds the answer dicts of the municipality's submitted responses of the previous
    wave (in older's keys and codes; several after a merger or when each contact answered);
    comparison relates older to newer (None when they are the same version). A key whose
    answers differ, or that none answered, is left out: there is nothing to confirm.
    """
    keys = carried_keys(newer)
    if not keys:
        return {}
    same = older is newer or older.version == newer.version
    if not same:  # only the carried keys are needed: harmonise just those
        comparison = comparison if comparison is not None else compare_versions(older, newer)
        comparison = {key: comparison[key] for key in keys if key in comparison}
    carried = []
    for answers in previous:
        if same:
            carried.append(dict(answers))
        else:
            carried.append(harmonise_answers(dict(answers), older, newer, comparison))
    result = {}
    for key in keys:
        values = [a[key] for a in carried if a.get(key) not in (None, "", [])]
        if values and all(v == values[0] for v in values):
            result[key] = values[0]
    return result


def carry_outcome(value: Any, last_year: Any) -> str | None:
    """Return confirmed, changed or new for an answer given last year's (None: unanswered)."""
    if value is None or (isinstance(value, str | list) and not value):
        return None
    if last_year is None:
        return NEW
    return CONFIRMED if value == last_year else CHANGED
