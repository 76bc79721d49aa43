"""Check questionnaire files: each file's own problems, and the trend with its previous version.

A version whose changes would silently break a trend with its previous version is refused.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from peiling.questionnaires.check import check_text
from peiling.questionnaires.comparability import comparability_problems
from peiling.questionnaires.definition import Questionnaire
from peiling.questionnaires.parse import parse_questionnaire
from peiling.questionnaires.problems import Problem


def trend_problems(older: Questionnaire, newer: Questionnaire, filename: str) -> list[Problem]:
    """Return a problem, at the question's line, for each change that would break a trend."""
    lines = {q.key: q.line for q in newer.questions()}
    lines.update({d.key: d.line for d in newer.dropped})
    result = []
    for storage_key, message in comparability_problems(older, newer):
        key = storage_key.split(".", 1)[0]
        line = lines.get(key) or None
        where = f" (compared with {older.version})"
        result.append(Problem(filename, line, storage_key, message + where))
    return list(dict.fromkeys(result))


def previous_beside(path: str | Path, newer: Questionnaire) -> Path | None:
    """Return the file beside path that holds newer's previous version, or None."""
    if not newer.previous_version:
        return None
    path = Path(path)
    for candidate in sorted(path.parent.glob("*.y*ml")):
        if candidate.resolve() == path.resolve():
            continue
        try:
            head = yaml.safe_load(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if (
            isinstance(head, dict)
            and head.get("survey") == newer.survey
            and str(head.get("version")) == newer.previous_version
        ):
            return candidate
    return None


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
