"""Which questions each response was shown, computed once per distinct set of deciding answers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from models.questionnaire.conditions import visible_questions


def condition_keys(questionnaire) -> list[str]:
    """Return the storage keys that any page or question condition looks at."""
    found: list[str] = []
    for page in questionnaire.pages:
        found.extend(_keys(page.show_if))
        for question in page.questions:
            found.extend(_keys(question.show_if))
    return list(dict.fromkeys(found))


def _keys(condition: Mapping[str, Any] | None) -> Iterator[str]:
    if not condition:
        return
    for part in ("all", "any"):
        for item in condition.get(part, []):
            yield from _keys(item)
    if "not" in condition:
        yield from _keys(condition["not"])
    if "question" in condition:
        yield condition["question"]


def visible_mask(answers: pd.DataFrame, questionnaire) -> pd.DataFrame:
    """Return a boolean frame (responses x question keys): was the question shown?"""
    questions = [q.key for q in questionnaire.questions()]
    keys = [k for k in condition_keys(questionnaire) if k in answers.columns]
    if not keys:
        return pd.DataFrame(True, index=answers.index, columns=questions)
    columns = [[_hashable(v) for v in answers[key].tolist()] for key in keys]
    signature = pd.Series(list(zip(*columns, strict=True)), index=answers.index, dtype=object)
    codes, uniques = pd.factorize(signature)
    table = np.zeros((len(uniques), len(questions)), dtype=bool)
    position = {key: i for i, key in enumerate(questions)}
    for row, values in enumerate(uniques):
        given = {k: _plain(v) for k, v in zip(keys, values, strict=True) if v is not None}
        for question in visible_questions(questionnaire, given):
            table[row, position[question.key]] = True
    return pd.DataFrame(table[codes], index=answers.index, columns=questions)


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
