"""Plain pages for errors: link not valid (404), too many attempts (429), expired form (400),
database unreachable (503, with the posted fields kept in a form to send again).
"""

from __future__ import annotations

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from peiling.webforms.respondent.blueprint import bp
from peiling.webforms.respondent.recovery import NOT_ANSWERS, csrf_failed


@bp.app_errorhandler(404)
def not_found(_error):
    """Show the same plain page for any unknown address or link."""
    return render_template("not_found.html"), 404


@bp.app_errorhandler(405)
def not_allowed(_error):
    """Show the plain page for a method the address does not take."""
    return render_template("not_found.html"), 405


@bp.app_errorhandler(CSRFError)
def expired_form(error):
    """Recover from an expired or missing CSRF token without losing the typed answers."""
    return csrf_failed(error)


@bp.app_errorhandler(OperationalError)
def database_unavailable(_error):
    """Say the database is briefly unreachable; a POST's fields come back in a retry form."""
    fields = list(request.form.items(multi=True)) if request.method == "POST" else []
    typed = [value for name, value in fields if name not in NOT_ANSWERS and value.strip()]
    page = render_template("unavailable.html", fields=fields, typed=typed)
    return page, 503, {"Retry-After": "60"}
