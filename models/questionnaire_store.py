"""Store questionnaire versions in the database and read them back parsed."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from peiling.errors import UserError
from peiling.models.base import utcnow
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.models.wave import Wave
from peiling.questionnaires.definition import Questionnaire
from peiling.questionnaires.file_check import read_file
from peiling.questionnaires.parse import parse_questionnaire
from peiling.questionnaires.problems import QuestionnaireError
from peiling.questionnaires.source import checksum

_PARSED: dict[str, Questionnaire] = {}
_PARSED_LOCK = threading.Lock()
_CACHE_SIZE = 16


def load_version(session: Session, path_or_text: str | Path) -> QuestionnaireVersion:
    """Check a questionnaire file (or YAML text) and store it as its survey's version.

    Loading the same text again changes nothing. A changed text replaces the stored one only
    while no wave uses that version; otherwise it is refused.
    """
    text, filename = _read(path_or_text)
    questionnaire = _parse_once(text, checksum(text), filename)
    _refuse_broken_trends(session, questionnaire, filename)
    row = find_version(session, questionnaire.survey, questionnaire.version)
    if row is not None and row.checksum == questionnaire.checksum:
        return row
    if row is not None:
        waves = session.scalars(
            select(Wave.label).where(Wave.questionnaire_version_id == row.id).order_by(Wave.label)
        ).all()
        if waves:
            used_by = ", ".join(waves)
            raise UserError(
                f"version {row.version} of {row.survey_key} is used by wave {used_by}; "
                "give the changed file a new version"
            )
    else:
        row = QuestionnaireVersion(survey_key=questionnaire.survey, version=questionnaire.version)
        session.add(row)
    row.title = questionnaire.title.get("nl")[:300]
    row.source_text = text
    row.checksum = questionnaire.checksum
    row.loaded_at = utcnow()
    session.flush()
    return row


def _refuse_broken_trends(session: Session, questionnaire: Questionnaire, filename: str) -> None:
    """Refuse a version whose changes break a trend with its stored previous version."""
    from peiling.questionnaires.file_check import trend_problems

    if not questionnaire.previous_version:
        return
    previous = find_version(session, questionnaire.survey, questionnaire.previous_version)
    if previous is None:
        return
    problems = trend_problems(parsed(previous), questionnaire, filename)
    if problems:
        raise QuestionnaireError(filename, problems)


def find_version(session: Session, survey_key: str, version: str) -> QuestionnaireVersion | None:
    """Return a stored version of a survey, or None."""
    return session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.survey_key == survey_key, QuestionnaireVersion.version == version
        )
    )


def latest_version(session: Session, survey_key: str) -> QuestionnaireVersion | None:
    """Return a survey's highest version (compared number by number, e.g. 2026 > 2025b > 2025)."""
    rows = session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.survey_key == survey_key)
    ).all()
    return max(rows, key=lambda row: _version_order(row.version), default=None)


def survey_versions(session: Session, survey_key: str) -> dict[str, Questionnaire]:
    """Return every stored version of a survey, parsed, by version name."""
    rows = session.scalars(
        select(QuestionnaireVersion).where(QuestionnaireVersion.survey_key == survey_key)
    ).all()
    return {row.version: parsed(row) for row in rows}


def get_questionnaire(session: Session, version_id: int) -> Questionnaire:
    """Return a stored version parsed; parses are shared by checksum, so treat them as read-only."""
    row = session.get(QuestionnaireVersion, version_id)
    if row is None:
        raise UserError(f"no questionnaire version with id {version_id}")
    return parsed(row)


def parsed(row: QuestionnaireVersion) -> Questionnaire:
    """Return a stored version's questionnaire, parsing it once per checksum."""
    return _parse_once(row.source_text, row.checksum, f"{row.survey_key} version {row.version}")


def _parse_once(text: str, text_checksum: str, filename: str) -> Questionnaire:
    """Parse a questionnaire text once per checksum (a stored version, or a file loaded again).

    A text that does not parse is not kept: it raises again, naming the file it came from.
    """
    with _PARSED_LOCK:
        questionnaire = _PARSED.get(text_checksum)
        if questionnaire is None:
            questionnaire = parse_questionnaire(text, filename)
            if len(_PARSED) >= _CACHE_SIZE:
                _PARSED.pop(next(iter(_PARSED)))
            _PARSED[text_checksum] = questionnaire
        return questionnaire


def _read(path_or_text: str | Path) -> tuple[str, str]:
    """Return (text, filename) for a path, or for YAML text given directly."""
    if isinstance(path_or_text, str) and not _looks_like_path(path_or_text):
        return path_or_text, "<text>"
    text, problem = read_file(path_or_text)
    if problem is not None:
        raise UserError(str(problem))
    return text, str(path_or_text)


def _looks_like_path(value: str) -> bool:
    if "\n" in value:
        return False
    if value.endswith((".yaml", ".yml")):
        return True
    try:
        return Path(value).is_file()
    except OSError:  # e.g. a name too long to be a path: it is text
        return False


def _version_order(version: str) -> tuple:
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", version)
    )


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
