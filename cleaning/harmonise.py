"""Bring a wave's answer columns to the target version's keys and codes (harmonisation maps)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from peiling.cleaning.dataset import CleaningNote, RuleReport
from peiling.cleaning.rules import rule_report
from peiling.questionnaires.comparability import Comparability, kept_originals, map_value


def harmonise_frame(
    answers: pd.DataFrame,
    comparison: dict[str, Comparability] | None,
    target,
    version: str | None = None,
) -> tuple[pd.DataFrame, RuleReport, list[CleaningNote]]:
    """Return answers in the target's storage keys and codes, a report and notes.

    When the wave's own version is given, the answers a code map changed or left out (and
    those of dropped questions) are kept too, in their own codes, after the target's columns
    (``key@version``, or the dropped key itself): nothing the respondent gave is lost.
    """
    report = rule_report("harmonised")
    keys = target.storage_keys()
    if comparison is None:
        return answers.reindex(columns=keys), report, []
    kept = kept_originals(comparison, version, target) if version is not None else {}
    result = {}
    touched = pd.Series(False, index=answers.index)
    notes: dict[str, CleaningNote] = {}
    for key in keys:
        item = comparison.get(key)
        if item is None or not item.carries_over or item.previous_key not in answers.columns:
            result[key] = pd.Series(np.nan, index=answers.index, dtype=object)
            continue
        column = answers[item.previous_key]
        given = column.notna()
        if item.code_map:
            mapped = _map(column, item.code_map)
            changed = given & ~_equal(column, mapped)
        else:
            mapped, changed = column, pd.Series(False, index=answers.index)
        if item.previous_key != key:
            changed = given
        report.answers += int(changed.sum())
        touched |= changed
        result[key] = mapped
        if item.status != "same":
            question = key.split(".", 1)[0]
            values = {"question": question, "status": item.status}
            if item.note:
                notes[question] = CleaningNote("harmonised_note", {**values, "note": item.note})
            else:
                notes[question] = CleaningNote("harmonised", values)
    for item in comparison.values():
        if not item.carries_over and item.previous_key in answers.columns:
            lost = answers[item.previous_key].notna()
            report.answers += int(lost.sum())
            touched |= lost
            if lost.any():
                question = item.previous_key.split(".", 1)[0]
                notes[question] = CleaningNote(
                    "left_out", {"question": question, "status": item.status}
                )
    report.responses = int(touched.sum())
    for own_key, name in kept.items():
        if own_key in answers.columns:
            result[name] = answers[own_key]
    return pd.DataFrame(result, index=answers.index), report, list(notes.values())


def _map(column: pd.Series, code_map) -> pd.Series:
    if not code_map:
        return column
    if column.dtype == object and any(isinstance(v, list) for v in column.tolist()):
        return column.map(lambda v: map_value(v, code_map) or np.nan, na_action="ignore")
    known = column.isin(list(code_map))
    mapped = column.map(code_map).astype("float64")
    return mapped.where(known | column.isna(), column)


def _equal(a: pd.Series, b: pd.Series) -> pd.Series:
    """Tell per row whether two answer columns hold the same answer (codes or lists)."""
    if a.dtype.kind in "if" and b.dtype.kind in "if":
        return (a == b) | (a.isna() & b.isna())
    return pd.Series(
        [
            x == y if isinstance(x, list) else pd.isna(x) and pd.isna(y) or x == y
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ],
        index=a.index,
        dtype=bool,
    )
