"""The respondent side: personal links, the questionnaire pages, review and submit."""

from peiling.webforms.respondent import (  # noqa: F401 (routes)
    errors,
    finish,
    forwarding,
    links,
    pages,
    printing,
    routes,
    shared,
    statements,
)
from peiling.webforms.respondent.blueprint import bp

__all__ = ["bp"]
