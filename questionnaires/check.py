"""Check a questionnaire file and report every problem at once, each with its line and key."""

from __future__ import annotations

from peiling.questionnaires.change_rules import change_problems
from peiling.questionnaires.condition_rules import condition_problems
from peiling.questionnaires.problems import Problem
from peiling.questionnaires.rules import Rules
from peiling.questionnaires.schema import schema_problems
from peiling.questionnaires.source import Source, read_source
from peiling.questionnaires.text_rules import text_problems
from peiling.questionnaires.walk import questions


def check_source(source: Source) -> list[Problem]:
    """Return the problems of read source: syntax, schema, keys, types, texts, conditions."""
    if source.data is None:
        return sorted(source.problems, key=_order)
    raw_questions = questions(source.data)
    found = [
        *source.problems,
        *schema_problems(source),
        *Rules(source).run(raw_questions),
        *text_problems(source),
        *condition_problems(source, raw_questions),
        *change_problems(source, raw_questions),
    ]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_order)


def check_text(text: str, filename: str = "<text>") -> list[Problem]:
    """Return every problem in a questionnaire's YAML text (empty when it is sound)."""
    return check_source(read_source(text, filename))


def _order(problem: Problem) -> int:
    return problem.line or 0
