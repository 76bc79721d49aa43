"""Which questions each response was shown, computed once per distinct outcome of the tests.

Every condition is built from comparisons ("atoms") on single answers. Two responses whose
atoms all come out the same see the same questions, so each atom is evaluated once per
distinct answer value, and the questionnaire's own visible_questions() once per distinct
combination of atom outcomes - not once per response.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from peiling.questionnaires.conditions import evaluate, visible_questions


def atoms(questionnaire) -> list[Mapping[str, Any]]:
    """Return every distinct comparison used by a page or question condition."""
    found: dict[str, Mapping[str, Any]] = {}
    for page in questionnaire.pages:
        for atom in _atoms(page.show_if):
            found.setdefault(repr(sorted(atom.items())), atom)
        for question in page.questions:
            for atom in _atoms(question.show_if):
                found.setdefault(repr(sorted(atom.items())), atom)
    return list(found.values())


def condition_keys(questionnaire) -> list[str]:
    """Return the storage keys that any page or question condition looks at."""
    return list(dict.fromkeys(atom["question"] for atom in atoms(questionnaire)))


def _atoms(condition: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    if not condition:
        return
    for part in ("all", "any"):
        for item in condition.get(part, []):
            yield from _atoms(item)
    if "not" in condition:
        yield from _atoms(condition["not"])
    if "question" in condition:
        yield condition


def visible_mask(answers: pd.DataFrame, questionnaire) -> pd.DataFrame:
    """Return a boolean frame (responses x question keys): was the question shown?"""
    questions = [q.key for q in questionnaire.questions()]
    tests = [a for a in atoms(questionnaire) if a["question"] in answers.columns]
    if not tests or answers.empty:
        shown = {q.key for q in visible_questions(questionnaire, {})}
        return pd.DataFrame(
            {key: key in shown or not tests for key in questions}, index=answers.index
        )
    outcomes = np.zeros((len(answers), len(tests)), dtype=np.int8)
    values: dict[str, tuple[np.ndarray, list]] = {}
    for i, atom in enumerate(tests):
        key = atom["question"]
        if key not in values:
            values[key] = _factorised(answers[key])
        codes, uniques = values[key]
        results = np.array(
            [evaluate(atom, {}, questionnaire)]
            + [evaluate(atom, {key: v}, questionnaire) for v in uniques],
            dtype=np.int8,
        )
        outcomes[:, i] = results[codes + 1]
    _, first, inverse = np.unique(outcomes, axis=0, return_index=True, return_inverse=True)
    position = {key: i for i, key in enumerate(questions)}
    table = np.zeros((len(first), len(questions)), dtype=bool)
    keys = list(values)
    for row, index in enumerate(first):
        given = {}
        for key in keys:
            codes, uniques = values[key]
            if codes[index] >= 0:
                given[key] = uniques[codes[index]]
        for question in visible_questions(questionnaire, given):
            table[row, position[question.key]] = True
    return pd.DataFrame(table[inverse.ravel()], index=answers.index, columns=questions)


def _factorised(column: pd.Series) -> tuple[np.ndarray, list]:
    """Return (code per row, -1 when unanswered; the distinct answers) of a column."""
    if column.dtype.kind in "if":
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        return np.asarray(codes), [_number(u) for u in uniques]
    hashable = [_hashable(v) for v in column.tolist()]
    codes, uniques = pd.factorize(pd.Series(hashable, dtype=object), use_na_sentinel=True)
    return np.asarray(codes), [_plain(u) for u in uniques]


def _number(value: Any) -> Any:
    """Return a stored number as JSON gave it: whole numbers as int."""
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("__list__", *value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple) and value and value[0] == "__list__":
        return list(value[1:])
    return value
