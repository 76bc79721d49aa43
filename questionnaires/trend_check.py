"""Refuse a version whose changes would silently break a trend with its previous version."""

from __future__ import annotations

from pathlib import Path

import yaml

from peiling.questionnaires.comparability import comparability_problems
from peiling.questionnaires.definition import Questionnaire
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
