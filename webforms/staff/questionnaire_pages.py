"""Questionnaire versions in the staff area: the stored versions and `questionnaire diff`."""

from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select

from peiling.models.questionnaire_store import get_questionnaire
from peiling.models.questionnaire_version import QuestionnaireVersion
from peiling.questionnaires.diff_report import diff_lines
from peiling.webforms.database import get_session
from peiling.webforms.staff.access import ADMIN, allow
from peiling.webforms.staff.blueprint import bp


@bp.get("/vragenlijsten")
@allow(*ADMIN)
def questionnaires():
    """Every stored questionnaire version, each with a link to its changes since the one before."""
    rows = (
        get_session()
        .scalars(
            select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.survey_key, QuestionnaireVersion.loaded_at
            )
        )
        .all()
    )
    previous: dict[str, QuestionnaireVersion] = {}
    listed = []
    for row in rows:
        listed.append((row, previous.get(row.survey_key)))
        previous[row.survey_key] = row
    return render_template("staff/questionnaires.html", rows=listed)


@bp.get("/vragenlijsten/<int:old_id>/<int:new_id>")
@allow(*ADMIN)
def questionnaire_diff(old_id: int, new_id: int):
    """How each question of the newer version compares with the older (`questionnaire diff`)."""
    db = get_session()
    old, new = db.get(QuestionnaireVersion, old_id), db.get(QuestionnaireVersion, new_id)
    if old is None or new is None or old.survey_key != new.survey_key:
        abort(404)
    lines, problems = diff_lines(get_questionnaire(db, old.id), get_questionnaire(db, new.id))
    return render_template(
        "staff/questionnaire_diff.html", old=old, new=new, lines=lines, problems=problems
    )
