"""The respondent side: personal links, the questionnaire pages, review and submit."""

from flask import Blueprint

bp = Blueprint("respondent", __name__)

from peiling.webforms.respondent import errors, finish, links, pages, routes  # noqa: E402, F401
