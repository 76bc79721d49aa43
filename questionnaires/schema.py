"""Validate questionnaire data against questionnaires/schema.json; report errors by line."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from peiling.questionnaires.problems import Problem
from peiling.questionnaires.shipped import SCHEMA
from peiling.questionnaires.source import Source

TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of names to values",
}
PATTERN_WORDS = {
    "^[a-z][a-z0-9_]*$": "a lowercase letter, then lowercase letters, digits or _",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase letters and digits, joined by single dashes",
    "^[a-z]{2}$": "a two-letter language code such as nl or en",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD",
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": "letters, digits, '.', '_' or '-'",
    "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?$": "a question key, or 'question.row' for a matrix row",
}
CONDITION_FIELDS = ("question", "equals", "in", "contains", "gte", "lte", "answered")
CONDITION_FIELDS += ("all", "any", "not")
YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


@lru_cache(maxsize=1)
def schema() -> dict:
    """Return the questionnaire JSON Schema."""
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def schema_problems(source: Source) -> list[Problem]:
    """Return a problem for every place where the data breaks the schema."""
    problems = []
    for error in _validator().iter_errors(source.data):
        problems.extend(_problems(source, error))
    return problems


def _problems(source: Source, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return [source.problem((*path, k), f"unknown field '{k}'") for k in extra]
    if error.validator == "propertyNames":
        return [source.problem((*path, error.instance), _message(source, error, path))]
    if error.validator == "oneOf" and error.context:
        return _one_of_problems(source, error, path)
    return [source.problem(path, _message(source, error, path))]


def _one_of_problems(source: Source, error: ValidationError, path: tuple) -> list[Problem]:
    """Report the errors of the branch the data meant: the one whose required fields it has."""
    branches: dict[int, list[ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    for inner_errors in branches.values():
        if not any(
            e.validator == "required" and e.absolute_path == error.absolute_path
            for e in inner_errors
        ):
            return [p for inner in inner_errors for p in _problems(source, inner)]
    if isinstance(error.instance, dict):
        known = set(CONDITION_FIELDS)
        extra = [k for k in error.instance if k not in known]
        if extra:
            return [source.problem((*path, k), f"unknown field '{k}'") for k in extra]
    return [source.problem(path, "a condition needs a question and a test, or all, any or not")]


def _message(source: Source, error: ValidationError, path: tuple) -> str:
    name = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "this item"
    name = name if path else "the file"
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        return f"missing field '{missing.group(1)}'" if missing else error.message
    if kind == "type":
        return _type_message(source, error, path, name)
    if kind == "enum":
        choices = ", ".join(str(v) for v in error.validator_value)
        return f"{name} is {value!r}; it must be one of: {choices}"
    if kind == "pattern":
        words = PATTERN_WORDS.get(error.validator_value, f"the pattern {error.validator_value}")
        return f"{name} is {value!r}; write {words}"
    if kind == "propertyNames":
        inner = best_match(error.context) if error.context else None
        words = PATTERN_WORDS.get(inner.validator_value, "") if inner is not None else ""
        return f"name {value!r} is not allowed" + (f"; write {words}" if words else "")
    if kind == "contains":
        return f"{name} must include {error.validator_value.get('const')}"
    if kind == "minProperties" and isinstance(value, dict) and "question" in value:
        return "a condition needs a test: one of equals, in, contains, gte, lte, answered"
    if kind in ("minItems", "minProperties"):
        return f"{name} must not be empty"
    if kind == "maxProperties":
        return "a condition tests one thing: use one of equals, in, contains, gte, lte, answered"
    if kind in ("minimum", "maximum"):
        word = "at least" if kind == "minimum" else "at most"
        return f"{name} is {value}; it must be {word} {error.validator_value}"
    if kind == "maxLength":
        return f"{name} is longer than {error.validator_value} characters"
    if kind == "uniqueItems":
        return f"{name} lists an item twice"
    return error.message


def _type_message(source: Source, error: ValidationError, path: tuple, name: str) -> str:
    wanted = error.validator_value
    wanted = wanted if isinstance(wanted, list) else [wanted]
    words = " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
    raw = source.raw.get(path)
    message = f"{name} must be {words}"
    if "string" in wanted and raw is not None:
        hint = " (YAML reads it as a boolean)" if raw.lower() in YAML_WORDS else ""
        return f"{message}; put {raw} in quotes{hint}"
    return message
