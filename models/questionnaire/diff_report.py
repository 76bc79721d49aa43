"""The comparability report of two questionnaire versions, one line per answer item."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.questionnaire.check import read_file
from models.questionnaire.definition import Questionnaire
from models.questionnaire.harmonise import (
    STATUSES,
    comparability_problems,
    compare_versions,
    summarise,
)
from models.questionnaire.parse import parse_questionnaire
from models.questionnaire.store import find_version, parsed
from models.questionnaire_version import QuestionnaireVersion
from peiling.errors import UserError

LABELS = {
    "same": "same",
    "comparable": "comparable",
    "recoded": "recoded",
    "rescaled": "rescaled",
    "not_comparable": "NOT comparable",
    "new": "new",
    "dropped": "dropped",
}


def resolve(session: Session | None, name: str, survey: str | None) -> Questionnaire:
    """Return the questionnaire of a file path, or of a stored version of a survey."""
    path = Path(name)
    if path.is_file():
        text, problem = read_file(path)
        if problem is not None:
            raise UserError(str(problem))
        return parse_questionnaire(text, str(path))
    if session is None:
        raise UserError(f"{name} is not a file")
    if survey is None:
        rows = session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.version == name)
        ).all()
        if len(rows) == 1:
            return parsed(rows[0])
        if not rows:
            raise UserError(f"{name} is neither a file nor a stored version")
        surveys = ", ".join(sorted(r.survey_key for r in rows))
        raise UserError(f"version {name} exists in several surveys ({surveys}); give --survey")
    row = find_version(session, survey, name)
    if row is None:
        raise UserError(f"{name} is neither a file nor a stored version of {survey}")
    return parsed(row)


def diff_lines(older: Questionnaire, newer: Questionnaire) -> tuple[list[str], list]:
    """Return the report's lines and the problems that would break a trend."""
    comparison = compare_versions(older, newer)
    width = max((len(k) for k in comparison), default=10)
    lines = [
        f"{newer.survey}: {older.version} -> {newer.version}",
        "",
        f"{'item'.ljust(width)}  {'status'.ljust(22)}  {'from'.ljust(width)}  codes / note",
    ]
    for key, item in comparison.items():
        status = LABELS[item.status] + (" *" if item.inferred else "")
        source = item.previous_key if item.previous_key and item.previous_key != key else ""
        detail = []
        if item.code_map:
            detail.append(_codes(item.code_map))
        if item.note:
            detail.append(item.note)
        lines.append(
            f"{key.ljust(width)}  {status.ljust(22)}  {source.ljust(width)}  {'; '.join(detail)}"
        )
    counts = summarise(comparison)
    lines += [
        "",
        ", ".join(f"{counts[s]} {LABELS[s]}" for s in STATUSES if counts[s]),
        "* inferred (not declared in the file)",
    ]
    return lines, comparability_problems(older, newer)


def _codes(code_map) -> str:
    return " ".join(f"{k}->{'-' if v is None else v}" for k, v in sorted(code_map.items()))
