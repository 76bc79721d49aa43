"""The privacy and accessibility statements and the sender's logo, per survey."""

from __future__ import annotations

from flask import abort, render_template, send_file

from peiling.vocabulary import DEFAULT_SURVEY
from peiling.webforms.about import LOGO_TYPES, about_survey, statement
from peiling.webforms.i18n import current_language
from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.context import load_journey


def survey_key() -> str:
    """Return the survey of the respondent in the session, else the default survey."""
    journey = load_journey()
    return journey.wave.survey_key if journey is not None else DEFAULT_SURVEY


@bp.get("/privacy")
def privacy():
    """Show the privacy statement (AVG) of the respondent's survey."""
    return _statement("privacy")


@bp.get("/toegankelijkheid")
def accessibility():
    """Show the accessibility statement of the respondent's survey."""
    return _statement("toegankelijkheid")


def _statement(name: str):
    body = statement(survey_key(), name, current_language())
    return render_template("statement.html", name=name, body=body)


@bp.get("/logo")
def logo():
    """Send the logo of the respondent's survey."""
    found = about_survey(survey_key()).logo
    if found is None:
        abort(404)
    return send_file(found, mimetype=LOGO_TYPES[found.suffix], max_age=3600)
