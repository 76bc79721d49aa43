"""Evaluate show_if conditions on stored answers, and find the pages and questions shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from peiling.questionnaires.definition import Page, Question, Questionnaire


def evaluate(
    condition: Mapping[str, Any] | None,
    answers: Mapping[str, Any],
    questionnaire: Questionnaire | None = None,
) -> bool:
    """Tell whether a condition holds for answers by storage key; no condition always holds.

    An unanswered question fails every test except `answered: false`. Given the
    questionnaire, a missing code (don't know, not applicable) never passes gte or lte.
    """
    if condition is None:
        return True
    if "all" in condition:
        return all(evaluate(c, answers, questionnaire) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, answers, questionnaire) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], answers, questionnaire)
    key = condition["question"]
    value = answers.get(key)
    given = value is not None and value != "" and value != []
    if "answered" in condition:
        return given == bool(condition["answered"])
    if not given:
        return False
    if "equals" in condition:
        return value == condition["equals"]
    if "in" in condition:
        return value in condition["in"]
    if "contains" in condition:
        return isinstance(value, list) and condition["contains"] in value
    if _is_missing(questionnaire, key, value):
        return False
    try:
        if "gte" in condition:
            return value >= condition["gte"]
        if "lte" in condition:
            return value <= condition["lte"]
    except TypeError:
        return False
    raise ValueError(f"not a condition: {condition!r}")


def _is_missing(questionnaire: Questionnaire | None, key: str, value: Any) -> bool:
    if questionnaire is None or not isinstance(value, int):
        return False
    try:
        question = questionnaire.question_for_storage_key(key)
    except KeyError:
        return False
    return question.is_choice and question.is_missing_code(value)


def shown(
    questionnaire: Questionnaire, answers: Mapping[str, Any]
) -> list[tuple[Page, list[Question]]]:
    """Return each page whose condition holds, with its questions whose conditions hold.

    Answers to hidden questions count as unanswered, so they cannot make later ones show.
    """
    effective: dict[str, Any] = {}
    result = []
    for page in questionnaire.pages:
        if not evaluate(page.show_if, effective, questionnaire):
            continue
        questions = []
        for question in page.questions:
            if evaluate(question.show_if, effective, questionnaire):
                questions.append(question)
                for key in question.storage_keys():
                    if key in answers:
                        effective[key] = answers[key]
        result.append((page, questions))
    return result


def visible_pages(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Page]:
    """Return the pages shown for these answers: condition holds and a question is shown."""
    return [page for page, questions in shown(questionnaire, answers) if questions]


def visible_questions(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[Question]:
    """Return the questions shown for these answers, in order (none of a hidden page)."""
    return [q for _, questions in shown(questionnaire, answers) for q in questions]
