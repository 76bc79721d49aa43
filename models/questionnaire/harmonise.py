"""Harmonisation: bring answers of one questionnaire version to the keys and codes of another.

The public API for cleaning and exports: ``compare_versions(older, newer)`` (one
``Comparability`` per storage key of newer, plus dropped keys), ``harmonise_answers`` for one
response, ``compose`` to chain comparisons over several versions.
"""

from __future__ import annotations

from typing import Any

from models.questionnaire.comparison import (
    CARRIED,
    COMPARABLE,
    DECLARABLE,
    DROPPED,
    NEW,
    NOT_COMPARABLE,
    RECODED,
    RESCALED,
    SAME,
    STATUSES,
    Comparability,
    comparability_problems,
    compare_versions,
)

__all__ = [
    "CARRIED",
    "COMPARABLE",
    "DECLARABLE",
    "DROPPED",
    "NEW",
    "NOT_COMPARABLE",
    "RECODED",
    "RESCALED",
    "SAME",
    "STATUSES",
    "Comparability",
    "comparability_problems",
    "compare_versions",
    "compose",
    "harmonise_answers",
    "map_value",
    "summarise",
]


def harmonise_answers(answers: dict, older, newer, comparison=None) -> dict:
    """Map a response's answers in older's keys and codes to newer's keys and codes.

    Answers to dropped or not comparable questions are left out; a code mapped to None
    becomes unanswered. The input is never changed.
    """
    comparison = comparison if comparison is not None else compare_versions(older, newer)
    result = {}
    for key, item in comparison.items():
        if not item.carries_over or item.previous_key not in answers:
            continue
        value = map_value(answers[item.previous_key], item.code_map)
        if value is not None and value != []:
            result[key] = value
    return result


def map_value(value: Any, code_map: dict[int, int | None] | None) -> Any:
    """Map one answer (a code, a list of codes, or anything else) through a code map."""
    if code_map is None or value is None:
        return value
    if isinstance(value, list):
        mapped = [code_map.get(v, v) if isinstance(v, int) else v for v in value]
        seen: list = []
        for v in mapped:
            if v is not None and v not in seen:
                seen.append(v)
        return seen
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return code_map.get(value, value)


def compose(first: dict[str, Comparability], second: dict[str, Comparability]) -> dict:
    """Chain the comparisons A->B and B->C into A->C (keys of C, plus everything dropped)."""
    result: dict[str, Comparability] = {}
    for key, item in second.items():
        if item.status == DROPPED:
            result[key] = item
            continue
        if not item.carries_over:
            result[key] = item
            continue
        earlier = first.get(item.previous_key)
        if earlier is None or not earlier.carries_over:
            status = NEW if earlier is None or earlier.status == NEW else NOT_COMPARABLE
            result[key] = Comparability(status, note=(earlier.note if earlier else item.note))
            continue
        result[key] = Comparability(
            _worse(earlier.status, item.status),
            earlier.previous_key,
            _chain_maps(earlier.code_map, item.code_map),
            "; ".join(n for n in (earlier.note, item.note) if n),
        )
    for key, item in first.items():
        if item.status == DROPPED and key not in result:
            result[key] = item
    return result


def _worse(a: str, b: str) -> str:
    order = [SAME, COMPARABLE, RECODED, RESCALED]
    return order[max(order.index(a), order.index(b))]


def _chain_maps(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return {k: (b.get(v, v) if v is not None else None) for k, v in a.items()}


def summarise(comparison: dict[str, Comparability]) -> dict[str, int]:
    """Count storage keys per status."""
    counts = dict.fromkeys(STATUSES, 0)
    for item in comparison.values():
        counts[item.status] += 1
    return counts
