"""Check that every text is given in Dutch, and in each other language the file declares."""

from __future__ import annotations

from typing import Any

from peiling.questionnaires.problems import Problem
from peiling.questionnaires.source import DataPath, Source
from peiling.questionnaires.walk import as_dict, as_list

TEXT_FIELDS = {"title", "intro", "text", "help", "label"}
LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}


def text_problems(source: Source) -> list[Problem]:
    """Return a problem for every text that lacks a declared language or has an undeclared one."""
    declared = [x for x in as_list(as_dict(source.data).get("languages")) if isinstance(x, str)]
    languages = ["nl", *[x for x in declared if x != "nl"]]
    problems = []
    for path, parent, text in _texts(source.data, ()):
        where = _where(path, parent)
        for lang in languages:
            value = text.get(lang, "")
            if isinstance(value, str) and not value.strip():  # other values: the schema says
                name = LANGUAGE_NAMES.get(lang, lang)
                at = (*path, lang) if lang in text else path
                problems.append(source.problem(at, f"missing {name} text ({lang}) in {where}"))
        for lang in text:
            if lang not in languages:
                message = f"{where} has text in '{lang}', which is not listed under languages"
                problems.append(source.problem((*path, lang), message))
    return problems


def _texts(data: Any, path: DataPath):
    """Yield (path, parent mapping, text mapping) for every text field in the data."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TEXT_FIELDS and isinstance(value, dict) and _is_text_owner(path):
                yield (*path, key), data, value
            else:
                yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _texts(item, (*path, i))


def _is_text_owner(path: DataPath) -> bool:
    """Tell whether a mapping at this path has text fields (not a condition or a text itself)."""
    return "show_if" not in path


def _where(path: DataPath, parent: dict) -> str:
    field = path[-1]
    container = path[-3] if len(path) >= 3 else None
    if field == "label" and container in ("options", "missing"):
        return f"the label of option {parent.get('code')}"
    if field == "text" and container == "rows":
        return f"the text of row '{parent.get('key')}'"
    if len(path) == 1:
        return "the questionnaire title"
    if container == "pages" and field in ("title", "intro"):
        return f"the page {field}"
    return {"text": "the question text", "help": "the help text"}.get(field, f"the {field}")
