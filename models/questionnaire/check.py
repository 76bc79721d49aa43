"""Check a questionnaire file and report every problem at once, each with its line and key."""

from __future__ import annotations

from pathlib import Path

from models.questionnaire.condition_rules import condition_problems
from models.questionnaire.problems import Problem
from models.questionnaire.rules import Rules
from models.questionnaire.schema import schema_problems
from models.questionnaire.source import Source, read_source
from models.questionnaire.text_rules import text_problems
from models.questionnaire.walk import questions


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
    ]
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_order)


def check_text(text: str, filename: str = "<text>") -> list[Problem]:
    """Return every problem in a questionnaire's YAML text (empty when it is sound)."""
    return check_source(read_source(text, filename))


def check_file(path: str | Path) -> list[Problem]:
    """Return every problem in a questionnaire file, including one when it cannot be read."""
    text, problem = read_file(path)
    if problem is not None:
        return [problem]
    return check_text(text, str(path))


def read_file(path: str | Path) -> tuple[str, Problem | None]:
    """Read a questionnaire file as UTF-8; return its text, or a problem saying why not."""
    try:
        return Path(path).read_text(encoding="utf-8"), None
    except FileNotFoundError:
        return "", Problem(str(path), None, "", "file not found")
    except UnicodeDecodeError as exc:
        return "", Problem(str(path), None, "", f"not UTF-8 text ({exc.reason})")
    except OSError as exc:
        return "", Problem(str(path), None, "", f"cannot read the file: {exc.strerror}")


def _order(problem: Problem) -> int:
    return problem.line or 0
