"""The respondent side: personal links and the questionnaire pages."""

from flask import Blueprint

bp = Blueprint("respondent", __name__)

from webforms.respondent import routes  # noqa: E402, F401
