"""Check a questionnaire file and report every problem at once, each with its line and key."""

from __future__ import annotations

from pathlib import Path

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


def check_file(path: str | Path, previous: str | Path | None = None) -> list[Problem]:
    """Return every problem in a questionnaire file, including one when it cannot be read.

    A version that names a previous_version is also compared with that version (the file
    given as previous, else the one beside it): changes that would silently break a trend
    are problems too.
    """
    text, problem = read_file(path)
    if problem is not None:
        return [problem]
    problems = check_text(text, str(path))
    if problems:
        return problems
    return _trend(text, str(path), previous)


def _trend(text: str, filename: str, previous: str | Path | None) -> list[Problem]:
    from peiling.questionnaires.parse import parse_questionnaire
    from peiling.questionnaires.trend_check import previous_beside, trend_problems

    newer = parse_questionnaire(text, filename)
    if not newer.previous_version:
        return []
    previous = previous or previous_beside(filename, newer)
    if previous is None:
        return []
    old_text, problem = read_file(previous)
    if problem is not None:
        return [problem]
    old_problems = check_text(old_text, str(previous))
    if old_problems:
        return old_problems
    older = parse_questionnaire(old_text, str(previous))
    if older.survey != newer.survey or older.version != newer.previous_version:
        message = (
            f"{previous} is {older.survey} version {older.version}, not the previous version "
            f"{newer.previous_version}"
        )
        return [Problem(filename, None, "previous_version", message)]
    return trend_problems(older, newer, filename)


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
