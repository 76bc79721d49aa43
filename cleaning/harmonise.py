"""Bring a wave's answer columns to the target version's keys and codes (harmonisation maps)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cleaning.dataset import RuleReport
from models.questionnaire.harmonise import Comparability, compare_versions, compose, map_value
from peiling.errors import UserError


def comparison_chain(versions: dict[str, object], source: str, target: str):
    """Return the comparison source -> target, chained over previous_version; None if equal."""
    if source == target:
        return None
    steps = []
    current = versions[target]
    while current.version != source:
        previous = current.previous_version
        if previous is None or previous not in versions:
            raise UserError(
                f"version {target} cannot be related to {source}: the chain of "
                f"previous_version stops at {current.version}"
            )
        steps.append(compare_versions(versions[previous], current))
        current = versions[previous]
    result = steps.pop()
    while steps:
        result = compose(result, steps.pop())
    return result


def harmonise_frame(
    answers: pd.DataFrame, comparison: dict[str, Comparability] | None, target
) -> tuple[pd.DataFrame, RuleReport, list[str]]:
    """Return answers in the target's storage keys and codes, a report and notes."""
    report = RuleReport("harmonised", "answers mapped to the newest version's keys and codes")
    keys = target.storage_keys()
    if comparison is None:
        return answers.reindex(columns=keys), report, []
    result = {}
    touched = pd.Series(False, index=answers.index)
    notes: dict[str, str] = {}
    for key in keys:
        item = comparison.get(key)
        if item is None or not item.carries_over or item.previous_key not in answers.columns:
            result[key] = pd.Series(np.nan, index=answers.index, dtype=object)
            continue
        column = answers[item.previous_key]
        mapped = _map(column, item.code_map)
        changed = column.notna() & ~_equal(column, mapped)
        if item.previous_key != key:
            changed |= column.notna()
        report.answers += int(changed.sum())
        touched |= changed
        result[key] = mapped
        if item.status != "same":
            question = key.split(".", 1)[0]
            notes[question] = f"{question}: {item.status}" + (
                f" - {item.note}" if item.note else ""
            )
    for item in comparison.values():
        if not item.carries_over and item.previous_key in answers.columns:
            lost = answers[item.previous_key].notna()
            report.answers += int(lost.sum())
            touched |= lost
            if lost.any():
                question = item.previous_key.split(".", 1)[0]
                notes[question] = f"{question}: {item.status}, earlier answers left out"
    report.responses = int(touched.sum())
    return pd.DataFrame(result, index=answers.index), report, list(notes.values())


def _map(column: pd.Series, code_map) -> pd.Series:
    if not code_map:
        return column
    if any(isinstance(v, list) for v in column.tolist()):
        return column.map(lambda v: map_value(v, code_map) or np.nan, na_action="ignore")
    known = column.isin(list(code_map))
    mapped = column.map(code_map).astype("float64")
    return mapped.where(known | column.isna(), column)


def _equal(a: pd.Series, b: pd.Series) -> pd.Series:
    return pd.Series(
        [
            x == y if not isinstance(x, float) or not np.isnan(x) else False
            for x, y in zip(a, b, strict=True)
        ],
        index=a.index,
    )
