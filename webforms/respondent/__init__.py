"""The respondent side: personal links, the questionnaire pages, review and submit."""

from peiling.webforms.respondent import errors, finish, links, pages, routes  # noqa: F401 (routes)
from peiling.webforms.respondent.blueprint import bp

__all__ = ["bp"]
