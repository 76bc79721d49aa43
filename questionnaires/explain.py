"""Conditions in words, for the printed questionnaire: "Alleen als u bij ... 'Ja' koos"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peiling.questionnaires.definition import Questionnaire

WORDS = {
    "nl": {
        "only": "Alleen als {condition}.",
        "page": "Deze pagina alleen als {condition}.",
        "equals": "u bij {q} {v} antwoordde",
        "in": "u bij {q} een van {v} antwoordde",
        "contains": "u bij {q} {v} koos",
        "gte": "u bij {q} {v} of hoger antwoordde",
        "lte": "u bij {q} {v} of lager antwoordde",
        "answered": "u {q} beantwoordde",
        "not_answered": "u {q} niet beantwoordde",
        "and": " en ",
        "or": " of ",
        "not": "niet: {condition}",
    },
    "en": {
        "only": "Only if {condition}.",
        "page": "This page only if {condition}.",
        "equals": "you answered {v} to {q}",
        "in": "you answered one of {v} to {q}",
        "contains": "you chose {v} at {q}",
        "gte": "you answered {v} or higher to {q}",
        "lte": "you answered {v} or lower to {q}",
        "answered": "you answered {q}",
        "not_answered": "you did not answer {q}",
        "and": " and ",
        "or": " or ",
        "not": "not: {condition}",
    },
}


def _text(value: Any, lang: str) -> str:
    return value.get(lang) if hasattr(value, "get") else str(value)


def _subject(questionnaire: Questionnaire, key: str, lang: str) -> tuple[str, Any]:
    """Return the quoted question (and row) a condition names, and the question."""
    question = questionnaire.question_for_storage_key(key)
    name = _text(question.text, lang)
    if "." in key:
        row = question.row(key.split(".", 1)[1])
        name = f"{name} – {_text(row.text, lang)}" if row else name
    return f"‘{name}’", question


def _value(question, value: Any, lang: str) -> str:
    option = question.option(value) if question.is_choice and isinstance(value, int) else None
    return f"‘{_text(option.label, lang)}’" if option else f"‘{value}’"


def describe(condition: Mapping[str, Any], questionnaire: Questionnaire, lang: str) -> str:
    """Return a condition as a clause in a language, e.g. "u bij ‘Domein’ ‘Sociaal’ antwoordde"."""
    words = WORDS.get(lang, WORDS["nl"])
    if "all" in condition or "any" in condition:
        joiner = words["and"] if "all" in condition else words["or"]
        parts = condition.get("all") or condition.get("any")
        return joiner.join(describe(c, questionnaire, lang) for c in parts)
    if "not" in condition:
        return words["not"].format(condition=describe(condition["not"], questionnaire, lang))
    q, question = _subject(questionnaire, condition["question"], lang)
    for test in ("equals", "contains", "gte", "lte"):
        if test in condition:
            return words[test].format(q=q, v=_value(question, condition[test], lang))
    if "in" in condition:
        values = ", ".join(_value(question, v, lang) for v in condition["in"])
        return words["in"].format(q=q, v=values)
    return words["answered" if condition.get("answered", True) else "not_answered"].format(q=q)


def explain(condition, questionnaire: Questionnaire, lang: str, page: bool = False) -> str:
    """Return the sentence shown beside a conditional question or page ('' when unconditional)."""
    if not condition:
        return ""
    words = WORDS.get(lang, WORDS["nl"])
    return words["page" if page else "only"].format(
        condition=describe(condition, questionnaire, lang)
    )
