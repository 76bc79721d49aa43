"""Checks of the change declarations within one file (see FORMAT.md, 'Changes between versions').

What needs the previous version too (a code that changed meaning, a reused key) is checked by
questionnaires/file_check.py against that version's file.
"""

from __future__ import annotations

from peiling.questionnaires.problems import Problem
from peiling.questionnaires.source import Source
from peiling.questionnaires.walk import RawQuestion, as_dict, as_list

MAPPED = ("recoded", "rescaled")


def change_problems(source: Source, raw_questions: list[RawQuestion]) -> list[Problem]:
    """Return the problems of the change declarations that this file alone can show."""
    data = as_dict(source.data)
    problems = []
    has_previous = bool(data.get("previous_version"))
    if data.get("dropped") and not has_previous:
        problems.append(source.problem(("dropped",), "dropped needs previous_version"))
    for question in raw_questions:
        change = question.data.get("change")
        if not isinstance(change, dict):
            continue
        path = question.path + ("change",)
        if not has_previous:
            problems.append(source.problem(path, "change needs previous_version"))
        problems.extend(_question(source, question, change, path))
    return problems


def _question(source: Source, question: RawQuestion, change: dict, path) -> list[Problem]:
    problems = []
    status = change.get("status")
    code_map = change.get("code_map")
    if status in MAPPED and code_map is None:
        what = "scale" if status == "rescaled" else "options"
        message = f"status {status} needs a code_map from the previous {what} to this one"
        problems.append(source.problem(path, message))
    if code_map is not None and status not in MAPPED:
        message = f"a code_map needs status recoded or rescaled, not {status}"
        problems.append(source.problem(path + ("code_map",), message))
    if code_map is not None and question.type not in (None, *_CHOICE):
        message = f"a {question.type} question has no codes to map"
        problems.append(source.problem(path + ("code_map",), message))
    codes = question.codes()
    for old, new in as_dict(code_map).items():
        if not _is_code(old):
            message = f"code_map key {old!r} is not a whole number (an option code)"
            problems.append(source.problem(path + ("code_map",), message))
        if isinstance(new, int) and codes and new not in codes:
            message = f"code_map maps {old} to {new}, which is not an option code of this question"
            problems.append(source.problem(path + ("code_map",), message))
    row_map = change.get("row_map")
    if row_map is not None:
        if question.type != "matrix":
            problems.append(source.problem(path + ("row_map",), "row_map applies to matrix only"))
        rows = question.row_keys()
        for row in as_dict(row_map):
            if rows and row not in rows:
                message = f"row_map names row {row!r}, which this question does not have"
                problems.append(source.problem(path + ("row_map",), message))
    if status == "new" and (change.get("previous_key") or code_map is not None):
        message = "a new question has no previous_key or code_map"
        problems.append(source.problem(path, message))
    return problems


def _is_code(value) -> bool:
    """Tell whether a code_map key is a whole number (YAML keys arrive as text)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or str(value).lstrip("-").isdigit()


_CHOICE = ("single_choice", "multiple_choice", "likert", "matrix", "ranking")


def dropped_keys(source: Source) -> list[str]:
    """Return the keys listed under dropped."""
    return [as_dict(item).get("key") for item in as_list(as_dict(source.data).get("dropped"))]
